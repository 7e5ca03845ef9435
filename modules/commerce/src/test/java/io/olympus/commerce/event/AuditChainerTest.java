package io.olympus.commerce.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.common.audit.AuditEntry;
import io.olympus.common.audit.AuditLog;
import io.olympus.common.db.Tenancy;
import io.olympus.common.event.Uuids;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class AuditChainerTest {

  private final UUID tenantA = Uuids.v7();
  private final UUID tenantB = Uuids.v7();
  private Vertx vertx;
  private Pool pool;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestInfra.get().truncateAll();
    this.vertx = vertx;
    pool = TestInfra.get().appPool(vertx);
  }

  @AfterEach
  void tearDown() {
    pool.close().await();
  }

  /** {@code count} committed transactions, each recording two unlinked entries (as a checkout does). */
  private void checkouts(UUID tenant, int count) {
    List<Future<Void>> writes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      AuditEntry held = AuditLog.entry(tenant, "user", "u", "inventory.updated", "inventory_level", "v/" + i, "{}",
          "127.0.0.1", "req-" + i);
      AuditEntry created = AuditLog.entry(tenant, "user", "u", "order.created", "order", "o-" + i, "{}", "127.0.0.1",
          "req-" + i);
      writes.add(Tenancy.inTenant(pool, tenant, conn -> Future.all(AuditLog.record(conn, held),
          AuditLog.record(conn, created)).<Void>mapEmpty()));
    }
    Future.all(writes).await();
  }

  private AuditLog.Verification verify(UUID tenant) {
    return Tenancy.inTenant(pool, tenant, conn -> AuditLog.verify(conn, tenant)).await();
  }

  private long unlinked(UUID tenant) {
    return Tenancy.inTenant(pool, tenant, conn -> AuditLog.unlinked(conn, tenant)).await();
  }

  private List<Long> positions(UUID tenant) {
    return Tenancy.inTenant(pool, tenant, conn -> conn.preparedQuery("SELECT seq FROM audit_log WHERE tenant_id = $1 "
            + "ORDER BY seq").execute(Tuple.of(tenant)))
        .await().stream().map(row -> row.getLong("seq")).toList();
  }

  @Test
  void shouldLinkTheEntriesOfACommittedChangeItIsToldOfIntoAnIntactChain() {
    AuditChainer chainer = new AuditChainer(vertx, pool);
    checkouts(tenantA, 40);

    chainer.committed(tenantA, CommerceEvents.ORDER_CREATED);
    // a pass asked for after the one the commit started: both done, everything committed before is linked
    chainer.link(tenantA).await();

    assertThat(unlinked(tenantA)).isZero();
    assertThat(verify(tenantA).intact()).isTrue();
    assertThat(verify(tenantA).checked()).isEqualTo(80);
  }

  @Test
  void shouldLinkWhatAStoppedProcessLeftUnlinkedOnTheNextSweepOfEveryTenant() {
    // committed by a process that stopped before its after-commit pass: nobody was told
    checkouts(tenantA, 30);
    checkouts(tenantB, 3);
    long leftA = unlinked(tenantA);

    int linked = new AuditChainer(vertx, pool, 0).sweep().await();

    assertThat(leftA).isEqualTo(60);
    assertThat(linked).isEqualTo(66);
    assertThat(unlinked(tenantA)).isZero();
    assertThat(unlinked(tenantB)).isZero();
    assertThat(verify(tenantA).checked()).isEqualTo(60);
    assertThat(verify(tenantB).checked()).isEqualTo(6);
    assertThat(verify(tenantA).intact()).isTrue();
    assertThat(verify(tenantB).intact()).isTrue();
  }

  @Test
  void shouldLinkEveryEntryExactlyOnceWhenTwoProcessesLinkOneTenantWhileCheckoutsCommit() {
    // another process: its own Vert.x and pool
    Vertx otherProcess = Vertx.vertx();
    Pool otherPool = TestInfra.get().appPool(otherProcess);
    AuditChainer one = new AuditChainer(vertx, pool, 0);
    AuditChainer two = new AuditChainer(otherProcess, otherPool, 0);
    List<Future<Integer>> passes = new ArrayList<>();
    for (int round = 0; round < 5; round++) {
      checkouts(tenantA, 20);
      passes.add(one.link(tenantA));
      passes.add(two.link(tenantA));
    }
    Future.join(passes).await();
    int last = one.link(tenantA).await() + two.link(tenantA).await();
    otherPool.close().await();
    otherProcess.close().await();

    assertThat(passes).allMatch(Future::succeeded);
    // a link asked for while a pass waits to start is that pass: count each pass once
    assertThat(passes.stream().distinct().mapToInt(Future::result).sum() + last).isEqualTo(200);
    assertThat(positions(tenantA)).containsExactlyElementsOf(LongStream.rangeClosed(1, 200).boxed().toList());
    assertThat(verify(tenantA).intact()).isTrue();
  }

  @Test
  void shouldRunOnePassForTheLinksAskedForWhileItWaitsToStart() {
    checkouts(tenantA, 3);
    AuditChainer chainer = new AuditChainer(vertx, pool, 50);

    Future<Integer> first = chainer.link(tenantA);
    Future<Integer> second = chainer.link(tenantA);

    assertThat(second).isSameAs(first);
    assertThat(first.await()).isEqualTo(6);
  }

  @Test
  void shouldLinkLargeBacklogsInBatches() {
    checkouts(tenantA, AuditChainer.BATCH / 2 + 10);

    int linked = new AuditChainer(vertx, pool, 0).link(tenantA).await();

    assertThat(linked).isEqualTo(AuditChainer.BATCH + 20);
    assertThat(verify(tenantA).checked()).isEqualTo(AuditChainer.BATCH + 20);
  }
}
