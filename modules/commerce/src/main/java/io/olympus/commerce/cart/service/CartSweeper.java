package io.olympus.commerce.cart.service;

import io.olympus.commerce.cart.repository.CartRepository;
import io.olympus.common.db.Tenancy;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes expired open carts (lines with them) every {@code intervalMillis}; one sweep at a time per instance. A cart
 * expires {@code COMMERCE_CART_TTL_SECONDS} after its last change and already answers 404 from then on: the sweep
 * only gives the rows back. Carts hold no stock (lines are checked, never reserved), so there is nothing to release;
 * checked-out carts are kept (their order points to them).
 */
public final class CartSweeper extends VerticleBase {

  public static final long DEFAULT_INTERVAL_MILLIS = 60_000;
  public static final int DEFAULT_BATCH_SIZE = 500;

  private static final Logger LOG = LoggerFactory.getLogger(CartSweeper.class);

  private final Pool pool;
  private final CartRepository carts;
  private final long intervalMillis;
  private boolean sweeping;

  public CartSweeper(Pool pool, CartRepository carts, long intervalMillis) {
    this.pool = pool;
    this.carts = carts;
    this.intervalMillis = intervalMillis;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(intervalMillis, id -> {
      if (sweeping) {
        return;
      }
      sweeping = true;
      sweep(pool, carts, DEFAULT_BATCH_SIZE)
          .onFailure(err -> LOG.warn("cart sweep failed", err))
          .onComplete(ignored -> sweeping = false);
    });
    return Future.succeededFuture();
  }

  /** One sweep: up to {@code batchSize} expired carts of each tenant that has some; how many were deleted. */
  public static Future<Integer> sweep(Pool pool, CartRepository carts, int batchSize) {
    return Tenancy.asSystem(pool, conn -> carts.tenantsWithExpired(conn, 1000))
        .compose(tenants -> {
          Future<Integer> total = Future.succeededFuture(0);
          for (UUID tenantId : tenants) {
            total = total.compose(sum -> Tenancy.inTenant(pool, tenantId, conn -> carts.deleteExpired(conn, tenantId, batchSize))
                .onSuccess(n -> {
                  if (n > 0) {
                    LOG.info("deleted {} expired carts of tenant {}", n, tenantId);
                  }
                })
                .map(n -> sum + n));
          }
          return total;
        });
  }
}
