package io.olympus.commerce.order.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.olympus.commerce.event.CommerceEvents;
import io.olympus.commerce.inventory.model.StockLevel;
import io.olympus.commerce.order.model.Fulfillment;
import io.olympus.commerce.order.model.FulfillmentInput;
import io.olympus.commerce.order.model.IllegalTransitionException;
import io.olympus.commerce.order.model.Order;
import io.olympus.commerce.order.model.OrderChange;
import io.olympus.commerce.order.model.OrderHistoryEntry;
import io.olympus.commerce.order.model.OrderLine;
import io.olympus.commerce.order.model.OrderPage;
import io.olympus.commerce.order.model.OrderQuery;
import io.olympus.commerce.order.model.OutOfStockException;
import io.olympus.commerce.order.model.PlaceOrder;
import io.olympus.commerce.pricing.model.PriceEntryInput;
import io.olympus.commerce.pricing.model.PriceListInput;
import io.olympus.commerce.shipping.model.ShippingMethodInput;
import io.olympus.commerce.shipping.model.ShippingZoneInput;
import io.olympus.commerce.support.Ordering;
import io.olympus.commerce.support.RecordingEventSink;
import io.olympus.commerce.tax.model.TaxRegionInput;
import io.olympus.common.error.FieldError;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.error.PreconditionFailedException;
import io.olympus.common.error.ValidationException;
import io.olympus.common.event.EventEnvelope;
import io.olympus.common.event.Uuids;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class OrderServiceTest {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OrderServiceTest.class);

  private static final UUID TENANT = Uuids.v7();
  private static final UUID OTHER_TENANT = Uuids.v7();
  private static final UUID WAREHOUSE = Uuids.v7();
  private static final UUID STORE = Uuids.v7();

  private Pool pool;
  private RecordingEventSink events;
  private Ordering world;
  private UUID mug;
  private UUID cup;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestInfra.get().truncateAll();
    pool = TestInfra.get().appPool(vertx);
    events = new RecordingEventSink();
    world = new Ordering(pool, events);
    mug = world.variant(TENANT, "MUG-1", 900);
    cup = world.variant(TENANT, "CUP-1", 500);
  }

  @AfterEach
  void tearDown() {
    // no order-number block may be mid-transaction when the pool closes
    world.orders.settled().await();
    pool.close().await();
  }

  private StockLevel level(UUID variant, UUID location) {
    return world.inventory.level(TENANT, variant, location).await();
  }

  private Order place(Object... variantsAndQuantities) {
    return world.orders.create(TENANT, Ordering.order(variantsAndQuantities)).await();
  }

  private static <T extends Throwable> T failure(Future<?> future, Class<T> type) {
    Throwable err = catchThrowable(future::await);
    assertThat(err).isInstanceOf(type);
    return type.cast(err);
  }

  @Test
  void shouldCreateAnOpenOrderAtServerPricesHoldingItsStockAndWritingOrderCreated() {
    world.stock(TENANT, mug, WAREHOUSE, 10);
    JsonObject body = Ordering.orderBody(mug, 3);
    body.getJsonArray("lines").getJsonObject(0).put("unit_amount", 1).put("price", new JsonObject().put("amount", 1));

    Order order = world.orders.create(TENANT, PlaceOrder.fromJson(body)).await();

    assertThat(order.status()).isEqualTo("open");
    assertThat(order.paymentStatus()).isEqualTo("unpaid");
    assertThat(order.fulfillmentStatus()).isEqualTo("unfulfilled");
    assertThat(order.number()).isEqualTo(1001);
    assertThat(order.lines()).singleElement().satisfies(line -> {
      assertThat(line.unitAmount()).isEqualTo(900);
      assertThat(line.totalAmount()).isEqualTo(2700);
      assertThat(line.locationId()).isEqualTo(WAREHOUSE);
      assertThat(line.sku()).isEqualTo("MUG-1");
    });
    assertThat(order.totalAmount()).isEqualTo(2700);
    assertThat(order.locationId()).isEqualTo(WAREHOUSE);
    assertThat(level(mug, WAREHOUSE).reserved()).isEqualTo(3);
    assertThat(world.inventory.reservation(TENANT, order.reservationId()).await().status()).isEqualTo("held");
    List<EventEnvelope> created = events.ofType(CommerceEvents.ORDER_CREATED);
    assertThat(created).singleElement().satisfies(e -> {
      assertThat(e.aggregateId()).isEqualTo(order.id().toString());
      assertThat(e.payload().getJsonObject("totals").getLong("total_amount")).isEqualTo(2700);
      assertThat(e.payload().getLong("number")).isEqualTo(1001);
    });
  }

  @Test
  void shouldAnswerAPlacedOrderAsItIsStoredAndAsOrderCreatedCarriesIt() {
    world.stock(TENANT, mug, WAREHOUSE, 10);
    world.stock(TENANT, cup, WAREHOUSE, 10);
    JsonObject body = Ordering.orderBody(mug, 2).put("email", "shopper@example.com").put("note", "by the door");
    body.getJsonArray("lines").add(new JsonObject().put("variant_id", cup.toString()).put("quantity", 1));

    // its rows go out with the commit: it is answered as placed, not as read back from the insert
    Order answered = world.orders.create(TENANT, PlaceOrder.fromJson(body)).await();
    Order stored = world.orders.get(TENANT, answered.id()).await();

    assertThat(answered.toJson()).isEqualTo(stored.toJson());
    assertThat(events.ofType(CommerceEvents.ORDER_CREATED)).singleElement()
        .satisfies(e -> assertThat(e.payload()).isEqualTo(stored.toJson()));
  }

  @Test
  void shouldRollBackTheHoldWhenTheOrdersRowsFailWithTheCommitOfATwoStepTransaction() {
    world.stock(TENANT, mug, WAREHOUSE, 10);
    TestInfra.get().executeAsOwner("""
        CREATE OR REPLACE FUNCTION refuse_probe_order() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'order refused by the probe'; END $$;
        CREATE TRIGGER refuse_probe_order BEFORE INSERT ON orders FOR EACH ROW
          WHEN (NEW.email = 'refused@example.com') EXECUTE FUNCTION refuse_probe_order();
        """);
    try {
      java.util.concurrent.atomic.AtomicBoolean lastRan = new java.util.concurrent.atomic.AtomicBoolean();
      // as an idempotent request runs it: the order's rows, then the key's row and the COMMIT in the same round trip
      Throwable err = catchThrowable(() -> io.olympus.common.db.Tenancy.inTenant(pool, TENANT, OrderService.PLACING,
          conn -> world.orders.placeIn(conn, TENANT, PlaceOrder.fromJson(Ordering.orderBody(mug, 3)
              .put("email", "refused@example.com"))),
          (conn, order) -> {
            lastRan.set(true);
            return conn.query("SELECT 1").execute().map(order);
          }).await());

      assertThat(lastRan).isTrue();
      assertThat(err).isInstanceOf(io.vertx.pgclient.PgException.class).hasMessageContaining("order refused by the probe");
      assertThat(level(mug, WAREHOUSE).reserved()).isZero();
      assertThat(world.orders.list(TENANT, OrderQuery.fromQuery(MultiMap.caseInsensitiveMultiMap())).await().items())
          .isEmpty();
      assertThat(place(mug, 1).number()).as("the next order, with its rows").isGreaterThan(1000);
    } finally {
      TestInfra.get().executeAsOwner("DROP TRIGGER refuse_probe_order ON orders; DROP FUNCTION refuse_probe_order()");
    }
  }

  @Test
  void shouldGiveUniqueNumbersToConcurrentOrdersOfTwoServiceInstances() {
    world.stock(TENANT, mug, WAREHOUSE, 1000);
    // a second instance (another process) with its own allocator, both taking small blocks
    Ordering other = new Ordering(pool, events);
    OrderNumbers oneBlocks = new OrderNumbers(pool, new io.olympus.commerce.order.repository.OrderRepository(), 3);
    OrderNumbers twoBlocks = new OrderNumbers(pool, new io.olympus.commerce.order.repository.OrderRepository(), 3);
    List<io.vertx.core.Future<Long>> numbers = new java.util.ArrayList<>();
    for (int i = 0; i < 60; i++) {
      numbers.add(io.olympus.common.db.Tenancy.inTenant(pool, TENANT, conn -> oneBlocks.next(conn, TENANT)));
      numbers.add(io.olympus.common.db.Tenancy.inTenant(pool, TENANT, conn -> twoBlocks.next(conn, TENANT)));
    }
    for (int i = 0; i < 30; i++) {
      numbers.add(world.orders.create(TENANT, Ordering.order(mug, 1)).map(Order::number));
      numbers.add(other.orders.create(TENANT, Ordering.order(mug, 1)).map(Order::number));
    }
    io.vertx.core.Future.all(numbers).await();

    List<Long> taken = numbers.stream().map(io.vertx.core.Future::result).toList();
    assertThat(taken).hasSize(180).doesNotHaveDuplicates().allMatch(n -> n >= 1001);
  }

  @Test
  void shouldContinueAfterTheLastBlockTakenWhenAnInstanceRestarts() {
    OrderNumbers before = new OrderNumbers(pool, new io.olympus.commerce.order.repository.OrderRepository(), 5);
    before.prefetch(TENANT).await();
    long first = next(before);
    long second = next(before);
    // the process stops: the rest of its block (1003-1005) is never used
    OrderNumbers after = new OrderNumbers(pool, new io.olympus.commerce.order.repository.OrderRepository(), 5);
    after.prefetch(TENANT).await();

    assertThat(List.of(first, second, next(after), next(after))).containsExactly(1001L, 1002L, 1006L, 1007L);
  }

  @Test
  void shouldTakeASingleNumberInTheOrdersTransactionWhenNoneIsInHandAndNeverWaitForABlock() {
    // a pool of one connection, held by the order's transaction: a block cannot be taken until it commits
    Pool one = io.vertx.pgclient.PgBuilder.pool().with(new io.vertx.sqlclient.PoolOptions().setMaxSize(1))
        .connectingTo(io.olympus.common.db.PgPools.connectOptions(TestInfra.get().appUrl())).build();
    OrderNumbers numbers = new OrderNumbers(one, new io.olympus.commerce.order.repository.OrderRepository(), 5);

    long single = io.olympus.common.db.Tenancy.inTenant(one, TENANT, conn -> numbers.next(conn, TENANT)).await();
    // the block asked for by the first number is taken once the connection is free again
    numbers.prefetch(TENANT).await();
    long fromBlock = io.olympus.common.db.Tenancy.inTenant(one, TENANT, conn -> numbers.next(conn, TENANT)).await();
    one.close().await();

    assertThat(List.of(single, fromBlock)).containsExactly(1001L, 1002L);
  }

  private long next(OrderNumbers numbers) {
    return io.olympus.common.db.Tenancy.inTenant(pool, TENANT, conn -> numbers.next(conn, TENANT)).await();
  }

  @Test
  void shouldNumberEachTenantsOrdersFrom1001AndSpendNoNumberOnAnOrderRefusedForStock() {
    world.stock(TENANT, mug, WAREHOUSE, 10);
    UUID otherMug = world.variant(OTHER_TENANT, "MUG-1", 900);
    world.inventory.adjust(OTHER_TENANT, io.olympus.commerce.inventory.model.Adjustment.fromJson(new JsonObject()
        .put("variant_id", otherMug.toString()).put("location_id", WAREHOUSE.toString()).put("reason", "receive")
        .put("quantity", 5))).await();

    long first = place(mug, 1).number();
    Throwable refused = catchThrowable(() -> place(mug, 100));
    long second = place(mug, 1).number();
    long otherFirst = world.orders.create(OTHER_TENANT, Ordering.order(otherMug, 1)).await().number();

    assertThat(refused).isInstanceOf(OutOfStockException.class);
    assertThat(List.of(first, second, otherFirst)).containsExactly(1001L, 1002L, 1001L);
  }

  @Test
  void shouldCreateExactly20Of500ConcurrentOrdersFor20UnitsAndNeverOversell() {
    world.stock(TENANT, mug, WAREHOUSE, 20);
    List<Future<String>> attempts = new ArrayList<>();
    long started = System.nanoTime();
    for (int i = 0; i < 500; i++) {
      attempts.add(world.orders.create(TENANT, Ordering.order(mug, 1))
          .map(o -> "created")
          .otherwise(err -> err instanceof OutOfStockException ? "out-of-stock" : err.toString()));
    }
    Future.join(attempts).await();
    LOG.info("500 concurrent orders for 20 units on a pool of 4 took {} ms", (System.nanoTime() - started) / 1_000_000);

    List<String> outcomes = attempts.stream().map(Future::result).toList();
    assertThat(outcomes.stream().filter("created"::equals).count()).isEqualTo(20);
    assertThat(outcomes.stream().filter("out-of-stock"::equals).count()).isEqualTo(480);
    StockLevel level = level(mug, WAREHOUSE);
    assertThat(level.reserved()).isEqualTo(20);
    assertThat(level.available()).isZero();
    assertThat(world.orders.list(TENANT, OrderQuery.fromQuery(MultiMap.caseInsensitiveMultiMap().add("limit", "100")))
        .await().items()).hasSize(20);
    assertThat(events.ofType(CommerceEvents.ORDER_CREATED)).hasSize(20);
  }

  @Test
  void shouldHoldNothingWhenOneLineIsShort() {
    world.stock(TENANT, mug, WAREHOUSE, 10);
    world.stock(TENANT, cup, WAREHOUSE, 1);

    OutOfStockException err = failure(world.orders.create(TENANT, Ordering.order(mug, 2, cup, 2)), OutOfStockException.class);

    assertThat(err.status()).isEqualTo(409);
    assertThat(err.type()).isEqualTo("out-of-stock");
    assertThat(level(mug, WAREHOUSE).reserved()).isZero();
    assertThat(level(cup, WAREHOUSE).reserved()).isZero();
    assertThat(events.ofType(CommerceEvents.ORDER_CREATED)).isEmpty();
  }

  @Test
  void shouldTakeEveryLineFromTheOneLocationThatHasThemAll() {
    world.stock(TENANT, mug, WAREHOUSE, 50);
    world.stock(TENANT, mug, STORE, 5);
    world.stock(TENANT, cup, STORE, 5);

    Order order = place(mug, 2, cup, 2);

    assertThat(order.lines()).allSatisfy(line -> assertThat(line.locationId()).isEqualTo(STORE));
    assertThat(order.locationId()).isEqualTo(STORE);
    assertThat(level(mug, STORE).reserved()).isEqualTo(2);
    assertThat(level(mug, WAREHOUSE).reserved()).isZero();
  }

  @Test
  void shouldSplitLinesOverLocationsWhenNoneHasThemAll() {
    world.stock(TENANT, mug, WAREHOUSE, 5);
    world.stock(TENANT, cup, STORE, 5);

    Order order = place(mug, 1, cup, 1);

    assertThat(order.lines().get(0).locationId()).isEqualTo(WAREHOUSE);
    assertThat(order.lines().get(1).locationId()).isEqualTo(STORE);
    assertThat(order.locationId()).isNull();
  }

  @Test
  void shouldTakeStockOnlyFromTheLocationAskedFor() {
    world.stock(TENANT, mug, WAREHOUSE, 5);
    JsonObject body = Ordering.orderBody(mug, 1).put("location_id", STORE.toString());

    failure(world.orders.create(TENANT, PlaceOrder.fromJson(body)), OutOfStockException.class);
  }

  @Test
  void shouldNameEveryLineThatCannotBeSold() {
    UUID draftProduct = world.catalog.createProduct(TENANT, io.olympus.commerce.catalog.model.ProductInput.readCreate(
        io.olympus.commerce.support.Fixtures.product("Draft", "DRAFT-1", 100).put("status", "draft")))
        .await().variants().get(0).id();
    UUID otherTenantsVariant = world.variant(OTHER_TENANT, "ELSEWHERE-1", 100);

    ValidationException err = failure(world.orders.create(TENANT, Ordering.order(mug, 1, draftProduct, 1,
        otherTenantsVariant, 1, Uuids.v7(), 1)), ValidationException.class);

    assertThat(err.errors()).extracting(FieldError::field)
        .containsExactly("lines[1].variant_id", "lines[2].variant_id", "lines[3].variant_id");
  }

  @Test
  void shouldPriceForTheCustomersGroupTierAndTaxAndShipTheOrder() {
    world.stock(TENANT, mug, WAREHOUSE, 100);
    UUID customer = world.customers.create(TENANT, io.olympus.commerce.customer.model.CustomerInput.readCreate(
        new JsonObject().put("email", "b2b@example.com").put("customer_group", "wholesale"))).await().id();
    UUID list = world.pricing.createPriceList(TENANT, PriceListInput.fromJson(new JsonObject().put("name", "Wholesale")
        .put("currency", "EUR").put("customer_group", "wholesale"))).await().id();
    world.pricing.addEntry(TENANT, list, PriceEntryInput.fromJson(new JsonObject().put("variant_id", mug.toString())
        .put("min_quantity", 10).put("amount", 700))).await();
    world.tax.createRegion(TENANT, TaxRegionInput.fromJson(new JsonObject().put("name", "Germany").put("country", "DE")
        .put("rates", new JsonArray()
            .add(new JsonObject().put("tax_category", "standard").put("name", "VAT").put("rate_ppm", 190_000))
            .add(new JsonObject().put("tax_category", "shipping").put("name", "VAT").put("rate_ppm", 190_000))))).await();
    UUID zone = world.shipping.createZone(TENANT, ShippingZoneInput.fromJson(new JsonObject().put("name", "EU")
        .put("areas", new JsonArray().add("DE").add("AT")))).await().id();
    UUID method = world.shipping.createMethod(TENANT, zone, ShippingMethodInput.fromJson(new JsonObject()
        .put("name", "Standard").put("basis", "flat").put("currency", "EUR")
        .put("rates", new JsonArray().add(new JsonObject().put("amount", 495))))).await().id();

    JsonObject body = Ordering.orderBody(mug, 11).put("customer_id", customer.toString())
        .put("shipping_address", Ordering.address("DE", null, "10115")).put("shipping_method_id", method.toString());
    Order order = world.orders.create(TENANT, PlaceOrder.fromJson(body)).await();

    assertThat(order.lines().get(0).unitAmount()).isEqualTo(700);
    assertThat(order.lines().get(0).priceRule().getString("kind")).isEqualTo("price_list");
    assertThat(order.subtotalAmount()).isEqualTo(7700);
    assertThat(order.lines().get(0).taxAmount()).isEqualTo(1463);
    assertThat(order.shippingAmount()).isEqualTo(495);
    assertThat(order.shippingTaxAmount()).isEqualTo(94);
    assertThat(order.taxAmount()).isEqualTo(1463 + 94);
    assertThat(order.totalAmount()).isEqualTo(7700 + 1463 + 495 + 94);
    assertThat(order.email()).isEqualTo("b2b@example.com");
    assertThat(order.customerGroup()).isEqualTo("wholesale");
    assertThat(order.shippingMethodName()).isEqualTo("Standard");
  }

  @Test
  void shouldRefuseAShippingMethodNotOfferedForTheAddress() {
    world.stock(TENANT, mug, WAREHOUSE, 10);
    UUID zone = world.shipping.createZone(TENANT, ShippingZoneInput.fromJson(new JsonObject().put("name", "DE")
        .put("areas", new JsonArray().add("DE")))).await().id();
    UUID method = world.shipping.createMethod(TENANT, zone, ShippingMethodInput.fromJson(new JsonObject()
        .put("name", "Standard").put("basis", "flat").put("currency", "EUR")
        .put("rates", new JsonArray().add(new JsonObject().put("amount", 495))))).await().id();
    JsonObject body = Ordering.orderBody(mug, 1).put("shipping_address", Ordering.address("FR", null, "75001"))
        .put("shipping_method_id", method.toString());

    ValidationException err = failure(world.orders.create(TENANT, PlaceOrder.fromJson(body)), ValidationException.class);

    assertThat(err.errors()).extracting(FieldError::field).containsExactly("shipping_method_id");
    assertThat(level(mug, WAREHOUSE).reserved()).isZero();
  }

  @Test
  void shouldFulfilPartiallyThenCompleteCommittingTheStockThroughTheLedger() {
    world.stock(TENANT, mug, WAREHOUSE, 10);
    world.stock(TENANT, cup, WAREHOUSE, 10);
    Order order = place(mug, 3, cup, 1);
    UUID mugLine = order.lines().get(0).id();

    Fulfillment first = world.orders.fulfil(TENANT, order.id(), OrderService.ANY_VERSION, FulfillmentInput.fromJson(
        new JsonObject().put("location_id", WAREHOUSE.toString()).put("carrier", "DHL").put("tracking_number", "TRACK1")
            .put("lines", new JsonArray().add(new JsonObject().put("line_id", mugLine.toString()).put("quantity", 2)))))
        .await();
    Order partly = world.orders.get(TENANT, order.id()).await();
    StockLevel afterFirst = level(mug, WAREHOUSE);
    world.orders.fulfil(TENANT, order.id(), partly.version(), FulfillmentInput.fromJson(
        new JsonObject().put("location_id", WAREHOUSE.toString()))).await();
    Order done = world.orders.get(TENANT, order.id()).await();

    assertThat(first.carrier()).isEqualTo("DHL");
    assertThat(first.trackingNumber()).isEqualTo("TRACK1");
    assertThat(partly.fulfillmentStatus()).isEqualTo("partially_fulfilled");
    assertThat(partly.status()).isEqualTo("open");
    assertThat(afterFirst.onHand()).isEqualTo(8);
    assertThat(afterFirst.reserved()).isEqualTo(1);
    assertThat(done.fulfillmentStatus()).isEqualTo("fulfilled");
    assertThat(done.status()).isEqualTo("completed");
    assertThat(done.completedAt()).isNotNull();
    assertThat(done.fulfillments()).hasSize(2);
    assertThat(done.lines()).allSatisfy(l -> assertThat(l.remaining()).isZero());
    assertThat(level(mug, WAREHOUSE).onHand()).isEqualTo(7);
    assertThat(level(mug, WAREHOUSE).reserved()).isZero();
    assertThat(level(cup, WAREHOUSE).onHand()).isEqualTo(9);
    assertThat(world.inventory.reservation(TENANT, order.reservationId()).await().status()).isEqualTo("committed");
    assertThat(world.inventory.stockAt(TENANT, mug, WAREHOUSE, java.time.Instant.now()).await().onHand()).isEqualTo(7);
    assertThat(events.ofType(CommerceEvents.FULFILLMENT_CREATED)).hasSize(2);
    List<EventEnvelope> changes = events.ofType(CommerceEvents.ORDER_STATUS_CHANGED);
    assertThat(changes).hasSize(2);
    assertThat(changes.get(1).payload().getString("old_status")).isEqualTo("open");
    assertThat(changes.get(1).payload().getString("new_status")).isEqualTo("completed");
    assertThat(changes.get(1).payload().getString("old_fulfillment_status")).isEqualTo("partially_fulfilled");
    assertThat(changes.get(1).payload().getString("new_fulfillment_status")).isEqualTo("fulfilled");
    assertThat(changes.get(1).payload().getString("old_payment_status")).isEqualTo("unpaid");
    assertThat(changes.get(1).payload().getString("new_payment_status")).isEqualTo("unpaid");
  }

  @Test
  void shouldRefuseAFulfilmentThatDoesNotFitTheOrder() {
    world.stock(TENANT, mug, WAREHOUSE, 10);
    Order order = place(mug, 2);
    UUID line = order.lines().get(0).id();

    ValidationException tooMany = failure(world.orders.fulfil(TENANT, order.id(), 0, FulfillmentInput.fromJson(
        new JsonObject().put("location_id", WAREHOUSE.toString()).put("lines", new JsonArray()
            .add(new JsonObject().put("line_id", line.toString()).put("quantity", 3))))), ValidationException.class);
    ValidationException elsewhere = failure(world.orders.fulfil(TENANT, order.id(), 0, FulfillmentInput.fromJson(
        new JsonObject().put("location_id", STORE.toString()))), ValidationException.class);
    ValidationException unknown = failure(world.orders.fulfil(TENANT, order.id(), 0, FulfillmentInput.fromJson(
        new JsonObject().put("location_id", WAREHOUSE.toString()).put("lines", new JsonArray()
            .add(new JsonObject().put("line_id", Uuids.v7().toString()).put("quantity", 1))))), ValidationException.class);

    assertThat(tooMany.errors()).extracting(FieldError::field).containsExactly("lines[0].quantity");
    assertThat(elsewhere.errors()).extracting(FieldError::field).containsExactly("location_id");
    assertThat(unknown.errors()).extracting(FieldError::field).containsExactly("lines[0].line_id");
    assertThat(level(mug, WAREHOUSE).onHand()).isEqualTo(10);
    assertThat(world.orders.get(TENANT, order.id()).await().version()).isEqualTo(order.version());
  }

  @Test
  void shouldCancelReleasingTheStockAndRecordTheRefundOwedOfAPaidOrder() {
    world.stock(TENANT, mug, WAREHOUSE, 10);
    Order order = place(mug, 4);
    world.orders.markPaid(TENANT, order.id(), OrderService.ANY_VERSION, null).await();

    Order cancelled = world.orders.cancel(TENANT, order.id(), OrderService.ANY_VERSION, "customer asked").await();

    assertThat(cancelled.status()).isEqualTo("cancelled");
    assertThat(cancelled.paymentStatus()).isEqualTo("paid");
    assertThat(cancelled.paidAmount()).isEqualTo(3600);
    assertThat(cancelled.refundOwedAmount()).isEqualTo(3600);
    assertThat(cancelled.cancelReason()).isEqualTo("customer asked");
    assertThat(cancelled.cancelledAt()).isNotNull();
    assertThat(cancelled.lines().get(0).cancelledQuantity()).isEqualTo(4);
    assertThat(level(mug, WAREHOUSE).reserved()).isZero();
    assertThat(level(mug, WAREHOUSE).onHand()).isEqualTo(10);
    assertThat(world.inventory.reservation(TENANT, order.reservationId()).await().status()).isEqualTo("released");
    assertThat(events.ofType(CommerceEvents.ORDER_CANCELLED)).hasSize(1);
    assertThat(events.ofType(CommerceEvents.ORDER_STATUS_CHANGED)).last()
        .satisfies(e -> assertThat(e.payload().getString("new_status")).isEqualTo("cancelled"));
  }

  @Test
  void shouldCancelTheRestOfAPartlyFulfilledOrderKeepingItsFulfilledLinesAndReleasingTheRest() {
    world.stock(TENANT, mug, WAREHOUSE, 10);
    world.stock(TENANT, cup, WAREHOUSE, 10);
    Order order = place(mug, 4, cup, 2);
    world.orders.markPaid(TENANT, order.id(), OrderService.ANY_VERSION, null).await();
    OrderLine mugLine = order.lines().stream().filter(l -> l.variantId().equals(mug)).findFirst().orElseThrow();
    OrderLine cupLine = order.lines().stream().filter(l -> l.variantId().equals(cup)).findFirst().orElseThrow();
    world.orders.fulfil(TENANT, order.id(), 0, FulfillmentInput.fromJson(new JsonObject()
        .put("location_id", WAREHOUSE.toString()).put("lines", new JsonArray().add(new JsonObject()
            .put("line_id", mugLine.id().toString()).put("quantity", 1))))).await();

    Order rest = world.orders.cancel(TENANT, order.id(), OrderService.ANY_VERSION, "out of season").await();

    assertThat(rest.status()).isEqualTo("completed");
    assertThat(rest.fulfillmentStatus()).isEqualTo("partially_fulfilled");
    assertThat(rest.paymentStatus()).isEqualTo("paid");
    assertThat(rest.completedAt()).isNotNull();
    assertThat(rest.cancelledAt()).isNull();
    assertThat(rest.cancelReason()).isEqualTo("out of season");
    assertThat(rest.lines()).allSatisfy(l -> assertThat(l.remaining()).isZero());
    OrderLine mugAfter = rest.lines().stream().filter(l -> l.variantId().equals(mug)).findFirst().orElseThrow();
    OrderLine cupAfter = rest.lines().stream().filter(l -> l.variantId().equals(cup)).findFirst().orElseThrow();
    assertThat(mugAfter.fulfilledQuantity()).isEqualTo(1);
    assertThat(mugAfter.cancelledQuantity()).isEqualTo(3);
    assertThat(cupAfter.fulfilledQuantity()).isZero();
    assertThat(cupAfter.cancelledQuantity()).isEqualTo(2);
    assertThat(rest.totalAmount()).isEqualTo(order.totalAmount());
    assertThat(rest.refundOwedAmount()).isEqualTo(Math.round(mugLine.totalAmount() * 3 / 4.0) + cupLine.totalAmount())
        .isEqualTo(3 * 900 + 2 * 500);
    assertThat(rest.fulfillments()).hasSize(1);
    assertThat(level(mug, WAREHOUSE).onHand()).isEqualTo(9);
    assertThat(level(mug, WAREHOUSE).reserved()).isZero();
    assertThat(level(cup, WAREHOUSE).onHand()).isEqualTo(10);
    assertThat(level(cup, WAREHOUSE).reserved()).isZero();
    assertThat(world.inventory.reservation(TENANT, order.reservationId()).await().status()).isEqualTo("released");
    assertThat(events.ofType(CommerceEvents.ORDER_CANCELLED)).isEmpty();
    assertThat(events.ofType(CommerceEvents.ORDER_UPDATED)).last()
        .satisfies(e -> assertThat(e.payload().getJsonArray("changed").getList()).containsExactly("rest_cancelled"));
    assertThat(events.ofType(CommerceEvents.ORDER_STATUS_CHANGED)).last().satisfies(e -> {
      assertThat(e.payload().getString("old_status")).isEqualTo("open");
      assertThat(e.payload().getString("new_status")).isEqualTo("completed");
      assertThat(e.payload().getString("old_fulfillment_status")).isEqualTo("partially_fulfilled");
      assertThat(e.payload().getString("new_fulfillment_status")).isEqualTo("partially_fulfilled");
    });
    assertThat(world.orders.history(TENANT, order.id()).await()).last()
        .satisfies(h -> assertThat(h.kind()).isEqualTo("rest_cancelled"));
    assertThat(failure(world.orders.cancel(TENANT, order.id(), 0, null), IllegalTransitionException.class)
        .extensions().getJsonObject("current").getString("status")).isEqualTo("completed");
    failure(world.orders.fulfil(TENANT, order.id(), 0, FulfillmentInput.fromJson(new JsonObject()
        .put("location_id", WAREHOUSE.toString()))), IllegalTransitionException.class);
  }

  @Test
  void shouldMarkPaidPartlyThenFully() {
    world.stock(TENANT, mug, WAREHOUSE, 10);
    Order order = place(mug, 1);

    Order partly = world.orders.markPaid(TENANT, order.id(), 0, 400L).await();
    ValidationException tooMuch = failure(world.orders.markPaid(TENANT, order.id(), 0, 501L), ValidationException.class);
    Order paid = world.orders.markPaid(TENANT, order.id(), 0, null).await();

    assertThat(partly.paymentStatus()).isEqualTo("partially_paid");
    assertThat(partly.paidAmount()).isEqualTo(400);
    assertThat(tooMuch.errors()).extracting(FieldError::field).containsExactly("amount");
    assertThat(paid.paymentStatus()).isEqualTo("paid");
    assertThat(paid.paidAmount()).isEqualTo(900);
  }

  @Test
  void shouldRefuseEveryIllegalTransitionNamingTheStateAndTheAllowedOnes() {
    world.stock(TENANT, mug, WAREHOUSE, 10);
    Order completed = place(mug, 1);
    world.orders.fulfil(TENANT, completed.id(), 0, FulfillmentInput.fromJson(new JsonObject()
        .put("location_id", WAREHOUSE.toString()))).await();
    Order cancelled = place(mug, 1);
    world.orders.cancel(TENANT, cancelled.id(), 0, null).await();
    Order partly = place(mug, 2);
    world.orders.fulfil(TENANT, partly.id(), 0, FulfillmentInput.fromJson(new JsonObject()
        .put("location_id", WAREHOUSE.toString()).put("lines", new JsonArray().add(new JsonObject()
            .put("line_id", partly.lines().get(0).id().toString()).put("quantity", 1))))).await();
    Order paid = place(mug, 1);
    world.orders.markPaid(TENANT, paid.id(), 0, null).await();
    Order draft = world.orders.create(TENANT, PlaceOrder.fromJson(Ordering.orderBody(mug, 1).put("draft", true))).await();
    OrderChange change = OrderChange.fromJson(new JsonObject().put("note", "late change"));
    FulfillmentInput everything = FulfillmentInput.fromJson(new JsonObject().put("location_id", WAREHOUSE.toString()));

    List<Future<?>> refused = List.of(
        world.orders.cancel(TENANT, completed.id(), 0, null),
        world.orders.modify(TENANT, completed.id(), 0, change),
        world.orders.fulfil(TENANT, completed.id(), 0, everything),
        world.orders.open(TENANT, completed.id(), 0),
        world.orders.cancel(TENANT, cancelled.id(), 0, null),
        world.orders.fulfil(TENANT, cancelled.id(), 0, everything),
        world.orders.markPaid(TENANT, cancelled.id(), 0, null),
        world.orders.modify(TENANT, cancelled.id(), 0, change),
        world.orders.modify(TENANT, partly.id(), 0, change),
        world.orders.markPaid(TENANT, paid.id(), 0, null),
        world.orders.open(TENANT, paid.id(), 0),
        world.orders.fulfil(TENANT, draft.id(), 0, everything),
        world.orders.markPaid(TENANT, draft.id(), 0, null));
    for (Future<?> attempt : refused) {
      IllegalTransitionException err = failure(attempt, IllegalTransitionException.class);
      assertThat(err.status()).isEqualTo(409);
      assertThat(err.extensions().getJsonObject("current").getString("status")).isNotBlank();
      assertThat(err.extensions().getJsonArray("allowed_actions")).isNotNull();
    }
    IllegalTransitionException onCompleted = failure(world.orders.cancel(TENANT, completed.id(), 0, null),
        IllegalTransitionException.class);
    assertThat(onCompleted.extensions().getJsonObject("current").getString("status")).isEqualTo("completed");
    assertThat(onCompleted.extensions().getJsonArray("allowed_actions").getList()).containsExactly("mark_paid");
    assertThat(onCompleted.detail()).contains("completed").contains("mark_paid");
    assertThat(level(mug, WAREHOUSE).onHand()).isEqualTo(8);
    assertThat(level(mug, WAREHOUSE).reserved()).isEqualTo(2);
  }

  @Test
  void shouldModifyLinesRepricingAndHoldingOnlyTheStockDifference() {
    world.stock(TENANT, mug, WAREHOUSE, 10);
    world.stock(TENANT, cup, WAREHOUSE, 10);
    Order order = place(mug, 2);
    UUID mugLine = order.lines().get(0).id();

    Order changed = world.orders.modify(TENANT, order.id(), order.version(), OrderChange.fromJson(new JsonObject()
        .put("lines", new JsonArray()
            .add(new JsonObject().put("variant_id", mug.toString()).put("quantity", 5))
            .add(new JsonObject().put("variant_id", cup.toString()).put("quantity", 1)))
        .put("shipping_address", Ordering.address("DE", null, "10115")))).await();
    Order shrunk = world.orders.modify(TENANT, order.id(), changed.version(), OrderChange.fromJson(new JsonObject()
        .put("lines", new JsonArray().add(new JsonObject().put("variant_id", cup.toString()).put("quantity", 3)))))
        .await();

    assertThat(changed.version()).isEqualTo(order.version() + 1);
    assertThat(changed.totalAmount()).isEqualTo(5 * 900 + 500);
    assertThat(changed.lines().get(0).id()).isEqualTo(mugLine);
    assertThat(changed.shippingAddress().country()).isEqualTo("DE");
    assertThat(shrunk.lines()).singleElement().satisfies(l -> assertThat(l.variantId()).isEqualTo(cup));
    assertThat(shrunk.totalAmount()).isEqualTo(1500);
    assertThat(level(mug, WAREHOUSE).reserved()).isZero();
    assertThat(level(cup, WAREHOUSE).reserved()).isEqualTo(3);
    assertThat(world.inventory.reservation(TENANT, order.reservationId()).await().lines())
        .singleElement().satisfies(l -> assertThat(l.quantity()).isEqualTo(3));
    assertThat(events.ofType(CommerceEvents.ORDER_UPDATED)).hasSize(2);
  }

  @Test
  void shouldRefuseAModificationBeyondTheStockAndChangeNothing() {
    world.stock(TENANT, mug, WAREHOUSE, 3);
    Order order = place(mug, 2);

    failure(world.orders.modify(TENANT, order.id(), order.version(), OrderChange.fromJson(new JsonObject()
        .put("lines", new JsonArray().add(new JsonObject().put("variant_id", mug.toString()).put("quantity", 4))))),
        OutOfStockException.class);

    Order unchanged = world.orders.get(TENANT, order.id()).await();
    assertThat(unchanged.version()).isEqualTo(order.version());
    assertThat(unchanged.lines().get(0).quantity()).isEqualTo(2);
    assertThat(level(mug, WAREHOUSE).reserved()).isEqualTo(2);
  }

  @Test
  void shouldRefuseAChangeAtAStaleVersion() {
    world.stock(TENANT, mug, WAREHOUSE, 3);
    Order order = place(mug, 1);
    world.orders.modify(TENANT, order.id(), order.version(), OrderChange.fromJson(new JsonObject().put("note", "a")))
        .await();

    failure(world.orders.modify(TENANT, order.id(), order.version(), OrderChange.fromJson(new JsonObject()
        .put("note", "b"))), PreconditionFailedException.class);
    failure(world.orders.cancel(TENANT, order.id(), order.version(), null), PreconditionFailedException.class);
  }

  @Test
  void shouldOpenADraftHoldingItsStockOnlyThen() {
    world.stock(TENANT, mug, WAREHOUSE, 5);
    Order draft = world.orders.create(TENANT, PlaceOrder.fromJson(Ordering.orderBody(mug, 2).put("draft", true))).await();
    StockLevel beforeOpening = level(mug, WAREHOUSE);

    Order opened = world.orders.open(TENANT, draft.id(), draft.version()).await();

    assertThat(draft.status()).isEqualTo("draft");
    assertThat(draft.reservationId()).isNull();
    assertThat(beforeOpening.reserved()).isZero();
    assertThat(opened.status()).isEqualTo("open");
    assertThat(opened.reservationId()).isNotNull();
    assertThat(opened.lines().get(0).locationId()).isEqualTo(WAREHOUSE);
    assertThat(level(mug, WAREHOUSE).reserved()).isEqualTo(2);
  }

  @Test
  void shouldAnswerNotFoundForAnotherTenantsOrder() {
    world.stock(TENANT, mug, WAREHOUSE, 5);
    Order order = place(mug, 1);
    FulfillmentInput everything = FulfillmentInput.fromJson(new JsonObject().put("location_id", WAREHOUSE.toString()));

    List<Future<?>> attempts = List.of(
        world.orders.get(OTHER_TENANT, order.id()),
        world.orders.history(OTHER_TENANT, order.id()),
        world.orders.modify(OTHER_TENANT, order.id(), 0, OrderChange.fromJson(new JsonObject().put("note", "x"))),
        world.orders.cancel(OTHER_TENANT, order.id(), 0, null),
        world.orders.markPaid(OTHER_TENANT, order.id(), 0, null),
        world.orders.fulfil(OTHER_TENANT, order.id(), 0, everything),
        world.orders.open(OTHER_TENANT, order.id(), 0));
    for (Future<?> attempt : attempts) {
      failure(attempt, NotFoundException.class);
    }
    assertThat(world.orders.list(OTHER_TENANT, OrderQuery.fromQuery(MultiMap.caseInsensitiveMultiMap())).await().items())
        .isEmpty();
    assertThat(world.orders.get(TENANT, order.id()).await().status()).isEqualTo("open");
  }

  @Test
  void shouldListOrdersByFilterNewestFirstInKeysetPages() {
    world.stock(TENANT, mug, WAREHOUSE, 50);
    UUID customer = world.customer(TENANT, "ada@example.com");
    List<UUID> placed = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      JsonObject body = Ordering.orderBody(mug, 1);
      if (i % 2 == 0) {
        body.put("customer_id", customer.toString());
      }
      placed.add(world.orders.create(TENANT, PlaceOrder.fromJson(body)).await().id());
    }
    world.orders.cancel(TENANT, placed.get(1), 0, null).await();

    OrderPage first = world.orders.list(TENANT, query("limit", "2")).await();
    OrderPage second = world.orders.list(TENANT, query("limit", "2", "cursor", first.nextCursor())).await();
    OrderPage third = world.orders.list(TENANT, query("limit", "2", "cursor", second.nextCursor())).await();
    OrderPage byCustomer = world.orders.list(TENANT, query("customer_id", customer.toString())).await();
    OrderPage cancelled = world.orders.list(TENANT, query("status", "cancelled")).await();
    OrderPage byNumber = world.orders.list(TENANT, query("number", "1003")).await();
    OrderPage byLocation = world.orders.list(TENANT, query("location_id", STORE.toString())).await();

    assertThat(first.items()).extracting(Order::id).containsExactly(placed.get(4), placed.get(3));
    assertThat(second.items()).extracting(Order::id).containsExactly(placed.get(2), placed.get(1));
    assertThat(third.items()).extracting(Order::id).containsExactly(placed.get(0));
    assertThat(third.nextCursor()).isNull();
    assertThat(first.items().get(0).lines()).hasSize(1);
    assertThat(byCustomer.items()).extracting(Order::id).containsExactly(placed.get(4), placed.get(2), placed.get(0));
    assertThat(cancelled.items()).extracting(Order::id).containsExactly(placed.get(1));
    assertThat(byNumber.items()).extracting(Order::number).containsExactly(1003L);
    assertThat(byLocation.items()).isEmpty();
  }

  @Test
  void shouldKeepTheHistoryOfEveryChange() {
    world.stock(TENANT, mug, WAREHOUSE, 5);
    Order order = place(mug, 2);
    world.orders.modify(TENANT, order.id(), 0, OrderChange.fromJson(new JsonObject().put("note", "gift wrap"))).await();
    world.orders.markPaid(TENANT, order.id(), 0, null).await();
    world.orders.fulfil(TENANT, order.id(), 0, FulfillmentInput.fromJson(new JsonObject()
        .put("location_id", WAREHOUSE.toString()))).await();

    List<OrderHistoryEntry> history = world.orders.history(TENANT, order.id()).await();

    assertThat(history).extracting(OrderHistoryEntry::kind).containsExactly("created", "updated", "payment", "fulfillment");
    assertThat(history.get(2).changes().getString("new_payment_status")).isEqualTo("paid");
    assertThat(history.get(3).changes().getString("new_status")).isEqualTo("completed");
    assertThat(history).allSatisfy(h -> assertThat(h.actorType()).isEqualTo("system"));
  }

  private static OrderQuery query(String... pairs) {
    MultiMap params = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < pairs.length; i += 2) {
      params.add(pairs[i], pairs[i + 1]);
    }
    return OrderQuery.fromQuery(params);
  }
}
