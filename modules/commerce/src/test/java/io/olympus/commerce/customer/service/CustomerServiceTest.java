package io.olympus.commerce.customer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.olympus.commerce.customer.model.AddressInput;
import io.olympus.commerce.customer.model.Customer;
import io.olympus.commerce.customer.model.CustomerAddress;
import io.olympus.commerce.customer.model.CustomerInput;
import io.olympus.commerce.customer.model.CustomerPage;
import io.olympus.commerce.customer.model.CustomerQuery;
import io.olympus.commerce.event.CommerceEvents;
import io.olympus.commerce.order.model.Order;
import io.olympus.commerce.order.model.PlaceOrder;
import io.olympus.commerce.support.Ordering;
import io.olympus.commerce.support.RecordingEventSink;
import io.olympus.common.error.ConflictException;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.error.PreconditionFailedException;
import io.olympus.common.event.Uuids;
import io.olympus.common.testing.TestInfra;
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
class CustomerServiceTest {

  private static final UUID TENANT = Uuids.v7();
  private static final UUID OTHER_TENANT = Uuids.v7();

  private Pool pool;
  private RecordingEventSink events;
  private Ordering world;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestInfra.get().truncateAll();
    pool = TestInfra.get().appPool(vertx);
    events = new RecordingEventSink();
    world = new Ordering(pool, events);
  }

  @AfterEach
  void tearDown() {
    // no order-number block may be mid-transaction when the pool closes
    world.orders.settled().await();
    pool.close().await();
  }

  private Customer create(JsonObject body) {
    return world.customers.create(TENANT, CustomerInput.readCreate(body)).await();
  }

  @Test
  void shouldCreateACustomerWithAddressBookAndWriteAnEventWithoutPersonalData() {
    Customer customer = create(new JsonObject().put("email", "Ada@Example.com").put("first_name", "Ada")
        .put("phones", new JsonArray().add("+44 20 7946 0000")).put("customer_group", "vip").put("tax_exempt", true)
        .put("marketing_consent", true).put("addresses", new JsonArray()
            .add(Ordering.address("GB", null, "N1 9GU").put("default_shipping", true))
            .add(Ordering.address("GB", null, "EC1A").put("default_billing", true))));

    assertThat(customer.email()).isEqualTo("ada@example.com");
    assertThat(customer.taxExempt()).isTrue();
    assertThat(customer.marketingConsentAt()).isNotNull();
    assertThat(customer.defaultShipping()).map(a -> a.address().postalCode()).hasValue("N1 9GU");
    assertThat(customer.defaultBilling()).map(a -> a.address().postalCode()).hasValue("EC1A");
    assertThat(events.ofType(CommerceEvents.CUSTOMER_CREATED)).singleElement().satisfies(e -> {
      assertThat(e.payload().encode()).doesNotContain("ada@example.com").doesNotContain("Ada").doesNotContain("7946");
      assertThat(e.payload().getString("customer_group")).isEqualTo("vip");
    });
  }

  @Test
  void shouldRefuseATakenEmailAndAStaleVersion() {
    Customer ada = create(new JsonObject().put("email", "ada@example.com"));

    Throwable taken = catchThrowable(() -> create(new JsonObject().put("email", "ada@example.com")));
    Customer renamed = world.customers.update(TENANT, ada.id(), ada.version(), CustomerInput.readUpdate(
        new JsonObject().put("last_name", "Lovelace").put("notes", null))).await();
    Throwable stale = catchThrowable(() -> world.customers.update(TENANT, ada.id(), ada.version(),
        CustomerInput.readUpdate(new JsonObject().put("last_name", "Byron"))).await());

    assertThat(taken).isInstanceOf(ConflictException.class);
    assertThat(renamed.lastName()).isEqualTo("Lovelace");
    assertThat(renamed.email()).isEqualTo("ada@example.com");
    assertThat(renamed.version()).isEqualTo(2);
    assertThat(stale).isInstanceOf(PreconditionFailedException.class);
    assertThat(events.ofType(CommerceEvents.CUSTOMER_UPDATED)).singleElement()
        .satisfies(e -> assertThat(e.payload().getJsonArray("changed").getList()).containsExactly("last_name", "notes"));
  }

  @Test
  void shouldKeepOneDefaultAddressOfEachKind() {
    Customer ada = create(new JsonObject().put("email", "ada@example.com").put("addresses", new JsonArray()
        .add(Ordering.address("DE", null, "10115").put("default_shipping", true))));

    Customer moved = world.customers.addAddress(TENANT, ada.id(), AddressInput.fromJson(
        Ordering.address("DE", null, "80331").put("default_shipping", true))).await();
    UUID old = moved.addresses().stream().filter(a -> a.address().postalCode().equals("10115")).findFirst()
        .orElseThrow().id();
    Customer removed = world.customers.removeAddress(TENANT, ada.id(), old).await();

    assertThat(moved.addresses()).filteredOn(CustomerAddress::defaultShipping).singleElement()
        .satisfies(a -> assertThat(a.address().postalCode()).isEqualTo("80331"));
    assertThat(removed.addresses()).hasSize(1);
    assertThat(removed.version()).isEqualTo(3);
  }

  @Test
  void shouldSearchByPrefixAndPageNewestFirst() {
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(create(new JsonObject().put("email", "user" + i + "@example.com").put("last_name", i % 2 == 0 ? "Smith" : "Jones")
          .put("customer_group", i < 2 ? "vip" : "retail")).id());
    }
    create(new JsonObject().put("email", "percent%@example.com"));

    CustomerPage smiths = world.customers.search(TENANT, query("q", "smi", "limit", "2")).await();
    CustomerPage moreSmiths = world.customers.search(TENANT, query("q", "SMI", "limit", "2", "cursor", smiths.nextCursor())).await();
    CustomerPage vips = world.customers.search(TENANT, query("customer_group", "vip")).await();
    CustomerPage literal = world.customers.search(TENANT, query("q", "%")).await();

    assertThat(smiths.items()).extracting(Customer::id).containsExactly(ids.get(4), ids.get(2));
    assertThat(moreSmiths.items()).extracting(Customer::id).containsExactly(ids.get(0));
    assertThat(moreSmiths.nextCursor()).isNull();
    assertThat(vips.items()).extracting(Customer::id).containsExactly(ids.get(1), ids.get(0));
    assertThat(literal.items()).isEmpty();
  }

  @Test
  void shouldEraseThePersonalDataButKeepTheOrders() {
    UUID mug = world.variant(TENANT, "MUG-1", 900);
    world.stock(TENANT, mug, Uuids.v7(), 5);
    Customer ada = create(new JsonObject().put("email", "ada@example.com").put("first_name", "Ada")
        .put("user_id", Uuids.v7().toString()).put("addresses", new JsonArray()
            .add(Ordering.address("DE", "BE", "10115").put("default_shipping", true))));
    Order order = world.orders.create(TENANT, PlaceOrder.fromJson(Ordering.orderBody(mug, 1)
        .put("customer_id", ada.id().toString()))).await();

    Customer erased = world.customers.erase(TENANT, ada.id()).await();
    Order kept = world.orders.get(TENANT, order.id()).await();
    Throwable twice = catchThrowable(() -> world.customers.erase(TENANT, ada.id()).await());

    assertThat(erased.status()).isEqualTo("erased");
    assertThat(erased.email()).isNull();
    assertThat(erased.firstName()).isNull();
    assertThat(erased.userId()).isNull();
    assertThat(erased.addresses()).isEmpty();
    assertThat(kept.customerId()).isEqualTo(ada.id());
    assertThat(kept.email()).isNull();
    assertThat(kept.shippingAddress().line1()).isNull();
    assertThat(kept.shippingAddress().country()).isEqualTo("DE");
    assertThat(kept.totalAmount()).isEqualTo(900);
    assertThat(twice).isInstanceOf(ConflictException.class);
  }

  @Test
  void shouldFindTheCustomerOfAUserAndHideCustomersFromOtherTenants() {
    UUID user = Uuids.v7();
    Customer ada = create(new JsonObject().put("email", "ada@example.com").put("user_id", user.toString()));

    assertThat(world.customers.byUser(TENANT, user).await()).map(Customer::id).hasValue(ada.id());
    assertThat(world.customers.byUser(OTHER_TENANT, user).await()).isEmpty();
    assertThat(catchThrowable(() -> world.customers.get(OTHER_TENANT, ada.id()).await())).isInstanceOf(NotFoundException.class);
    assertThat(catchThrowable(() -> world.customers.update(OTHER_TENANT, ada.id(), 0,
        CustomerInput.readUpdate(new JsonObject().put("notes", "x"))).await())).isInstanceOf(NotFoundException.class);
    assertThat(catchThrowable(() -> world.customers.erase(OTHER_TENANT, ada.id()).await())).isInstanceOf(NotFoundException.class);
    assertThat(world.customers.search(OTHER_TENANT, query()).await().items()).isEmpty();
  }

  private static CustomerQuery query(String... pairs) {
    MultiMap params = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < pairs.length; i += 2) {
      params.add(pairs[i], pairs[i + 1]);
    }
    return CustomerQuery.fromQuery(params);
  }
}
