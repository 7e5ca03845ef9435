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
            + "ip, request_id, occurred_at FROM audit_log WHERE tenant_id = $1 ORDER BY seq")
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
