package io.olympus.commerce.cart.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.olympus.commerce.cart.model.CartInput;
import io.olympus.commerce.cart.model.CartView;
import io.olympus.commerce.cart.model.CheckoutInput;
import io.olympus.commerce.customer.model.CustomerInput;
import io.olympus.commerce.event.CommerceEvents;
import io.olympus.commerce.order.model.LineRequest;
import io.olympus.commerce.order.model.Order;
import io.olympus.commerce.order.model.OutOfStockException;
import io.olympus.commerce.pricing.model.PriceEntryInput;
import io.olympus.commerce.pricing.model.PriceListInput;
import io.olympus.commerce.shipping.model.ShippingMethodInput;
import io.olympus.commerce.shipping.model.ShippingOption;
import io.olympus.commerce.shipping.model.ShippingZoneInput;
import io.olympus.commerce.support.Ordering;
import io.olympus.commerce.support.RecordingEventSink;
import io.olympus.commerce.tax.model.TaxRegionInput;
import io.olympus.common.error.ConflictException;
import io.olympus.common.error.FieldError;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.error.ValidationException;
import io.olympus.common.event.Uuids;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class CartServiceTest {

  private static final UUID TENANT = Uuids.v7();
  private static final UUID OTHER_TENANT = Uuids.v7();
  private static final UUID WAREHOUSE = Uuids.v7();

  private Pool pool;
  private RecordingEventSink events;
  private Ordering world;
  private UUID mug;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestInfra.get().truncateAll();
    pool = TestInfra.get().appPool(vertx);
    events = new RecordingEventSink();
    world = new Ordering(pool, events);
    mug = world.variant(TENANT, "MUG-1", 1000);
  }

  @AfterEach
  void tearDown() {
    // no order-number block may be mid-transaction when the pool closes
    world.orders.settled().await();
    pool.close().await();
  }

  private CartView cart(JsonObject body) {
    return world.carts.create(TENANT, CartInput.readCreate(body.put("currency", "EUR"))).await();
  }

  private static JsonObject lines(Object... variantsAndQuantities) {
    JsonArray lines = new JsonArray();
    for (int i = 0; i < variantsAndQuantities.length; i += 2) {
      lines.add(new JsonObject().put("variant_id", variantsAndQuantities[i].toString())
          .put("quantity", variantsAndQuantities[i + 1]));
    }
    return new JsonObject().put("lines", lines);
  }

  @Test
  void shouldPriceAnAnonymousCartOnTheServerAndWarnOfShortStockWithoutReserving() {
    world.stock(TENANT, mug, WAREHOUSE, 2);
    JsonObject body = lines(mug, 3);
    body.getJsonArray("lines").getJsonObject(0).put("unit_amount", 1);

    CartView view = cart(body);

    assertThat(view.token()).isNotBlank();
    assertThat(view.totals().subtotal()).isEqualTo(3000);
    assertThat(view.totals().total()).isEqualTo(3000);
    assertThat(view.warnings()).singleElement().satisfies(w -> assertThat(w.code()).isEqualTo("insufficient_stock"));
    assertThat(world.inventory.level(TENANT, mug, WAREHOUSE).await().reserved()).isZero();
    assertThat(world.carts.byToken(TENANT, view.token()).await().cart().id()).isEqualTo(view.cart().id());
    JsonObject json = view.toJson();
    assertThat(json.getJsonArray("lines").getJsonObject(0).getLong("unit_amount")).isEqualTo(1000);
    assertThat(json.getJsonObject("totals").getLong("total_amount")).isEqualTo(3000);
  }

  @Test
  void shouldPriceForTheCustomersGroupAndTierAsLinesChange() {
    UUID customer = world.customers.create(TENANT, CustomerInput.readCreate(new JsonObject()
        .put("email", "vip@example.com").put("customer_group", "vip"))).await().id();
    UUID list = world.pricing.createPriceList(TENANT, PriceListInput.fromJson(new JsonObject().put("name", "VIP")
        .put("currency", "EUR").put("customer_group", "vip"))).await().id();
    world.pricing.addEntry(TENANT, list, PriceEntryInput.fromJson(new JsonObject().put("variant_id", mug.toString())
        .put("min_quantity", 5).put("amount", 800))).await();
    UUID cartId = cart(new JsonObject().put("customer_id", customer.toString())).cart().id();

    CartView one = world.carts.setLine(TENANT, cartId, mug, 1).await();
    CartView five = world.carts.addLines(TENANT, cartId, List.of(new LineRequest(mug, 4, "lines[0]"))).await();
    CartView none = world.carts.setLine(TENANT, cartId, mug, 0).await();

    assertThat(one.totals().line(mug.toString()).unitAmount()).isEqualTo(1000);
    assertThat(five.totals().line(mug.toString()).unitAmount()).isEqualTo(800);
    assertThat(five.totals().total()).isEqualTo(4000);
    assertThat(none.cart().lines()).isEmpty();
    assertThat(none.totals().total()).isZero();
    assertThat(none.token()).isNull();
  }

  @Test
  void shouldRefuseALineThatCannotBeSoldNamingIt() {
    UUID usd = world.catalog.createProduct(TENANT, io.olympus.commerce.catalog.model.ProductInput.readCreate(
        io.olympus.commerce.support.Fixtures.product("Dollar", "USD-1", 100).put("variants", new JsonArray().add(
            new JsonObject().put("sku", "USD-1").put("price", new JsonObject().put("amount", 100).put("currency", "USD"))))))
        .await().variants().get(0).id();

    Throwable err = catchThrowable(() -> cart(lines(mug, 1, usd, 1, Uuids.v7(), 1)));

    assertThat(err).isInstanceOf(ValidationException.class);
    assertThat(((ValidationException) err).errors()).extracting(FieldError::field)
        .containsExactly("lines[1].variant_id", "lines[2].variant_id");
  }

  @Test
  void shouldQuoteShippingAndTaxForTheCartsAddress() {
    world.tax.createRegion(TENANT, TaxRegionInput.fromJson(new JsonObject().put("name", "Austria").put("country", "AT")
        .put("rates", new JsonArray().add(new JsonObject().put("tax_category", "standard").put("name", "USt")
            .put("rate_ppm", 200_000))))).await();
    UUID zone = world.shipping.createZone(TENANT, ShippingZoneInput.fromJson(new JsonObject().put("name", "AT")
        .put("areas", new JsonArray().add("AT")))).await().id();
    UUID byWeight = world.shipping.createMethod(TENANT, zone, ShippingMethodInput.fromJson(new JsonObject()
        .put("name", "Parcel").put("basis", "order_value").put("currency", "EUR").put("free_over_amount", 5000)
        .put("rates", new JsonArray().add(new JsonObject().put("min_value", 0).put("amount", 700))))).await().id();
    CartView created = cart(lines(mug, 2).put("shipping_address", Ordering.address("AT", null, "1010"))
        .put("shipping_method_id", byWeight.toString()));

    List<ShippingOption> options = world.carts.shippingOptions(TENANT, created.cart().id()).await();
    CartView free = world.carts.setLine(TENANT, created.cart().id(), mug, 5).await();

    assertThat(options).extracting(ShippingOption::amount).containsExactly(700L);
    assertThat(created.totals().shippingAmount()).isEqualTo(700);
    assertThat(created.totals().tax()).isEqualTo(400);
    assertThat(created.totals().total()).isEqualTo(2000 + 400 + 700);
    assertThat(free.totals().shippingAmount()).isZero();
    assertThat(free.totals().total()).isEqualTo(6000);
  }

  @Test
  void shouldCheckOutIntoAnOrderOnceAndMarkTheCart() {
    world.stock(TENANT, mug, WAREHOUSE, 5);
    UUID cartId = cart(lines(mug, 2).put("email", "shopper@example.com")).cart().id();

    Order order = world.carts.checkout(TENANT, cartId, CheckoutInput.NONE).await();
    Throwable again = catchThrowable(() -> world.carts.checkout(TENANT, cartId, CheckoutInput.NONE).await());
    CartView after = world.carts.get(TENANT, cartId).await();

    assertThat(order.source()).isEqualTo("checkout");
    assertThat(order.cartId()).isEqualTo(cartId);
    assertThat(order.email()).isEqualTo("shopper@example.com");
    assertThat(order.totalAmount()).isEqualTo(2000);
    assertThat(again).isInstanceOf(ConflictException.class);
    assertThat(after.cart().status()).isEqualTo("checked_out");
    assertThat(after.cart().orderId()).isEqualTo(order.id());
    assertThat(world.inventory.level(TENANT, mug, WAREHOUSE).await().reserved()).isEqualTo(2);
    assertThat(events.ofType(CommerceEvents.ORDER_CREATED)).hasSize(1);
  }

  @Test
  void shouldCheckOutExactly20Of100ConcurrentCartsFor20Units() {
    world.stock(TENANT, mug, WAREHOUSE, 20);
    List<UUID> carts = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      carts.add(cart(lines(mug, 1)).cart().id());
    }
    List<Future<String>> attempts = new ArrayList<>();
    for (UUID cartId : carts) {
      attempts.add(world.carts.checkout(TENANT, cartId, CheckoutInput.NONE).map(o -> "ordered")
          .otherwise(err -> err instanceof OutOfStockException ? "out-of-stock" : err.toString()));
    }
    Future.join(attempts).await();

    List<String> outcomes = attempts.stream().map(Future::result).toList();
    assertThat(outcomes.stream().filter("ordered"::equals).count()).isEqualTo(20);
    assertThat(outcomes.stream().filter("out-of-stock"::equals).count()).isEqualTo(80);
    assertThat(world.inventory.level(TENANT, mug, WAREHOUSE).await().available()).isZero();
  }

  @Test
  void shouldRefuseToCheckOutAnEmptyCart() {
    UUID cartId = cart(new JsonObject()).cart().id();

    Throwable err = catchThrowable(() -> world.carts.checkout(TENANT, cartId, CheckoutInput.NONE).await());

    assertThat(err).isInstanceOf(ValidationException.class);
  }

  @Test
  void shouldForgetAnExpiredCartAndHideCartsFromOtherTenants() {
    UUID cartId = cart(lines(mug, 1)).cart().id();
    UUID expired = cart(lines(mug, 1)).cart().id();
    TestInfra.get().executeAsOwner("UPDATE carts SET expires_at = now() - interval '1 second' WHERE id = '" + expired + "'");

    assertThat(catchThrowable(() -> world.carts.get(TENANT, expired).await())).isInstanceOf(NotFoundException.class);
    assertThat(catchThrowable(() -> world.carts.checkout(TENANT, expired, CheckoutInput.NONE).await()))
        .isInstanceOf(NotFoundException.class);
    assertThat(catchThrowable(() -> world.carts.get(OTHER_TENANT, cartId).await())).isInstanceOf(NotFoundException.class);
    assertThat(catchThrowable(() -> world.carts.setLine(OTHER_TENANT, cartId, mug, 2).await()))
        .isInstanceOf(NotFoundException.class);
    assertThat(catchThrowable(() -> world.carts.checkout(OTHER_TENANT, cartId, CheckoutInput.NONE).await()))
        .isInstanceOf(NotFoundException.class);
    assertThat(world.carts.get(TENANT, cartId).await().cart().expiresAt()).isAfter(Instant.now());
  }
}
