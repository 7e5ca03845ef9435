package io.olympus.platform.tenant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.olympus.common.db.Tenancy;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.micrometer.backends.BackendRegistries;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Purges soft-deleted tenants once their deletion is older than the grace period. Every process runs
 * one sweeper; they may overlap freely: each purge claims its tenant row with {@code FOR UPDATE SKIP LOCKED}
 * and re-checks that it is still deleted and due, so a tenant is purged exactly once across the cluster
 * and a restore (which takes the same row lock) either wins or finds the tenant gone.
 */
public final class TenantPurgeSweeper extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(TenantPurgeSweeper.class);

  /** Deleted tenants past the grace period, oldest deletion first (system context: every tenant). */
  static final String DUE = "SELECT id FROM tenants WHERE status = 'deleted' "
      + "AND deleted_at < now() - make_interval(hours => $1) ORDER BY deleted_at LIMIT $2";

  private final Pool pool;
  private final TenantPurger purger;
  private final int graceHours;
  private final long intervalMs;
  private final int batch;
  private final Counter purged;
  private final Counter failed;
  private long timer = -1;

  public TenantPurgeSweeper(Pool pool, int graceHours, long intervalMs, int batch) {
    this.pool = pool;
    this.purger = new TenantPurger(pool);
    this.graceHours = graceHours;
    this.intervalMs = intervalMs;
    this.batch = batch;
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    this.purged = registry == null ? null : Counter.builder("olympus_tenants_purged")
        .description("Soft-deleted tenants purged by the scheduled sweep").register(registry);
    this.failed = registry == null ? null : Counter.builder("olympus_tenant_purge_failures")
        .description("Scheduled tenant purges that failed (retried at the next sweep)").register(registry);
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(intervalMs, id -> sweep()
        .onFailure(err -> LOG.warn("tenant purge sweep failed: {}", err.getMessage())));
    LOG.info("tenant purge sweep every {} s, grace {} h", intervalMs / 1000, graceHours);
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  /** One sweep: purges up to {@code batch} due tenants one at a time; returns the ids this sweep purged. */
  public Future<List<UUID>> sweep() {
    return Tenancy.asSystem(pool, conn -> conn.preparedQuery(DUE).execute(Tuple.of(graceHours, batch)))
        .map(rows -> {
          List<UUID> ids = new ArrayList<>();
          for (Row row : rows) {
            ids.add(row.getUUID("id"));
          }
          return ids;
        })
        .compose(due -> purgeEach(due, 0, new ArrayList<>()));
  }

  private Future<List<UUID>> purgeEach(List<UUID> due, int index, List<UUID> done) {
    if (index == due.size()) {
      if (!done.isEmpty()) {
        LOG.info("tenant purge sweep: {} of {} due tenants purged here", done.size(), due.size());
      }
      return Future.succeededFuture(done);
    }
    UUID tenantId = due.get(index);
    return purger.purgeIfDue(tenantId, graceHours)
        .map(removed -> {
          if (removed.isPresent()) {
            done.add(tenantId);
            increment(purged);
          } else {
            LOG.debug("tenant {} skipped: restored, purged or being purged elsewhere", tenantId);
          }
          return done;
        })
        .recover(err -> {
          // one tenant's failure must not stop the others; it is due again at the next sweep
          LOG.error("purge of tenant {} failed", tenantId, err);
          increment(failed);
          return Future.succeededFuture(done);
        })
        .compose(list -> purgeEach(due, index + 1, list));
  }

  private static void increment(Counter counter) {
    if (counter != null) {
      counter.increment();
    }
  }
}
