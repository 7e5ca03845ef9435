package io.olympus.common.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.common.db.Tenancy;
import io.olympus.common.event.Uuids;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class AuditLogTest {

  private final UUID tenantA = Uuids.v7();
  private final UUID tenantB = Uuids.v7();
  private Pool pool;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestInfra.get().truncateAll();
    pool = TestInfra.get().appPool(vertx);
  }

  @AfterEach
  void tearDown() {
    pool.close().await();
  }

  private Future<Void> appendConcurrently(UUID tenant, int count) {
    List<Future<Long>> writes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      AuditEntry entry = AuditLog.entry(tenant, "user", "u-" + i, "product.update", "product", "p-" + i,
          "{\"title\":{\"from\":\"a\",\"to\":\"b\"}}", "127.0.0.1", "req-" + i);
      writes.add(Tenancy.inTenant(pool, tenant, conn -> AuditLog.append(conn, entry)));
    }
    return Future.all(writes).mapEmpty();
  }

  private Future<AuditLog.Verification> verify(UUID tenant) {
    return Tenancy.inTenant(pool, tenant, conn -> AuditLog.verify(conn, tenant));
  }

  @Test
  void concurrentWritesFormOneIntactChain(VertxTestContext ctx) {
    appendConcurrently(tenantA, 40)
        .compose(done -> appendConcurrently(tenantB, 5))
        .compose(done -> Future.all(verify(tenantA), verify(tenantB)))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          AuditLog.Verification a = all.resultAt(0);
          AuditLog.Verification b = all.resultAt(1);
          assertThat(a.intact()).isTrue();
          assertThat(a.checked()).isEqualTo(40);
          assertThat(b.intact()).isTrue();
          assertThat(b.checked()).isEqualTo(5);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldRecordSeveralEntriesInOneStatementAsEachAloneAndLinkThemIntoAnIntactChain() {
    List<AuditEntry> entries = List.of(
        AuditLog.entry(tenantA, "user", "u-1", "order.created", "order", "o-1", "{\"total\":5}", "127.0.0.1", "req-1"),
        AuditLog.entry(tenantA, "api_key", null, "inventory.reserved", "reservation", null, "{}", null, null),
        AuditLog.entry(tenantA, "system", null, "order.updated", "order", "o-1", "{}", null, "req-3"));

    Tenancy.inTenant(pool, tenantA, conn -> AuditLog.recordAll(conn, entries)).await();
    int linked = Tenancy.inTenant(pool, tenantA, conn -> AuditLog.link(conn, tenantA, 10)).await();
    AuditLog.Verification verified = verify(tenantA).await();

    assertThat(linked).isEqualTo(3);
    assertThat(verified.intact()).isTrue();
    assertThat(verified.checked()).isEqualTo(3);
    long nulls = Tenancy.inTenant(pool, tenantA, conn -> conn.query("SELECT count(*) FROM audit_log WHERE actor_id IS NULL "
        + "AND ip IS NULL").execute().map(rows -> rows.iterator().next().getLong(0))).await();
    assertThat(nulls).isEqualTo(2);
  }

  @Test
  void shouldDetectARowAlteredDirectlyInTheDatabase(VertxTestContext ctx) {
    appendConcurrently(tenantA, 10).await();
    TestInfra.get().executeAsOwner("UPDATE audit_log SET changes = '{\"title\":\"forged\"}' "
        + "WHERE tenant_id = '" + tenantA + "' AND seq = 7");

    verify(tenantA).onComplete(ctx.succeeding(result -> ctx.verify(() -> {
      assertThat(result.intact()).isFalse();
      assertThat(result.firstBrokenSeq()).isEqualTo(7);
      assertThat(result.checked()).isEqualTo(6);
      ctx.completeNow();
    })));
  }

  @Test
  void shouldDetectDeletedEntriesInTheMiddleAndAtTheEnd(VertxTestContext ctx) {
    appendConcurrently(tenantA, 10).await();
    appendConcurrently(tenantB, 10).await();
    TestInfra.get().executeAsOwner("DELETE FROM audit_log WHERE tenant_id = '" + tenantA + "' AND seq = 4");
    TestInfra.get().executeAsOwner("DELETE FROM audit_log WHERE tenant_id = '" + tenantB + "' AND seq = 10");

    Future.all(verify(tenantA), verify(tenantB)).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
      AuditLog.Verification a = all.resultAt(0);
      AuditLog.Verification b = all.resultAt(1);
      assertThat(a.firstBrokenSeq()).isEqualTo(4);
      assertThat(b.firstBrokenSeq()).isEqualTo(10);
      assertThat(b.problem()).contains("missing");
      ctx.completeNow();
    })));
  }

  @Test
  void retentionPrunesOldEntriesAndTheKeptChainStillVerifies() {
    appendConcurrently(tenantA, 6).await();
    TestInfra.get().executeAsOwner("UPDATE audit_log SET occurred_at = occurred_at - interval '400 days' "
        + "WHERE tenant_id = '" + tenantA + "' AND seq <= 4");
    // the back-dated rows no longer match their hashes: re-chain them as if they had been written then
    rechain(tenantA);
    appendConcurrently(tenantA, 2).await();

    long removed = Tenancy.inTenant(pool, tenantA, conn -> AuditLog.prune(conn, tenantA,
        java.time.Instant.now().minus(java.time.Duration.ofDays(365)))).await();
    AuditLog.Verification after = verify(tenantA).await();
    TestInfra.get().executeAsOwner("DELETE FROM audit_log WHERE tenant_id = '" + tenantA + "' AND seq = 5");
    AuditLog.Verification tampered = verify(tenantA).await();

    assertThat(removed).isEqualTo(4);
    assertThat(after.intact()).isTrue();
    assertThat(after.checked()).isEqualTo(4);
    assertThat(tampered.firstBrokenSeq()).isEqualTo(5);
  }

  /** Recomputes the hashes of the tenant's chain in order (test set-up for back-dated entries). */
  private void rechain(UUID tenant) {
    var rows = Tenancy.inTenant(pool, tenant, conn -> conn.preparedQuery(
        "SELECT id, tenant_id, seq, prev_hash, hash, actor_type, actor_id, action, resource_type, resource_id, changes, "
            + "ip, request_id, occurred_at FROM audit_log WHERE tenant_id = $1 AND seq IS NOT NULL ORDER BY seq")
        .execute(io.vertx.sqlclient.Tuple.of(tenant))).await();
    String prev = AuditLog.GENESIS;
    for (var row : rows) {
      String hash = AuditLog.map(row).chainHash(row.getLong("seq"), prev);
      TestInfra.get().executeAsOwner("UPDATE audit_log SET prev_hash = '" + prev + "', hash = '" + hash
          + "' WHERE id = '" + row.getUUID("id") + "'");
      prev = hash;
    }
    TestInfra.get().executeAsOwner("UPDATE audit_chain_heads SET hash = '" + prev + "' WHERE tenant_id = '" + tenant + "'");
  }

  private Future<Void> recordConcurrently(UUID tenant, int count) {
    List<Future<Void>> writes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      AuditEntry entry = AuditLog.entry(tenant, "user", "u-" + i, "order.created", "order", "o-" + i,
          "{\"status\":\"open\"}", "127.0.0.1", "req-" + i);
      writes.add(Tenancy.inTenant(pool, tenant, conn -> AuditLog.record(conn, entry)));
    }
    return Future.all(writes).mapEmpty();
  }

  /** Links the tenant's entries until none is left, in short transactions; the number linked. */
  private Future<Integer> linkAll(UUID tenant) {
    return Tenancy.inTenant(pool, tenant, conn -> AuditLog.link(conn, tenant, 7))
        .compose(n -> n == 0 ? Future.succeededFuture(0) : linkAll(tenant).map(more -> n + more));
  }

  private long unlinked(UUID tenant) {
    return Tenancy.inTenant(pool, tenant, conn -> AuditLog.unlinked(conn, tenant)).await();
  }

  @Test
  void recordedEntriesJoinTheChainOfAppendedOnesWhenLinkedByConcurrentLinkers() {
    Future.all(recordConcurrently(tenantA, 30), appendConcurrently(tenantA, 10)).await();
    AuditLog.Verification beforeLinking = verify(tenantA).await();
    long waiting = unlinked(tenantA);

    // two linkers at once, and writers still appending: they take turns on the head, nothing is linked twice
    Future.all(linkAll(tenantA), linkAll(tenantA), appendConcurrently(tenantA, 5)).await();
    AuditLog.Verification after = verify(tenantA).await();
    List<Long> positions = Tenancy.inTenant(pool, tenantA, conn -> conn
        .preparedQuery("SELECT seq FROM audit_log WHERE tenant_id = $1 ORDER BY seq")
        .execute(io.vertx.sqlclient.Tuple.of(tenantA))).await().stream().map(row -> row.getLong("seq")).toList();

    assertThat(beforeLinking.intact()).isTrue();
    assertThat(beforeLinking.checked()).isEqualTo(10);
    assertThat(waiting).isEqualTo(30);
    assertThat(after.intact()).isTrue();
    assertThat(after.checked()).isEqualTo(45);
    assertThat(unlinked(tenantA)).isZero();
    assertThat(positions).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 45).boxed().toList());
  }

  @Test
  void aLinkRolledBackBeforeItsCommitLinksNothingAndTheNextLinkLinksEverything() {
    recordConcurrently(tenantA, 12).await();

    Throwable crashed = Tenancy.inTenant(pool, tenantA, conn -> AuditLog.link(conn, tenantA, 100)
            .compose(linked -> Future.<Integer>failedFuture(new IllegalStateException("stopped after " + linked))))
        .transform(done -> Future.succeededFuture(done.cause())).await();
    long afterCrash = unlinked(tenantA);
    int linked = linkAll(tenantA).await();

    assertThat(crashed).hasMessage("stopped after 12");
    assertThat(afterCrash).isEqualTo(12);
    assertThat(linked).isEqualTo(12);
    assertThat(verify(tenantA).await().checked()).isEqualTo(12);
  }

  @Test
  void aLinkedEntryAlteredInTheDatabaseBreaksTheChain() {
    recordConcurrently(tenantA, 6).await();
    linkAll(tenantA).await();
    TestInfra.get().executeAsOwner("UPDATE audit_log SET changes = '{\"status\":\"forged\"}' "
        + "WHERE tenant_id = '" + tenantA + "' AND seq = 3");

    AuditLog.Verification result = verify(tenantA).await();

    assertThat(result.intact()).isFalse();
    assertThat(result.firstBrokenSeq()).isEqualTo(3);
  }

  @Test
  void theSystemContextFindsTheTenantsWithUnlinkedEntriesOnly() {
    recordConcurrently(tenantA, 2).await();
    appendConcurrently(tenantB, 2).await();

    List<UUID> found = Tenancy.asSystem(pool, conn -> AuditLog.tenantsWithUnlinked(conn, 10)).await();

    assertThat(found).containsExactly(tenantA);
  }

  @Test
  void retentionLeavesUnlinkedEntriesForTheLinker() {
    appendConcurrently(tenantA, 3).await();
    recordConcurrently(tenantA, 2).await();
    TestInfra.get().executeAsOwner("UPDATE audit_log SET occurred_at = occurred_at - interval '400 days' "
        + "WHERE tenant_id = '" + tenantA + "'");
    rechain(tenantA);

    long removed = Tenancy.inTenant(pool, tenantA, conn -> AuditLog.prune(conn, tenantA,
        java.time.Instant.now().minus(java.time.Duration.ofDays(365)))).await();
    int linked = linkAll(tenantA).await();
    AuditLog.Verification after = verify(tenantA).await();

    assertThat(removed).isEqualTo(3);
    assertThat(linked).isEqualTo(2);
    assertThat(after.intact()).isTrue();
    assertThat(after.checked()).isEqualTo(2);
  }

  @Test
  void anotherTenantsEntriesAreInvisibleThroughRlsAlone(VertxTestContext ctx) {
    appendConcurrently(tenantA, 3).await();

    Tenancy.inTenant(pool, tenantB, conn -> conn.query("SELECT count(*) FROM audit_log").execute())
        .onComplete(ctx.succeeding(rows -> ctx.verify(() -> {
          assertThat(rows.iterator().next().getLong(0)).isZero();
          ctx.completeNow();
        })));
  }
}
