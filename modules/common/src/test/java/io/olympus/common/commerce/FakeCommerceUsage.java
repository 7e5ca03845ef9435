package io.olympus.common.commerce;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shared fake of commerce's {@link CommerceUsage}, for module tests that cannot deploy commerce. Served on the bus
 * through the real {@link CommerceUsageBusAdapter} and checked against commerce by the same {@link CommerceUsageContract}
 * suite: a test {@link #addProducts adds} products by status; archived ones do not count.
 */
public final class FakeCommerceUsage implements CommerceUsage {

  private final Map<UUID, Long> counted = new ConcurrentHashMap<>();

  /** A fake answering {@link CommerceAddresses#PRODUCTS_COUNT} on {@code vertx}'s bus. */
  public static FakeCommerceUsage install(Vertx vertx) {
    FakeCommerceUsage fake = new FakeCommerceUsage();
    CommerceUsageBusAdapter.register(vertx, fake);
    return fake;
  }

  /** {@code count} products of the tenant in {@code status} ({@code draft}, {@code active} or {@code archived}). */
  public void addProducts(UUID tenantId, String status, int count) {
    if (!"archived".equals(status)) {
      counted.merge(tenantId, (long) count, Long::sum);
    }
  }

  @Override
  public Future<Long> productCount(UUID tenantId) {
    return Future.succeededFuture(counted.getOrDefault(tenantId, 0L));
  }
}
