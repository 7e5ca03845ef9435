package io.olympus.commerce.catalog.service;

import io.olympus.commerce.catalog.model.BulkResult;
import io.olympus.commerce.catalog.model.Product;
import io.olympus.commerce.catalog.model.ProductInput;
import io.olympus.commerce.catalog.model.Variant;
import io.olympus.commerce.catalog.repository.CategoryRepository;
import io.olympus.commerce.catalog.repository.ProductRepository;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.olympus.commerce.event.CommerceEvents;
import io.olympus.commerce.support.Fixtures;
import io.olympus.commerce.support.RecordingEventSink;
import io.olympus.common.db.Tenancy;
import io.olympus.common.error.ConflictException;
import io.olympus.common.error.FieldError;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.error.PreconditionFailedException;
import io.olympus.common.error.ValidationException;
import io.olympus.common.event.Uuids;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class CatalogServiceTest {

  private static final UUID TENANT_A = Uuids.v7();
  private static final UUID TENANT_B = Uuids.v7();

  private static final JsonObject DEFAULT_PRODUCT = new JsonObject()
      .put("title", "Trail Running Shoe")
      .put("description", "Light shoe for rough trails")
      .put("attributes", new JsonObject().put("material", "mesh"))
      .put("images", new JsonArray().add(new JsonObject().put("url", "https://img.example/shoe.jpg").put("alt", "Shoe")))
      .put("tags", new JsonArray().add("Running").add("outdoor"))
      .put("options", new JsonArray()
          .add(new JsonObject().put("name", "size").put("values", new JsonArray().add("40").add("41").add("42")))
          .add(new JsonObject().put("name", "colour").put("values", new JsonArray().add("red").add("blue"))))
      .put("sku_prefix", "TRS")
      .put("price", new JsonObject().put("amount", 8999).put("currency", "EUR"));

  private Pool pool;
  private RecordingEventSink events;
  private CatalogService catalog;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestInfra.get().truncateAll();
    pool = TestInfra.get().appPool(vertx);
    events = new RecordingEventSink();
    catalog = new CatalogService(pool, new ProductRepository(), new CategoryRepository(), events);
  }

  @AfterEach
  void tearDown() {
    pool.close().await();
  }

  @Test
  void shouldCreateAProductWithVariantsFromItsOptions(VertxTestContext ctx) {
    catalog.createProduct(TENANT_A, ProductInput.readCreate(DEFAULT_PRODUCT))
        .compose(created -> catalog.getProduct(TENANT_A, created.id()))
        .onComplete(ctx.succeeding(product -> ctx.verify(() -> {
          assertThat(product.status()).isEqualTo("draft");
          assertThat(product.version()).isEqualTo(1);
          assertThat(product.tags()).containsExactly("running", "outdoor");
          assertThat(product.variants()).hasSize(6);
          assertThat(product.variants()).extracting(Variant::sku).contains("TRS-40-RED", "TRS-42-BLUE");
          assertThat(product.variants().get(0).options().getString("size")).isEqualTo("40");
          assertThat(product.fromPrice().amount()).isEqualTo(8999);
          assertThat(events.ofType(CommerceEvents.PRODUCT_CREATED)).hasSize(1);
          assertThat(events.written().get(0).aggregateId()).isEqualTo(product.id().toString());
          ctx.completeNow();
        })));
  }

  @Test
  void shouldRejectASkuAlreadyUsedInTheTenantButAllowItInAnother(VertxTestContext ctx) {
    ProductInput shoe = ProductInput.readCreate(DEFAULT_PRODUCT);
    catalog.createProduct(TENANT_A, shoe)
        .compose(ignored -> catalog.createProduct(TENANT_B, shoe))
        .compose(ignored -> catalog.createProduct(TENANT_A, shoe))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(err).isInstanceOf(ConflictException.class).hasMessageContaining("TRS-40-RED");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldUpdateAtTheCurrentVersionAndRefuseAStaleOne(VertxTestContext ctx) {
    catalog.createProduct(TENANT_A, ProductInput.readCreate(DEFAULT_PRODUCT))
        .compose(p -> catalog.updateProduct(TENANT_A, ProductInput.readUpdate(p.id(),
            new JsonObject().put("version", 1).put("title", "Trail Shoe II").put("status", "active"))))
        .compose(updated -> {
          ctx.verify(() -> {
            assertThat(updated.version()).isEqualTo(2);
            assertThat(updated.title()).isEqualTo("Trail Shoe II");
            assertThat(updated.variants()).hasSize(6);
          });
          return catalog.updateProduct(TENANT_A, ProductInput.readUpdate(updated.id(),
              new JsonObject().put("version", 1).put("title", "Lost update")));
        })
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(err).isInstanceOf(PreconditionFailedException.class);
          assertThat(((PreconditionFailedException) err).status()).isEqualTo(412);
          assertThat(events.ofType(CommerceEvents.PRODUCT_UPDATED)).hasSize(1);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldReplaceVariantsBySkuKeepingIdsOfKeptOnes(VertxTestContext ctx) {
    JsonObject variants = new JsonObject().put("version", 1).put("options", new JsonArray())
        .put("variants", new JsonArray()
            .add(new JsonObject().put("sku", "TRS-40-RED").put("price", new JsonObject().put("amount", 7999).put("currency", "EUR")))
            .add(new JsonObject().put("sku", "TRS-NEW").put("barcode", "4006381333931").put("weight_grams", 350)
                .put("price", new JsonObject().put("amount", 9999).put("currency", "EUR"))));
    catalog.createProduct(TENANT_A, ProductInput.readCreate(DEFAULT_PRODUCT))
        .compose(p -> catalog.updateProduct(TENANT_A, ProductInput.readUpdate(p.id(), variants))
            .map(updated -> List.of(p, updated)))
        .onComplete(ctx.succeeding(pair -> ctx.verify(() -> {
          Product before = pair.get(0);
          Product after = pair.get(1);
          assertThat(after.variants()).extracting(Variant::sku).containsExactly("TRS-40-RED", "TRS-NEW");
          assertThat(after.variants().get(0).id()).isEqualTo(before.variants().get(0).id());
          assertThat(after.fromPrice().amount()).isEqualTo(7999);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldArchiveAndEmitProductArchived(VertxTestContext ctx) {
    catalog.createProduct(TENANT_A, ProductInput.readCreate(DEFAULT_PRODUCT))
        .compose(p -> catalog.archiveProduct(TENANT_A, p.id(), p.version()))
        .onComplete(ctx.succeeding(archived -> ctx.verify(() -> {
          assertThat(archived.status()).isEqualTo("archived");
          assertThat(events.ofType(CommerceEvents.PRODUCT_ARCHIVED)).hasSize(1);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldNameEveryBadFieldOfAProduct() {
    JsonObject bad = new JsonObject()
        .put("title", "")
        .put("status", "sold")
        .put("tags", new JsonArray().add(42))
        .put("images", new JsonArray().add(new JsonObject().put("url", "ftp://nope")))
        .put("variants", new JsonArray()
            .add(new JsonObject().put("sku", "A 1").put("price", new JsonObject().put("amount", 1.5).put("currency", "eur")))
            .add(new JsonObject().put("sku", "B").put("weight_grams", -1)));

    ValidationException err = catchThrowableOfType(ValidationException.class, () -> ProductInput.readCreate(bad));

    assertThat(err.errors()).extracting(FieldError::field).containsExactlyInAnyOrder(
        "title", "status", "tags[0]", "images[0].url", "variants[0].sku", "variants[0].price.amount",
        "variants[0].price.currency", "variants[1].weight_grams", "variants[1].price");
  }

  @Test
  void shouldReportTheBadItemOfABulkRequestByIndex(VertxTestContext ctx) {
    JsonArray items = new JsonArray();
    for (int i = 0; i < 5; i++) {
      items.add(Fixtures.product("Bulk " + i, "BULK-" + i, 1000 + i));
    }
    items.set(2, Fixtures.product("Bulk dup", "BULK-0", 10));      // duplicate SKU: fails in the database
    items.set(3, new JsonObject().put("title", "No variants"));      // fails validation
    catalog.bulkUpsert(TENANT_A, items)
        .compose(result -> Tenancy.inTenant(pool, TENANT_A,
                conn -> conn.query("SELECT count(*) AS n FROM products").execute())
            .map(rows -> new Object[] {result, rows.iterator().next().getLong("n")}))
        .onComplete(ctx.succeeding(pair -> ctx.verify(() -> {
          BulkResult result = (BulkResult) pair[0];
          assertThat(result.items()).extracting(BulkResult.Item::outcome)
              .containsExactly("created", "created", "failed", "failed", "created");
          assertThat(result.items().get(2).error()).isInstanceOf(ConflictException.class);
          assertThat(result.items().get(3).error().errors()).extracting(FieldError::field).containsExactly("variants");
          assertThat(result.toJson().getJsonArray("items").getJsonObject(3).getInteger("index")).isEqualTo(3);
          assertThat(pair[1]).isEqualTo(3L);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldBulkUpdateWithPerItemVersionChecks(VertxTestContext ctx) {
    catalog.createProduct(TENANT_A, ProductInput.readCreate(Fixtures.product("One", "ONE", 100)))
        .compose(p -> catalog.bulkUpsert(TENANT_A, new JsonArray()
            .add(new JsonObject().put("id", p.id().toString()).put("version", 1).put("title", "One v2"))
            .add(new JsonObject().put("id", p.id().toString()).put("version", 1).put("title", "stale"))))
        .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
          assertThat(result.items()).extracting(BulkResult.Item::outcome).containsExactly("updated", "failed");
          assertThat(result.items().get(1).error()).isInstanceOf(PreconditionFailedException.class);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldRefuseMoreThanAThousandBulkItems(VertxTestContext ctx) {
    JsonArray items = new JsonArray();
    for (int i = 0; i <= CatalogService.MAX_BULK_ITEMS; i++) {
      items.add(new JsonObject());
    }
    catalog.bulkUpsert(TENANT_A, items).onComplete(ctx.failing(err -> ctx.verify(() -> {
      assertThat(err).isInstanceOf(ValidationException.class);
      assertThat(((ValidationException) err).errors()).extracting(FieldError::field).containsExactly("items");
      ctx.completeNow();
    })));
  }

  @Test
  void shouldHideTenantAsProductFromTenantBThroughEveryServiceMethod(VertxTestContext ctx) {
    catalog.createProduct(TENANT_A, ProductInput.readCreate(DEFAULT_PRODUCT))
        .compose(p -> Future.all(List.of(
            catalog.getProduct(TENANT_B, p.id()).map(x -> "visible").otherwise(err -> err.getClass().getSimpleName()),
            catalog.updateProduct(TENANT_B, ProductInput.readUpdate(p.id(), new JsonObject().put("version", 1).put("title", "x")))
                .map(x -> "visible").otherwise(err -> err.getClass().getSimpleName()),
            catalog.archiveProduct(TENANT_B, p.id(), 1).map(x -> "visible").otherwise(err -> err.getClass().getSimpleName()),
            catalog.bulkUpsert(TENANT_B, new JsonArray().add(new JsonObject().put("id", p.id().toString()).put("version", 1)))
                .map(r -> r.items().get(0).error().getClass().getSimpleName()))))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          assertThat(all.<String>list()).containsOnly(NotFoundException.class.getSimpleName());
          ctx.completeNow();
        })));
  }

  @Test
  void shouldHideTenantAsCatalogRowsThroughRlsAlone(VertxTestContext ctx) {
    catalog.createProduct(TENANT_A, ProductInput.readCreate(DEFAULT_PRODUCT))
        // no tenant_id filters: only row-level security stands between the tenants
        .compose(p -> Future.all(
            Tenancy.inTenant(pool, TENANT_B, conn -> conn.query(
                "SELECT (SELECT count(*) FROM products) + (SELECT count(*) FROM product_variants) AS n").execute()),
            Tenancy.inTenant(pool, TENANT_A, conn -> conn.query(
                "SELECT (SELECT count(*) FROM products) + (SELECT count(*) FROM product_variants) AS n").execute()),
            Tenancy.inTenant(pool, TENANT_B, conn -> conn.query(
                "UPDATE products SET title = 'hijacked' RETURNING id").execute())))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          assertThat(all.<RowSet<Row>>resultAt(0).iterator().next().getLong("n")).isZero();
          assertThat(all.<RowSet<Row>>resultAt(1).iterator().next().getLong("n")).isEqualTo(7L);
          assertThat(all.<RowSet<Row>>resultAt(2).rowCount()).isZero();
          ctx.completeNow();
        })));
  }
}
