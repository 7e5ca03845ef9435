package io.olympus.commerce.analytics.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.commerce.analytics.ReadModelProbe;
import io.olympus.commerce.analytics.model.DateRange;
import io.olympus.commerce.analytics.model.RebuildResult;
import io.olympus.commerce.analytics.model.SalesFigures;
import io.olympus.commerce.analytics.model.SalesQuery;
import io.olympus.commerce.analytics.model.SalesReport;
import io.olympus.commerce.analytics.repository.AnalyticsRepository;
import io.olympus.commerce.event.OutboxEventSink;
import io.olympus.commerce.order.model.FulfillmentInput;
import io.olympus.commerce.order.model.Order;
import io.olympus.commerce.order.model.OrderLine;
import io.olympus.commerce.order.model.PlaceOrder;
import io.olympus.commerce.payment.gateway.sandbox.SandboxPaymentGateways;
import io.olympus.commerce.payment.gateway.sandbox.SandboxTokens;
import io.olympus.commerce.payment.model.Payment;
import io.olympus.commerce.payment.model.ProcessPayment;
import io.olympus.commerce.payment.repository.PaymentRepository;
import io.olympus.commerce.payment.service.PaymentConfig;
import io.olympus.commerce.payment.service.PaymentService;
import io.olympus.commerce.payment.service.ResilientGateways;
import io.olympus.commerce.support.Ordering;
import io.olympus.common.db.Tenancy;
import io.olympus.common.event.EventEnvelope;
import io.olympus.common.event.Uuids;
import io.olympus.common.outbox.Backoff;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The analytics read model against the real PostgreSQL, with the consumer deployed and events delivered on the bus as
 * the relay delivers them — and also twice, late, reversed and after the inbox forgot them: it always equals what the
 * orders and refunds say, and a rebuild from the orders gives the same.
 */
@ExtendWith(VertxExtension.class)
class AnalyticsServiceTest {

  private static final UUID TENANT = Uuids.v7();
  private static final UUID OTHER_TENANT = Uuids.v7();
  private static final UUID WAREHOUSE = Uuids.v7();
  private static final UUID STORE = Uuids.v7();

