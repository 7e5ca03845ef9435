package io.olympus.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.commerce.catalog.service.CatalogService;
import io.olympus.commerce.catalog.repository.CategoryRepository;
import io.olympus.commerce.catalog.model.Product;
import io.olympus.commerce.catalog.model.ProductInput;
import io.olympus.commerce.catalog.repository.ProductRepository;
import io.olympus.commerce.cart.model.CartInput;
import io.olympus.commerce.cart.model.CheckoutInput;
import io.olympus.commerce.customer.model.CustomerInput;
import io.olympus.commerce.event.EventSink;
import io.olympus.commerce.order.model.FulfillmentInput;
import io.olympus.commerce.order.service.OrderService;
import io.olympus.commerce.order.service.OrderingServices;
import io.olympus.commerce.pricing.repository.PricingRepository;
import io.olympus.commerce.pricing.service.PricingService;
import io.olympus.commerce.inventory.model.Adjustment;
import io.olympus.commerce.inventory.repository.InventoryRepository;
import io.olympus.commerce.inventory.service.InventoryService;
import io.olympus.commerce.support.LocationDirectory;
import io.olympus.common.audit.Actor;
import io.olympus.common.outbox.OutboxWriter;
import io.olympus.common.testing.ServiceHarness;
import io.olympus.common.testing.TestInfra;
import io.olympus.platform.PlatformConfig;
import io.olympus.platform.PlatformService;
import io.olympus.platform.flag.FlagInput;
import io.olympus.platform.flag.FlagService;
import io.olympus.platform.location.Location;
import io.olympus.platform.location.LocationRepository;
import io.olympus.platform.location.LocationService;
import io.olympus.platform.location.NewLocation;
import io.olympus.platform.tenant.NewTenant;
import io.olympus.platform.tenant.TenantPurger;
import io.olympus.platform.tenant.TenantRepository;
import io.olympus.platform.tenant.TenantService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A tenant purge removes the tenant's rows from the platform's and the commerce service's tables alike. */
@ExtendWith(VertxExtension.class)
class TenantPurgeAcrossServicesTest {

