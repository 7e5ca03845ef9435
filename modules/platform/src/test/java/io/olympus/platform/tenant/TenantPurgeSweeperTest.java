package io.olympus.platform.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.common.audit.Actor;
import io.olympus.common.audit.AuditLog;
import io.olympus.common.db.Tenancy;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.testing.TestInfra;
import io.olympus.platform.audit.SystemAudit;
import io.olympus.platform.flag.FlagInput;
import io.olympus.platform.flag.FlagService;
import io.olympus.platform.location.LocationRepository;
import io.olympus.platform.location.LocationService;
import io.olympus.platform.location.NewLocation;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The scheduled purge: due tenants only, each exactly once across concurrent sweepers, restore cancels it. */
@ExtendWith(VertxExtension.class)
class TenantPurgeSweeperTest {

  private static final int GRACE_HOURS = 720;

  private Vertx vertx;
  private Pool pool;
  private Pool otherPool;
  private TenantService tenants;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    TestInfra.get().truncateAll();
    pool = TestInfra.get().appPool(vertx);
    otherPool = TestInfra.get().appPool(vertx);
    tenants = new TenantService(pool, new TenantRepository());
  }

  @AfterEach
  void tearDown() {
    pool.close().await();
    otherPool.close().await();
  }

  private UUID tenantWithData(String slug) {
    UUID id = tenants.create(NewTenant.fromJson(new JsonObject().put("slug", slug).put("name", slug).put("plan", "pro")))
        .await().id();
    new LocationService(pool, new LocationRepository())
        .create(id, NewLocation.fromJson(new JsonObject().put("code", "hq").put("name", "HQ")), Actor.SYSTEM).await();
    new FlagService(pool).upsert(id, FlagInput.fromJson(new JsonObject().put("key", "beta").put("enabled", true)),
        Actor.SYSTEM).await();
    return id;
  }

  /** Soft-deletes the tenant and moves its deletion {@code hoursAgo} into the past. */
  private void deletedHoursAgo(UUID id, int hoursAgo) {
    tenants.softDelete(id).await();
    TestInfra.get().executeAsOwner("UPDATE tenants SET deleted_at = now() - interval '" + hoursAgo + " hours' "
        + "WHERE id = '" + id + "'");
  }

  private TenantPurgeSweeper sweeper(Pool on) {
    return new TenantPurgeSweeper(on, GRACE_HOURS, 3_600_000L, 20);
  }

  private long purgedEvents(UUID id) {
    return TestInfra.get().ownerPool(vertx).withConnection(conn -> conn
            .preparedQuery("SELECT count(*) FROM outbox_event WHERE type = 'tenant.purged' AND aggregate_id = $1")
            .execute(Tuple.of(id.toString())))
        .map(rows -> rows.iterator().next().getLong(0)).await();
  }

  @Test
  void sweepPurgesOnlyTenantsDeletedLongerAgoThanTheGrace() {
    UUID due = tenantWithData("due");
    UUID recent = tenantWithData("recent");
    UUID active = tenantWithData("active");
    deletedHoursAgo(due, GRACE_HOURS + 1);
    deletedHoursAgo(recent, GRACE_HOURS - 1);
    long recentRows = TestInfra.get().countTenantRows(recent);
    long activeRows = TestInfra.get().countTenantRows(active);

    List<UUID> purged = sweeper(pool).sweep().await();

    assertThat(purged).containsExactly(due);
    assertThat(TestInfra.get().countTenantRows(due)).isZero();
    assertThat(TestInfra.get().countTenantRows(recent)).isEqualTo(recentRows);
    assertThat(TestInfra.get().countTenantRows(active)).isEqualTo(activeRows);
    assertThat(purgedEvents(due)).isEqualTo(1);
    assertThat(sweeper(pool).sweep().await()).isEmpty();
  }

  @Test
  void everyPurgeIsRecordedInTheSystemAuditChain() {
    UUID due = tenantWithData("audited");
    deletedHoursAgo(due, GRACE_HOURS + 5);

    sweeper(pool).sweep().await();

    var entries = TestInfra.get().ownerPool(vertx).withConnection(conn -> conn
            .preparedQuery("SELECT action, resource_id, changes FROM audit_log WHERE tenant_id = $1")
            .execute(Tuple.of(SystemAudit.CHAIN)))
        .await();
    assertThat(entries.size()).isEqualTo(1);
    var entry = entries.iterator().next();
    assertThat(entry.getString("action")).isEqualTo("tenant.purge");
    assertThat(entry.getString("resource_id")).isEqualTo(due.toString());
    assertThat(new JsonObject(entry.getString("changes")).getLong("rows_removed")).isGreaterThanOrEqualTo(3);
    var verification = Tenancy.inTenant(pool, SystemAudit.CHAIN, conn -> AuditLog.verify(conn, SystemAudit.CHAIN))
        .await();
    assertThat(verification.intact()).isTrue();
  }

  @Test
  void twoConcurrentSweepersPurgeEachTenantExactlyOnce() {
    List<UUID> due = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      UUID id = tenantWithData("due-" + i);
      deletedHoursAgo(id, GRACE_HOURS + 10 + i);
      due.add(id);
    }
    UUID survivor = tenantWithData("survivor");
    long survivorRows = TestInfra.get().countTenantRows(survivor);

    Future<List<UUID>> first = sweeper(pool).sweep();
    Future<List<UUID>> second = sweeper(otherPool).sweep();
    Future.all(first, second).await();

    Set<UUID> overlap = new HashSet<>(first.result());
    overlap.retainAll(second.result());
    assertThat(overlap).isEmpty();
    List<UUID> all = new ArrayList<>(first.result());
    all.addAll(second.result());
    assertThat(all).containsExactlyInAnyOrderElementsOf(due);
    for (UUID id : due) {
      assertThat(purgedEvents(id)).as("tenant.purged events of %s", id).isEqualTo(1);
      assertThat(TestInfra.get().countTenantRows(id)).isZero();
    }
    assertThat(TestInfra.get().countTenantRows(survivor)).isEqualTo(survivorRows);
  }

  @Test
  void aRestoredTenantIsNotPurgedAndGetsItsStatusBack() {
    UUID id = tenantWithData("comeback");
    tenants.setStatus(id, "suspended", Actor.SYSTEM).await();
    deletedHoursAgo(id, GRACE_HOURS - 2);

    Tenant restored = tenants.restore(id, Actor.SYSTEM).await();
    TestInfra.get().executeAsOwner("UPDATE tenants SET deleted_at = now() - interval '9000 hours' WHERE id = '" + id + "'");
    List<UUID> purged = sweeper(pool).sweep().await();

    assertThat(restored.status()).isEqualTo("suspended");
    assertThat(purged).isEmpty();
    assertThat(tenants.get(id).await().status()).isEqualTo("suspended");
    assertThat(purgedEvents(id)).isZero();
  }

  @Test
  void restoringATenantThatIsNotDeletedAnswersNotFound() {
    UUID id = tenantWithData("alive");

    Throwable err = tenants.restore(id, Actor.SYSTEM).transform(ar -> Future.succeededFuture(ar.cause())).await();

    assertThat(err).isInstanceOf(NotFoundException.class);
  }
}