  private Vertx vertx;
  private Pool pool;
  private Pool owner;
  private Ordering world;
  private PaymentService payments;
  private AnalyticsService analytics;
  private ReadModelProbe probe;
  private List<UUID> variants;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    TestInfra.get().truncateAll();
    pool = TestInfra.get().appPool(vertx);
    owner = TestInfra.get().ownerPool(vertx);
    world = new Ordering(pool, new OutboxEventSink());
    PaymentConfig config = PaymentConfig.DEFAULTS;
    payments = new PaymentService(pool, new PaymentRepository(), world.orders, world.customers,
        new ResilientGateways(vertx, new SandboxPaymentGateways(vertx, pool, config.sandbox()), config),
        new OutboxEventSink(), config);
    analytics = new AnalyticsService(pool, new AnalyticsRepository());
    vertx.deployVerticle(new AnalyticsConsumer(pool, analytics, new Backoff(5, 10, 100))).await();
    probe = new ReadModelProbe(vertx, owner);
    variants = new ArrayList<>();
    long[] prices = {1000, 2499, 399};
    for (int i = 0; i < prices.length; i++) {
      UUID variant = world.variant(TENANT, "SKU-" + i, prices[i]);
      world.stock(TENANT, variant, WAREHOUSE, 10_000);
      world.stock(TENANT, variant, STORE, 10_000);
      variants.add(variant);
    }
  }

  @AfterEach
  void tearDown() {
    // no order-number block may be mid-transaction when the pool closes
    world.orders.settled().await();
    owner.close().await();
    pool.close().await();
  }

  private Order place(UUID location, UUID customer, Object... variantsAndQuantities) {
    JsonObject body = Ordering.orderBody(variantsAndQuantities);
    if (location != null) {
      body.put("location_id", location.toString());
    }
    if (customer != null) {
      body.put("customer_id", customer.toString());
    }
    return world.orders.create(TENANT, PlaceOrder.fromJson(body)).await();
  }

  private Payment pay(Order order) {
    return payments.process(TENANT, "pay-" + order.id(), ProcessPayment.fromJson(new JsonObject()
        .put("order_id", order.id().toString()).put("currency", "EUR").put("token", SandboxTokens.SUCCESS)
        .put("capture", "automatic"))).await();
  }

  private void fulfil(Order order, UUID location, OrderLine line, int quantity) {
    world.orders.fulfil(TENANT, order.id(), 0, FulfillmentInput.fromJson(new JsonObject()
        .put("location_id", location.toString()).put("lines", new JsonArray().add(new JsonObject()
            .put("line_id", line.id().toString()).put("quantity", quantity))))).await();
  }

  private List<Order> orders(List<UUID> ids) {
    return ids.stream().map(id -> world.orders.get(TENANT, id).await()).toList();
  }

  private void assertReadModelMatches(List<UUID> ids, ZoneId zone) {
    ReadModelProbe.Expected expected = ReadModelProbe.expected(orders(ids), probe.refunds(TENANT), zone);
    assertThat(probe.dailySales(TENANT)).isEqualTo(expected.sales());
    assertThat(probe.dailyProducts(TENANT)).isEqualTo(expected.products());
    assertThat(probe.customerTotals(TENANT)).isEqualTo(expected.customers());
  }

  @Test
  void shouldEqualARecomputationFromTheOrdersAfterARandomMixOfOrdersCancellationsFulfilmentsAndRefunds() {
    Random random = new Random(20261207);
    List<UUID> customers = List.of(world.customer(TENANT, "a@example.com"), world.customer(TENANT, "b@example.com"));
    List<UUID> ids = new ArrayList<>();
    for (int n = 0; n < 30; n++) {
      UUID location = random.nextInt(3) == 0 ? null : random.nextBoolean() ? WAREHOUSE : STORE;
      UUID customer = random.nextInt(3) == 0 ? null : customers.get(random.nextInt(customers.size()));
      List<Object> lines = new ArrayList<>();
      for (UUID variant : variants) {
        if (lines.isEmpty() || random.nextBoolean()) {
          lines.add(variant);
          lines.add(1 + random.nextInt(4));
        }
      }
      if (random.nextInt(10) == 0) {
        JsonObject draft = Ordering.orderBody(lines.toArray()).put("draft", true);
        ids.add(world.orders.create(TENANT, PlaceOrder.fromJson(draft)).await().id());
        continue;
      }
      Order order = place(location, customer, lines.toArray());
      ids.add(order.id());
      UUID held = order.lines().get(0).locationId();
      switch (random.nextInt(7)) {
        case 0 -> world.orders.cancel(TENANT, order.id(), 0, "changed mind").await();
        case 1 -> {
          OrderLine first = order.lines().get(0);
          if (first.quantity() > 1) {
            fulfil(order, held, first, 1);
            world.orders.cancel(TENANT, order.id(), 0, "rest not wanted").await();
          }
        }
        case 2 -> {
          Payment payment = pay(order);
          long amount = 1 + random.nextInt((int) Math.min(payment.capturedAmount(), 5_000));
          payments.refund(TENANT, payment.id(), "refund-" + n, amount, "returned", true).await();
        }
        case 3 -> {
          Payment payment = pay(order);
          payments.refund(TENANT, payment.id(), "refund-" + n, null, "returned", true).await();
        }
        case 4 -> fulfil(order, held, order.lines().get(0), order.lines().get(0).quantity());
        case 5 -> world.orders.markPaid(TENANT, order.id(), 0, null).await();
      }
    }
    UUID other = world.variant(OTHER_TENANT, "OTHER", 100);
    world.stock(OTHER_TENANT, other, WAREHOUSE, 5);
    world.orders.create(OTHER_TENANT, Ordering.order(other, 1)).await();
    List<EventEnvelope> events = probe.events(TENANT);
    List<EventEnvelope> shuffled = new ArrayList<>(events);
    shuffled.addAll(events);
    Collections.shuffle(shuffled, random);

    probe.deliver(shuffled);

    assertThat(events).hasSizeGreaterThan(ids.size());
    assertReadModelMatches(ids, ZoneOffset.UTC);

    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    RebuildResult rebuilt = analytics.rebuild(TENANT, new DateRange(today.minusDays(1), today.plusDays(1))).await();

    assertThat(rebuilt.orders()).isEqualTo(ids.size());
    assertThat(rebuilt.timeZone()).isEqualTo("UTC");
    assertReadModelMatches(ids, ZoneOffset.UTC);
  }

  @Test
  void shouldCountAnOrderOnceWhenItsEventsArriveTwiceLateAndInReverseOrder() {
    Order order = place(WAREHOUSE, null, variants.get(0), 2);
    Payment payment = pay(order);
    payments.refund(TENANT, payment.id(), "r1", 500L, "damaged", true).await();
    List<EventEnvelope> events = probe.events(TENANT);
    List<EventEnvelope> reversed = new ArrayList<>(events);
    Collections.reverse(reversed);

    probe.deliver(reversed);
    probe.deliver(events);
    probe.forgetApplied();
    probe.deliver(reversed);

    String key = LocalDate.ofInstant(order.createdAt(), ZoneOffset.UTC) + " EUR " + WAREHOUSE;
    assertThat(probe.dailySales(TENANT)).containsOnlyKeys(key);
    assertThat(probe.dailySales(TENANT).get(key)).containsExactly(1L, 2000L, 0L, 0L, 0L, 500L, 2L);
    assertThat(count("SELECT count(*) FROM event_inbox WHERE consumer = $1", AnalyticsConsumer.NAME))
        .isEqualTo(events.size());
  }

  @Test
  void shouldTakeInTheEventsPublishedWhileTheConsumerWasStoppedWhenItStartsAgain() {
    Order before = place(WAREHOUSE, null, variants.get(0), 2);
    List<EventEnvelope> first = probe.events(TENANT);
    probe.deliver(first);
    for (String deployment : List.copyOf(vertx.deploymentIDs())) {
      vertx.undeploy(deployment).await();
    }

    // while no consumer runs, orders are placed and the relay publishes their events to nobody
    Order whileStopped = place(STORE, null, variants.get(1), 3);
    Order another = place(WAREHOUSE, null, variants.get(2), 1);
    owner.query("UPDATE outbox_event SET published_at = clock_timestamp() WHERE published_at IS NULL").execute().await();
    List<EventEnvelope> all = probe.events(TENANT);
    assertThat(all).hasSizeGreaterThan(first.size());

    vertx.deployVerticle(new AnalyticsConsumer(pool, analytics, new Backoff(5, 10, 100))).await();
    probe.awaitApplied(all);

    assertReadModelMatches(List.of(before.id(), whileStopped.id(), another.id()), ZoneOffset.UTC);
  }

  @Test
  void shouldApplyABurstOfEventsInFewerTransactionsThanEventsWithTheSameFigures() {
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      ids.add(place(i % 2 == 0 ? WAREHOUSE : STORE, null, variants.get(i % variants.size()), 1 + i % 3).id());
    }
    List<EventEnvelope> events = probe.events(TENANT);

    probe.deliver(events);

    assertReadModelMatches(ids, ZoneOffset.UTC);
    assertThat(events).hasSize(40);
    assertThat(probe.inboxTransactions(events)).isLessThan(events.size());
  }

  @Test
  void shouldApplyTheRestOfABatchAndDeadLetterTheOneEventThatFails() {
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      ids.add(place(WAREHOUSE, null, variants.get(i % variants.size()), 1).id());
    }
    UUID poisoned = ids.get(5);
    List<EventEnvelope> events = probe.events(TENANT);
    List<EventEnvelope> failing = events.stream().filter(e -> e.aggregateId().equals(poisoned.toString())).toList();
    owner.query("CREATE FUNCTION analytics_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        + "IF NEW.order_id = '" + poisoned + "' THEN RAISE EXCEPTION 'refused for the test'; END IF; "
        + "RETURN NEW; END $$").execute().await();
    owner.query("CREATE TRIGGER analytics_test_refuse BEFORE INSERT ON analytics_order_sales "
        + "FOR EACH ROW EXECUTE FUNCTION analytics_test_refuse()").execute().await();
    try {
      List<EventEnvelope> others = events.stream().filter(e -> !failing.contains(e)).toList();
      events.forEach(event -> vertx.eventBus().publish(event.address(), event.toJson()));
      probe.awaitApplied(others);
      probe.awaitDeadLettered(failing);
    } finally {
      owner.query("DROP TRIGGER analytics_test_refuse ON analytics_order_sales").execute().await();
      owner.query("DROP FUNCTION analytics_test_refuse()").execute().await();
    }

    assertThat(failing).hasSize(1);
    assertThat(count("SELECT count(*) FROM event_inbox WHERE consumer = $1", AnalyticsConsumer.NAME))
        .isEqualTo(events.size() - 1);
    List<UUID> applied = ids.stream().filter(id -> !id.equals(poisoned)).toList();
    assertReadModelMatches(applied, ZoneOffset.UTC);
  }

  @Test
  void shouldTakeAnOrderOutOfTheFiguresWhenItIsCancelledWhateverTheOrderOfItsEvents() {
    Order order = place(STORE, null, variants.get(1), 1);
    world.orders.cancel(TENANT, order.id(), 0, "fraud").await();
    List<EventEnvelope> events = probe.events(TENANT);
    List<EventEnvelope> reversed = new ArrayList<>(events);
    Collections.reverse(reversed);

    probe.deliver(reversed);

    assertThat(probe.dailySales(TENANT)).isEmpty();
    assertThat(probe.dailyProducts(TENANT)).isEmpty();
  }

  @Test
  void shouldBookOrdersOnTheLocalDayOfTheTenantsTimeZone() {
    owner.preparedQuery("INSERT INTO tenants (id, slug, name, plan) SELECT $1, 'zone-shop', 'Zone shop', code "
        + "FROM plans ORDER BY code LIMIT 1").execute(Tuple.of(TENANT)).await();
    owner.preparedQuery("INSERT INTO tenant_settings (tenant_id, key, value) VALUES ($1, 'store.timezone', "
        + "'\"Europe/Berlin\"')").execute(Tuple.of(TENANT)).await();
    Order order = place(WAREHOUSE, null, variants.get(0), 1);
    Instant lateEvening = Instant.parse("2026-03-01T23:30:00Z");
    owner.preparedQuery("UPDATE orders SET created_at = $2 WHERE id = $1")
        .execute(Tuple.of(order.id(), lateEvening.atOffset(ZoneOffset.UTC))).await();

    probe.deliver(probe.events(TENANT));
    SalesReport report = analytics.sales(TENANT, SalesQuery.fromQuery(MultiMap.caseInsensitiveMultiMap()
        .add("from", "2026-03-01").add("to", "2026-03-02"))).await();

    assertThat(probe.dailySales(TENANT)).containsOnlyKeys("2026-03-02 EUR " + WAREHOUSE);
    assertThat(report.timeZone()).isEqualTo("Europe/Berlin");
    assertThat(report.currencies()).hasSize(1);
    List<SalesReport.Period> series = report.currencies().get(0).series();
    assertThat(series).extracting(p -> p.figures().orders()).containsExactly(0L, 1L);
    assertThat(report.currencies().get(0).totals()).isEqualTo(new SalesFigures(1, 1000, 0, 0, 0, 0, 1));
  }

  @Test
  void shouldShowNoRowOfAnotherTenantUnderRowLevelSecurity() {
    place(WAREHOUSE, world.customer(TENANT, "c@example.com"), variants.get(0), 1);
    probe.deliver(probe.events(TENANT));

    List<Long> seen = new ArrayList<>();
    for (String table : List.of("analytics_order_sales", "analytics_daily_sales", "analytics_order_products",
        "analytics_daily_products", "analytics_order_customers", "analytics_customer_totals")) {
      seen.add(Tenancy.inTenant(pool, OTHER_TENANT, conn -> conn.query("SELECT count(*) FROM " + table).execute())
          .await().iterator().next().getLong(0));
      assertThat(count("SELECT count(*) FROM " + table + " WHERE tenant_id::text = $1", TENANT.toString()))
          .as(table).isPositive();
    }

    assertThat(seen).containsOnly(0L);
  }

  private long count(String sql, String parameter) {
    return owner.preparedQuery(sql).execute(Tuple.of(parameter)).await().iterator().next().getLong(0);
  }
}