  private Pool pool;
  private Pool ownerPool;
  private TenantService tenants;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestInfra.get().truncateAll();
    pool = TestInfra.get().appPool(vertx);
    ownerPool = TestInfra.get().ownerPool(vertx);
    tenants = new TenantService(pool, new TenantRepository());
  }

  @AfterEach
  void tearDown() {
    pool.close().await();
    ownerPool.close().await();
  }

  /** A tenant with rows in platform tables (location, flag, role assignment, audit) and commerce tables. */
  private UUID populatedTenant(String slug) {
    UUID tenantId = tenants.create(NewTenant.fromJson(new JsonObject().put("slug", slug).put("name", slug)
        .put("plan", "pro"))).await().id();
    Location store = new LocationService(pool, new LocationRepository()).create(tenantId,
        NewLocation.fromJson(new JsonObject().put("code", "store").put("name", "Store")), Actor.SYSTEM).await();
    new FlagService(pool).upsert(tenantId, FlagInput.fromJson(new JsonObject().put("key", "beta").put("enabled", true)),
        Actor.SYSTEM).await();
    EventSink outbox = OutboxWriter::append;
    Product product = new CatalogService(pool, new ProductRepository(), new CategoryRepository(), outbox)
        .createProduct(tenantId, ProductInput.readCreate(new JsonObject().put("title", "Headphones").put("status", "active")
            .put("variants", new JsonArray().add(new JsonObject().put("sku", slug + "-HP-1")
                .put("price", new JsonObject().put("amount", 4999).put("currency", "EUR"))))))
        .await();
    InventoryService inventory = new InventoryService(pool, new InventoryRepository(), outbox);
    inventory.adjust(tenantId, Adjustment.fromJson(new JsonObject()
        .put("variant_id", product.variants().get(0).id().toString()).put("location_id", store.id().toString())
        .put("reason", "receive").put("quantity", 10))).await();
    // a customer with an address, a checked-out cart and a fulfilled order (append-only history, fulfilment lines)
    OrderingServices ordering = OrderingServices.create(pool, outbox, inventory,
        new PricingService(pool, new PricingRepository(), outbox, LocationDirectory.TRUSTED), 3600);
    UUID customer = ordering.customers().create(tenantId, CustomerInput.readCreate(new JsonObject()
        .put("email", "buyer@" + slug + ".example").put("addresses", new JsonArray().add(new JsonObject()
            .put("line1", "1 Main St").put("city", "Town").put("country", "DE"))))).await().id();
    UUID cart = ordering.carts().create(tenantId, CartInput.readCreate(new JsonObject().put("currency", "EUR")
        .put("customer_id", customer.toString()).put("lines", new JsonArray().add(new JsonObject()
            .put("variant_id", product.variants().get(0).id().toString()).put("quantity", 2))))).await().cart().id();
    UUID order = ordering.carts().checkout(tenantId, cart, CheckoutInput.NONE).await().id();
    ordering.orders().fulfil(tenantId, order, OrderService.ANY_VERSION, FulfillmentInput.fromJson(new JsonObject()
        .put("location_id", store.id().toString()))).await();
    return tenantId;
  }

  @Test
  void purgeLeavesNoRowOfTheTenantInAnyServiceAndKeepsOthers() {
    UUID doomed = populatedTenant("doomed");
    UUID survivor = populatedTenant("survivor");
    long before = countEverywhere(survivor);

    tenants.softDelete(doomed, Actor.SYSTEM).await();
    long removed = new TenantPurger(pool).purge(doomed).await();

    assertThat(removed).isGreaterThanOrEqualTo(10);
    assertThat(countEverywhere(doomed)).isZero();
    assertThat(countEverywhere(survivor)).isEqualTo(before);
    assertThat(countIn("inventory_movements", survivor)).isPositive();
    assertThat(countIn("outbox_event", survivor)).isPositive();
    assertThat(countIn("order_history", survivor)).isPositive();
    assertThat(countIn("fulfillment_lines", survivor)).isPositive();
  }

  @Test
  void theDeployedPlatformSweepsADueTenantOutOfEveryServiceOnItsOwn(Vertx vertx) {
    UUID due = populatedTenant("due");
    UUID recent = populatedTenant("recent");
    tenants.softDelete(due, Actor.SYSTEM).await();
    tenants.softDelete(recent, Actor.SYSTEM).await();
    TestInfra.get().executeAsOwner("UPDATE tenants SET deleted_at = now() - interval '721 hours' WHERE id = '" + due + "'");
    long recentRows = countEverywhere(recent);

    // the real service with a 100 ms sweep interval and the default 720 h grace
    new PlatformService(new PlatformConfig(720, 100, 20)).deploy(vertx, ServiceHarness.context(vertx, Map.of())).await();
    long left = untilPurged(vertx, due, System.nanoTime() + 20_000_000_000L).await();

    assertThat(left).isZero();
    assertThat(countEverywhere(recent)).isEqualTo(recentRows);
    assertThat(ownerPool.preparedQuery("SELECT count(*) FROM outbox_event WHERE type = 'tenant.purged' "
            + "AND aggregate_id = $1").execute(Tuple.of(due.toString()))
        .map(rows -> rows.iterator().next().getLong(0)).await()).isEqualTo(1);
  }

  /** Polls (bounded) until no row of the tenant is left; gives the last count. */
  private Future<Long> untilPurged(Vertx vertx, UUID tenantId, long deadlineNanos) {
    return vertx.executeBlocking(() -> countEverywhere(tenantId))
        .compose(left -> left > 0 && System.nanoTime() < deadlineNanos
            ? vertx.timer(100).compose(t -> untilPurged(vertx, tenantId, deadlineNanos))
            : Future.succeededFuture(left));
  }

  private long countIn(String table, UUID tenantId) {
    return ownerPool.preparedQuery("SELECT count(*) FROM " + table + " WHERE tenant_id = $1")
        .execute(Tuple.of(tenantId)).map(rows -> rows.iterator().next().getLong(0)).await();
  }

  private static long countEverywhere(UUID tenantId) {
    return TestInfra.get().countTenantRows(tenantId);
  }
}
