package io.olympus.commerce.analytics;

import io.olympus.commerce.analytics.service.AnalyticsConsumer;
import io.olympus.commerce.analytics.service.AnalyticsService;
import io.olympus.commerce.order.model.Order;
import io.olympus.commerce.order.model.OrderLine;
import io.olympus.common.event.EventEnvelope;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Looks behind the analytics read model as the database owner: the events the outbox holds for it, delivering them
 * on the bus as the relay would (in any order, any number of times), waiting until the consumer has applied them,
 * the read model's rows, and the same figures computed independently, in Java, from the orders and their refunds.
 */
public final class ReadModelProbe {

  public static final String NO_LOCATION = "00000000-0000-0000-0000-000000000000";

  private final Vertx vertx;
  private final Pool owner;

  public ReadModelProbe(Vertx vertx, Pool owner) {
    this.vertx = vertx;
    this.owner = owner;
  }

  /** The tenant's outbox events the analytics consumer listens to, in the order they were written. */
  public List<EventEnvelope> events(UUID tenant) {
    List<EventEnvelope> events = new ArrayList<>();
    owner.preparedQuery("SELECT id, type, schema_version, tenant_id, aggregate_type, aggregate_id, occurred_at, "
            + "correlation_id, payload FROM outbox_event WHERE tenant_id = $1 AND type = ANY($2) ORDER BY seq")
        .execute(Tuple.tuple().addUUID(tenant).addArrayOfString(AnalyticsService.EVENT_TYPES.toArray(String[]::new)))
        .await()
        .forEach(row -> events.add(new EventEnvelope(row.getUUID("id"), row.getString("type"),
            row.getInteger("schema_version"), row.getUUID("tenant_id"), row.getString("aggregate_type"),
            row.getString("aggregate_id"), row.getOffsetDateTime("occurred_at").toInstant(),
            row.getString("correlation_id"), (JsonObject) row.getValue("payload"))));
    return events;
  }

  /** Publishes {@code events} on the bus in the given order, then waits until every one of them is applied. */
  public void deliver(List<EventEnvelope> events) {
    events.forEach(event -> vertx.eventBus().publish(event.address(), event.toJson()));
    awaitApplied(events);
  }

  /** Waits (polling, at most 30 s) until the consumer's inbox holds every one of {@code events}. */
  public void awaitApplied(List<EventEnvelope> events) {
    UUID[] ids = events.stream().map(EventEnvelope::id).distinct().toArray(UUID[]::new);
    until(() -> owner.preparedQuery("SELECT count(*) FROM event_inbox WHERE consumer = $1 AND event_id = ANY($2)")
        .execute(Tuple.tuple().addString(AnalyticsConsumer.NAME).addArrayOfUUID(ids)).map(rows -> rows.iterator().next().getLong(0)), ids.length);
  }

  /** Waits (polling, at most 30 s) until the consumer has dead-lettered every one of {@code events}. */
  public void awaitDeadLettered(List<EventEnvelope> events) {
    UUID[] ids = events.stream().map(EventEnvelope::id).distinct().toArray(UUID[]::new);
    until(() -> owner.preparedQuery("SELECT count(DISTINCT event_id) FROM event_dead_letter WHERE consumer = $1 "
            + "AND event_id = ANY($2)")
        .execute(Tuple.tuple().addString(AnalyticsConsumer.NAME).addArrayOfUUID(ids))
        .map(rows -> rows.iterator().next().getLong(0)), ids.length);
  }

  /** The transactions that recorded {@code events} in the consumer's inbox (rows of one transaction share its xmin). */
  public long inboxTransactions(List<EventEnvelope> events) {
    UUID[] ids = events.stream().map(EventEnvelope::id).distinct().toArray(UUID[]::new);
    return owner.preparedQuery("SELECT count(DISTINCT xmin::text) FROM event_inbox WHERE consumer = $1 "
            + "AND event_id = ANY($2)")
        .execute(Tuple.tuple().addString(AnalyticsConsumer.NAME).addArrayOfUUID(ids)).await()
        .iterator().next().getLong(0);
  }

  /** Waits until the relay has published every outbox event and the consumer has applied the tenant's. */
  public void awaitSettled(UUID tenant) {
    until(() -> owner.query("SELECT count(*) FROM outbox_event WHERE published_at IS NULL").execute()
        .map(rows -> rows.iterator().next().getLong(0)), 0);
    awaitApplied(events(tenant));
  }

  /** Forgets which events were applied (as the inbox retention does), so they can be delivered again. */
  public void forgetApplied() {
    owner.preparedQuery("DELETE FROM event_inbox WHERE consumer = $1").execute(Tuple.of(AnalyticsConsumer.NAME))
        .await();
  }

  /** The read model's daily sales rows with any figure: "day currency location" → measures. */
  public Map<String, List<Long>> dailySales(UUID tenant) {
    return rows("SELECT day::text || ' ' || currency || ' ' || location_id AS k, orders, gross_sales, discounts, tax, "
        + "shipping, refunds, units FROM analytics_daily_sales WHERE tenant_id = $1", tenant, 7);
  }

  /** The read model's daily product rows with any figure: "day currency location variant" → units, revenue. */
  public Map<String, List<Long>> dailyProducts(UUID tenant) {
    return rows("SELECT day::text || ' ' || currency || ' ' || location_id || ' ' || variant_id AS k, units, revenue "
        + "FROM analytics_daily_products WHERE tenant_id = $1", tenant, 2);
  }

