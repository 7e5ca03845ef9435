package io.olympus.common.http.idempotency;

import io.olympus.common.db.Tenancy;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes expired idempotency keys every {@link IdempotencyConfig#sweepInterval()}: finds the tenants that have
 * some in the system context, then deletes each tenant's in its own transaction, in batches. Expired keys are
 * already free to use again before they are deleted (the claim takes them over); this only bounds the table.
 * Safe to run in several processes.
 */
public final class IdempotencyKeySweeper extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(IdempotencyKeySweeper.class);
  static final int TENANTS_PER_SWEEP = 1000;
  static final int BATCH = 1000;

  private final Pool pool;
  private final long intervalMillis;
  private long timer = -1;
  private boolean running;

  public IdempotencyKeySweeper(Pool pool, IdempotencyConfig config) {
    this.pool = pool;
    this.intervalMillis = config.sweepInterval().toMillis();
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(intervalMillis, id -> tick());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return Future.succeededFuture();
  }

  private void tick() {
    if (running) {
      return;
    }
    running = true;
    sweep(pool)
        .onSuccess(deleted -> {
          if (deleted > 0) {
            LOG.info("deleted {} expired idempotency keys", deleted);
          }
        })
        .onFailure(err -> LOG.warn("idempotency key sweep failed; next in {} ms", intervalMillis, err))
        .onComplete(ignored -> running = false);
  }

  /** Deletes the expired keys of up to {@value #TENANTS_PER_SWEEP} tenants; answers how many. */
  public static Future<Integer> sweep(Pool pool) {
    return Tenancy.asSystem(pool, conn -> conn.preparedQuery(IdempotencySql.TENANTS_WITH_EXPIRED)
            .execute(Tuple.of(TENANTS_PER_SWEEP))
            .map(rows -> {
              List<UUID> tenants = new ArrayList<>();
              rows.forEach(row -> tenants.add(row.getUUID("tenant_id")));
              return tenants;
            }))
        .compose(tenants -> {
          Future<Integer> total = Future.succeededFuture(0);
          for (UUID tenantId : tenants) {
            total = total.compose(sum -> sweepTenant(pool, tenantId).map(n -> sum + n));
          }
          return total;
        });
  }

  private static Future<Integer> sweepTenant(Pool pool, UUID tenantId) {
    return Tenancy.inTenant(pool, tenantId, conn -> conn.preparedQuery(IdempotencySql.DELETE_EXPIRED)
            .execute(Tuple.of(tenantId, BATCH))
            .map(rows -> rows.rowCount()))
        .compose(deleted -> deleted == BATCH
            ? sweepTenant(pool, tenantId).map(more -> deleted + more)
            : Future.succeededFuture(deleted));
  }
}
