package io.olympus.commerce.analytics.service;

import io.olympus.commerce.analytics.model.CustomerValue;
import io.olympus.commerce.analytics.model.DailySales;
import io.olympus.commerce.analytics.model.DateRange;
import io.olympus.commerce.analytics.model.LowStockLevel;
import io.olympus.commerce.analytics.model.LowStockQuery;
import io.olympus.commerce.analytics.model.ProductSales;
import io.olympus.commerce.analytics.model.RebuildResult;
import io.olympus.commerce.analytics.model.SalesQuery;
import io.olympus.commerce.analytics.model.SalesReport;
import io.olympus.commerce.analytics.model.TopCustomersQuery;
import io.olympus.commerce.analytics.model.TopProductsQuery;
import io.olympus.commerce.analytics.repository.AnalyticsRepository;
import io.olympus.commerce.event.CommerceEvents;
import io.olympus.common.db.Tenancy;
import io.olympus.common.event.EventEnvelope;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sales analytics: the read model kept from the order and payment events ({@link #apply}, run by
 * {@link AnalyticsConsumer} for batches of events), its rebuild from the orders ({@link #rebuild}) and the reports read from
 * it. An event only says which order changed: applying it reads what the order is now (lines, cancelled quantities,
 * succeeded refunds) and replaces the order's contribution to the aggregates, so a duplicate, late or out-of-order
 * event cannot count anything twice or bring back an older state.
 */
public final class AnalyticsService {

  /** The events that change what an order contributes (order.created and every later change of the order). */
  public static final List<String> EVENT_TYPES = List.of(CommerceEvents.ORDER_CREATED, CommerceEvents.ORDER_UPDATED,
      CommerceEvents.ORDER_STATUS_CHANGED, CommerceEvents.ORDER_CANCELLED, CommerceEvents.FULFILLMENT_CREATED,
      CommerceEvents.PAYMENT_REFUNDED);

  /** Orders applied per transaction by a rebuild. */
  static final int REBUILD_BATCH = 200;

  private static final Logger LOG = LoggerFactory.getLogger(AnalyticsService.class);

  private final Pool pool;
  private final AnalyticsRepository repository;

  public AnalyticsService(Pool pool, AnalyticsRepository repository) {
    this.pool = pool;
    this.repository = repository;
  }

  /**
   * Applies events of one tenant in the consumer's transaction {@code conn} (the tenant set, their inbox rows
   * written): the orders they name (the aggregate of order events, {@code payload.order_id} of payment events) are
   * applied again together, each once. Events without a tenant or an order are skipped. Fails when the database does
   * (the consumer retries, then dead-letters).
   */
  public Future<Void> apply(SqlConnection conn, UUID tenantId, Collection<EventEnvelope> events) {
    Set<UUID> orders = new LinkedHashSet<>();
    for (EventEnvelope event : events) {
      Optional<UUID> order = orderOf(event);
      if (tenantId == null || order.isEmpty()) {
        LOG.debug("analytics skipped event {} ({}): no tenant or order", event.id(), event.type());
      } else {
        orders.add(order.get());
      }
    }
    if (orders.isEmpty()) {
      return Future.succeededFuture();
    }
    return repository.apply(conn, tenantId, orders);
  }

  /**
   * Recomputes the read model of the range's days from the orders: every order created or refunded on those days is
   * applied again (in transactions of {@value #REBUILD_BATCH} orders), then the aggregates of those days and every
   * customer's totals are summed again from the orders' contributions. Safe while events keep arriving.
   */
  public Future<RebuildResult> rebuild(UUID tenantId, DateRange range) {
    return Tenancy.readInTenant(pool, tenantId, conn -> {
      Future<String> zone = repository.zone(conn, tenantId);
      Future<List<UUID>> orders = repository.ordersOf(conn, tenantId, range);
      return Future.all(zone, orders).map(all -> new Found(zone.result(), orders.result()));
    }).compose(found -> applyInBatches(tenantId, found.orders(), 0)
        .compose(v -> Tenancy.inTenant(pool, tenantId, conn -> repository.resum(conn, tenantId, range)))
        .map(v -> new RebuildResult(range, found.zone(), found.orders().size())));
  }

  private record Found(String zone, List<UUID> orders) {}

  private Future<Void> applyInBatches(UUID tenantId, List<UUID> orders, int from) {
    if (from >= orders.size()) {
      return Future.succeededFuture();
    }
    List<UUID> batch = orders.subList(from, Math.min(orders.size(), from + REBUILD_BATCH));
    return Tenancy.inTenant(pool, tenantId, conn -> repository.apply(conn, tenantId, batch))
        .compose(v -> applyInBatches(tenantId, orders, from + REBUILD_BATCH));
  }

  /** The sales of the query's days per currency: totals and a series by its interval. */
  public Future<SalesReport> sales(UUID tenantId, SalesQuery query) {
    return Tenancy.readInTenant(pool, tenantId, conn -> {
      Future<String> zone = repository.zone(conn, tenantId);
      Future<List<DailySales>> days = repository.dailySales(conn, tenantId, query);
      return Future.all(zone, days).map(all -> SalesReport.of(query, zone.result(), days.result()));
    });
  }

  /** The best-selling variants of the query's days, by units or (within one currency) revenue. */
  public Future<List<ProductSales>> topProducts(UUID tenantId, TopProductsQuery query) {
    return Tenancy.readInTenant(pool, tenantId, conn -> repository.topProducts(conn, tenantId, query));
  }

  /** The customers with the highest lifetime value (within one currency) or the most orders. */
  public Future<List<CustomerValue>> topCustomers(UUID tenantId, TopCustomersQuery query) {
    return Tenancy.readInTenant(pool, tenantId, conn -> repository.topCustomers(conn, tenantId, query));
  }

  /** Stock levels at or below their low-stock threshold, lowest margin first. */
  public Future<List<LowStockLevel>> lowStock(UUID tenantId, LowStockQuery query) {
    return Tenancy.readInTenant(pool, tenantId, conn -> repository.lowStock(conn, tenantId, query));
  }

  /** The order an event is about: an order event's aggregate, else the payload's {@code order_id}. */
  static Optional<UUID> orderOf(EventEnvelope event) {
    String id = "order".equals(event.aggregateType()) ? event.aggregateId() : event.payload().getString("order_id");
    if (id == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(UUID.fromString(id));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