  /** The read model's customer totals with any figure: "customer currency" → orders, gross, net. */
  public Map<String, List<Long>> customerTotals(UUID tenant) {
    return rows("SELECT customer_id || ' ' || currency AS k, orders, gross_sales, net_sales "
        + "FROM analytics_customer_totals WHERE tenant_id = $1", tenant, 3);
  }

  private Map<String, List<Long>> rows(String sql, UUID tenant, int measures) {
    Map<String, List<Long>> out = new TreeMap<>();
    for (Row row : owner.preparedQuery(sql).execute(Tuple.of(tenant)).await()) {
      List<Long> values = new ArrayList<>();
      for (int i = 1; i <= measures; i++) {
        values.add(row.getLong(i));
      }
      if (values.stream().anyMatch(v -> v != 0)) {
        out.put(row.getString(0), values);
      }
    }
    return out;
  }

  /** A succeeded refund of an order: when it was made and how much. */
  public record RefundMade(UUID orderId, java.time.Instant at, long amount) {}

  /** The tenant's succeeded refunds. */
  public List<RefundMade> refunds(UUID tenant) {
    List<RefundMade> out = new ArrayList<>();
    owner.preparedQuery("SELECT p.order_id, f.created_at, f.amount FROM payment_refunds f JOIN payments p "
            + "ON p.tenant_id = f.tenant_id AND p.id = f.payment_id WHERE f.tenant_id = $1 AND f.status = 'succeeded'")
        .execute(Tuple.of(tenant)).await()
        .forEach(row -> out.add(new RefundMade(row.getUUID(0), row.getOffsetDateTime(1).toInstant(), row.getLong(2))));
    return out;
  }

  /** What the daily sales should be, computed from the orders and refunds without the read model's SQL. */
  public static Expected expected(List<Order> orders, List<RefundMade> refunds, ZoneId zone) {
    Expected expected = new Expected(new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
    Map<UUID, Order> counted = new TreeMap<>();
    for (Order order : orders) {
      if (!order.status().equals("open") && !order.status().equals("completed")) {
        continue;
      }
      counted.put(order.id(), order);
      LocalDate day = LocalDate.ofInstant(order.createdAt(), zone);
      String location = order.locationId() == null ? NO_LOCATION : order.locationId().toString();
      String key = day + " " + order.currency() + " " + location;
      long gross = 0;
      long discounts = 0;
      long tax = order.shippingTaxAmount();
      long units = 0;
      for (OrderLine line : order.lines()) {
        int kept = line.quantity() - line.cancelledQuantity();
        if (kept == 0) {
          continue;
        }
        long lineGross = line.unitAmount() * kept;
        long lineDiscount = share(line.discountAmount(), kept, line.quantity());
        gross += lineGross;
        discounts += lineDiscount;
        tax += share(line.taxAmount(), kept, line.quantity());
        units += kept;
        add(expected.products(), key + " " + line.variantId(), List.of((long) kept, lineGross - lineDiscount));
      }
      add(expected.sales(), key, List.of(1L, gross, discounts, tax, order.shippingAmount(), 0L, units));
      if (order.customerId() != null) {
        add(expected.customers(), order.customerId() + " " + order.currency(), List.of(1L, gross, gross - discounts));
      }
    }
    for (RefundMade refund : refunds) {
      Order order = counted.get(refund.orderId());
      if (order == null) {
        continue;
      }
      String location = order.locationId() == null ? NO_LOCATION : order.locationId().toString();
      add(expected.sales(), LocalDate.ofInstant(refund.at(), zone) + " " + order.currency() + " " + location,
          List.of(0L, 0L, 0L, 0L, 0L, refund.amount(), 0L));
      if (order.customerId() != null) {
        add(expected.customers(), order.customerId() + " " + order.currency(), List.of(0L, 0L, -refund.amount()));
      }
    }
    return expected;
  }

  /** Expected read-model rows, keyed as {@link #dailySales}, {@link #dailyProducts} and {@link #customerTotals}. */
  public record Expected(Map<String, List<Long>> sales, Map<String, List<Long>> products,
                         Map<String, List<Long>> customers) {}

  private static long share(long amount, int kept, int quantity) {
    return BigDecimal.valueOf(amount).multiply(BigDecimal.valueOf(kept))
        .divide(BigDecimal.valueOf(quantity), 0, RoundingMode.HALF_UP).longValueExact();
  }

  private static void add(Map<String, List<Long>> map, String key, List<Long> values) {
    map.merge(key, values, (a, b) -> {
      List<Long> sum = new ArrayList<>();
      for (int i = 0; i < a.size(); i++) {
        sum.add(a.get(i) + b.get(i));
      }
      return sum;
    });
  }

  /** Polls (every 20 ms, at most 30 s) until {@code read} answers {@code expected}; fails the test otherwise. */
  private void until(Supplier<Future<Long>> read, long expected) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    long value = read.get().await();
    while (value != expected && System.nanoTime() < deadline) {
      vertx.timer(20).await();
      value = read.get().await();
    }
    if (value != expected) {
      throw new AssertionError("expected " + expected + " but was still " + value + " after 30 s");
    }
  }
}
