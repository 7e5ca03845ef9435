package io.olympus.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.commerce.catalog.CatalogService;
import io.olympus.commerce.catalog.CategoryRepository;
import io.olympus.commerce.catalog.Product;
import io.olympus.commerce.catalog.ProductInput;
import io.olympus.commerce.catalog.ProductRepository;
import io.olympus.commerce.event.EventSink;
import io.olympus.commerce.inventory.Adjustment;
import io.olympus.commerce.inventory.InventoryRepository;
import io.olympus.commerce.inventory.InventoryService;
import io.olympus.common.audit.Actor;
import io.olympus.common.outbox.OutboxWriter;
import io.olympus.common.testing.TestInfra;
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
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
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
    new InventoryService(pool, new InventoryRepository(), outbox).adjust(tenantId, Adjustment.fromJson(new JsonObject()
        .put("variant_id", product.variants().get(0).id().toString()).put("location_id", store.id().toString())
        .put("reason", "receive").put("quantity", 10))).await();
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
  }

  private long countIn(String table, UUID tenantId) {
    return ownerPool.preparedQuery("SELECT count(*) FROM " + table + " WHERE tenant_id = $1")
        .execute(Tuple.of(tenantId)).map(rows -> rows.iterator().next().getLong(0)).await();
  }

  private static long countEverywhere(UUID tenantId) {
    return TestInfra.get().countTenantRows(tenantId);
  }
}
