package io.olympus.commerce.catalog.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.commerce.catalog.model.Product;
import io.olympus.commerce.catalog.model.ProductInput;
import io.olympus.commerce.catalog.service.CatalogService;
import io.olympus.commerce.support.RecordingEventSink;
import io.olympus.common.db.PgPools;
import io.olympus.common.event.Uuids;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The product read in one statement ({@code commerce_product_read}, V080) as the runtime role: it returns what the
 * three reads in a tenant transaction return, never another tenant's product, and leaves no tenant on the pooled
 * connection it ran on.
 */
@ExtendWith(VertxExtension.class)
class ProductReadStatementTest {

  private static final UUID TENANT_A = Uuids.v7();
  private static final UUID TENANT_B = Uuids.v7();

  private static final JsonObject DEFAULT_PRODUCT = new JsonObject()
      .put("title", "Trail Running Shoe")
      .put("attributes", new JsonObject().put("material", "mesh"))
      .put("tags", new JsonArray().add("running"))
      .put("options", new JsonArray()
          .add(new JsonObject().put("name", "size").put("values", new JsonArray().add("40").add("41").add("42"))))
      .put("sku_prefix", "TRS")
      .put("price", new JsonObject().put("amount", 8999).put("currency", "EUR"));

  private Pool pool;
  /** One connection as the runtime role, pipelining: every statement of a test runs on the same session. */
  private Pool single;
  private CatalogService catalog;
  private final ProductRepository products = new ProductRepository();

  @BeforeEach
  void setUp(Vertx vertx) {
    TestInfra.get().truncateAll();
    pool = TestInfra.get().appPool(vertx);
    single = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(1))
        .connectingTo(PgPools.connectOptions(TestInfra.get().appUrl()).setPipeliningLimit(16))
        .using(vertx)
        .build();
    catalog = new CatalogService(pool, products, new CategoryRepository(), new RecordingEventSink());
  }

  @AfterEach
  void tearDown() {
    single.close().await();
    pool.close().await();
  }

  @Test
  void shouldReturnTheProductWithItsVariantsAndCategoriesInOneStatement() {
    Product created = create(TENANT_A, "A");

    Product read = products.read(single, TENANT_A, created.id()).await().orElseThrow();

    assertThat(read.id()).isEqualTo(created.id());
    assertThat(read.title()).isEqualTo(created.title());
    assertThat(read.version()).isEqualTo(created.version());
    assertThat(read.fromPrice()).isEqualTo(created.fromPrice());
    assertThat(read.variants()).isEqualTo(created.variants());
    assertThat(read.variants()).extracting(v -> v.position()).containsExactly(0, 1, 2);
    assertThat(read.categoryIds()).isEqualTo(created.categoryIds());
    assertThat(read.toJson()).isEqualTo(created.toJson());
  }

  @Test
  void shouldNeverReturnAnotherTenantsProduct() {
    Product ofA = create(TENANT_A, "A");
    Product ofB = create(TENANT_B, "B");

    Optional<Product> asB = products.read(single, TENANT_B, ofA.id()).await();
    Optional<Product> asA = products.read(single, TENANT_A, ofB.id()).await();

    assertThat(asB).isEmpty();
    assertThat(asA).isEmpty();
  }

  @Test
  void shouldKeepPipelinedReadsOfTwoTenantsApartOnOneConnection() {
    Product ofA = create(TENANT_A, "A");
    Product ofB = create(TENANT_B, "B");
    List<Future<Optional<Product>>> reads = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      // sent together on the one connection, alternating tenants: each statement sees its own tenant only
      reads.add(products.read(single, i % 2 == 0 ? TENANT_A : TENANT_B, ofA.id()));
      reads.add(products.read(single, i % 2 == 0 ? TENANT_B : TENANT_A, ofB.id()));
    }
    Future.join(new ArrayList<>(reads)).await();

    for (int i = 0; i < 20; i++) {
      Optional<Product> a = reads.get(2 * i).result();
      Optional<Product> b = reads.get(2 * i + 1).result();
      assertThat(a.map(Product::id)).isEqualTo(i % 2 == 0 ? Optional.of(ofA.id()) : Optional.empty());
      assertThat(b.map(Product::id)).isEqualTo(i % 2 == 0 ? Optional.of(ofB.id()) : Optional.empty());
    }
  }

  @Test
  void shouldLeaveNoTenantOnThePooledConnectionForItsNextUser() {
    Product ofA = create(TENANT_A, "A");
    products.read(single, TENANT_A, ofA.id()).await().orElseThrow();

    // the same (only) connection, next statement: no tenant set, so row-level security shows no row
    Row after = single.query("SELECT current_setting('app.tenant_id', true) AS tenant, olympus_current_tenant() AS current, "
        + "(SELECT count(*) FROM products) AS products, (SELECT count(*) FROM product_variants) AS variants")
        .execute().await().iterator().next();

    assertThat(after.getString("tenant")).isNullOrEmpty();
    assertThat(after.getUUID("current")).isNull();
    assertThat(after.getLong("products")).isZero();
    assertThat(after.getLong("variants")).isZero();
  }

  @Test
  void shouldLeaveNoTenantBehindWhenTheStatementFails() {
    Product ofA = create(TENANT_A, "A");
    // the function sets the tenant, then the statement fails after it: its transaction ends with the setting
    Throwable failed = single.preparedQuery("SELECT * FROM commerce_product_read($1, $2) WHERE 1 / 0 = 1")
        .execute(Tuple.of(TENANT_A, ofA.id()))
        .map(rows -> (Throwable) null)
        .otherwise(err -> err)
        .await();

    Row after = single.query("SELECT olympus_current_tenant() AS current, (SELECT count(*) FROM products) AS products")
        .execute().await().iterator().next();

    assertThat(failed).isNotNull();
    assertThat(after.getUUID("current")).isNull();
    assertThat(after.getLong("products")).isZero();
  }

  @Test
  void shouldRunAsTheCallerSoRowLevelSecurityApplies() {
    Row function = single.query("SELECT p.prosecdef AS definer, p.proconfig AS config FROM pg_proc p "
        + "WHERE p.proname = 'commerce_product_read'").execute().await().iterator().next();

    // SECURITY INVOKER and no SET clause: the runtime role's policies apply, and the set_config is not undone at exit
    assertThat(function.getBoolean("definer")).isFalse();
    assertThat(function.getValue("config")).isNull();
  }

  @Test
  void shouldServeTheServiceReadAndRefuseAnotherTenantsId() {
    Product ofA = create(TENANT_A, "A");

    Product read = catalog.getProduct(TENANT_A, ofA.id()).await();
    String asB = catalog.getProduct(TENANT_B, ofA.id()).map(p -> "visible")
        .otherwise(err -> err.getClass().getSimpleName()).await();

    assertThat(read.toJson()).isEqualTo(ofA.toJson());
    assertThat(asB).isEqualTo("NotFoundException");
  }

  private Product create(UUID tenant, String prefix) {
    return catalog.createProduct(tenant, ProductInput.readCreate(DEFAULT_PRODUCT.copy().put("sku_prefix", prefix + "-"
        + Uuids.v7().toString().substring(0, 8)))).await();
  }
}
