package io.olympus.commerce;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.commerce.support.Fixtures;
import io.olympus.commerce.support.TestIdentity;
import io.olympus.common.event.EventEnvelope;
import io.olympus.common.event.Uuids;
import io.olympus.common.testing.ServiceHarness;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The commerce HTTP API over the real router, PostgreSQL and Redis, with test-signed access tokens. */
@ExtendWith(VertxExtension.class)
class CommerceApiTest {

  private static final UUID TENANT_A = Uuids.v7();
  private static final UUID TENANT_B = Uuids.v7();
  private static final UUID WAREHOUSE = Uuids.v7();
  private static final UUID STORE = Uuids.v7();

  private ServiceHarness.Deployed app;
  private WebClient client;
  private TestIdentity identity;
  private String tokenA;
  private String tokenB;
  private Pool owner;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestInfra.get().truncateAll();
    identity = TestIdentity.install(vertx);
    app = ServiceHarness.deploy(vertx, ServiceHarness.context(Map.of("DATABASE_POOL_SIZE", "8")),
        ctx -> new CommerceHttpVerticle(ctx, 0)).await();
    client = app.client();
    tokenA = identity.token(TENANT_A, TestIdentity.ALL);
    tokenB = identity.token(TENANT_B, TestIdentity.ALL);
    for (UUID tenant : List.of(TENANT_A, TENANT_B)) {
      identity.location(tenant, WAREHOUSE);
      identity.location(tenant, STORE);
    }
    owner = TestInfra.get().ownerPool(vertx);
  }

  @AfterEach
  void tearDown(Vertx vertx) {
    owner.close().await();
    app.close(vertx).await();
  }

  // ---- products ----

  @Test
  void shouldRefuseAProductBeyondThePlansLimitUntilOneIsArchived() {
    identity.limitProducts(TENANT_A, 2);
    createProduct(tokenA, "Mug", "MUG-1", 900);
    JsonObject cup = createProduct(tokenA, "Cup", "CUP-1", 500);

    HttpResponse<Buffer> third = send(HttpMethod.POST, "/api/v1/products", tokenA, Fixtures.product("Bowl", "BOWL-1", 700));
    assertThat(third.statusCode()).isEqualTo(403);
    assertThat(third.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(third.bodyAsJsonObject().getString("type")).isEqualTo("urn:olympus:problem:quota-exceeded");
    assertThat(third.bodyAsJsonObject().getString("detail")).contains("at most 2 products");
    assertThat(owner.query("SELECT count(*) FROM product_variants WHERE sku = 'BOWL-1'").execute().await()
        .iterator().next().getLong(0)).isZero();
    // another tenant's catalogue does not count
    assertThat(send(HttpMethod.POST, "/api/v1/products", tokenB, Fixtures.product("Bowl", "BOWL-1", 700)).statusCode())
        .isEqualTo(201);

    // archived products do not count
    HttpResponse<Buffer> archived = request(HttpMethod.POST, "/api/v1/products/" + cup.getString("id") + "/archive",
        tokenA).putHeader("If-Match", "\"1\"").send().await();
    assertThat(archived.statusCode()).as(archived.bodyAsString()).isEqualTo(200);
    assertThat(send(HttpMethod.POST, "/api/v1/products", tokenA, Fixtures.product("Bowl", "BOWL-1", 700)).statusCode())
        .isEqualTo(201);
    // ... and bringing one back takes a slot again
    HttpResponse<Buffer> revived = request(HttpMethod.PATCH, "/api/v1/products/" + cup.getString("id"), tokenA)
        .putHeader("If-Match", "\"2\"").sendJsonObject(new JsonObject().put("status", "active")).await();
    assertThat(revived.statusCode()).as(revived.bodyAsString()).isEqualTo(403);
    assertThat(revived.bodyAsJsonObject().getString("type")).isEqualTo("urn:olympus:problem:quota-exceeded");
  }

  @Test
  void shouldNotOvershootTheProductLimitUnderConcurrentCreations(Vertx vertx) {
    identity.limitProducts(TENANT_A, 3);
    List<Future<HttpResponse<Buffer>>> attempts = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      attempts.add(request(HttpMethod.POST, "/api/v1/products", tokenA)
          .sendJsonObject(Fixtures.product("Lamp " + i, "LAMP-" + i, 1000 + i)));
    }
    Future.join(attempts).await();
    List<String> answers = attempts.stream().map(a -> a.result().statusCode() + " " + a.result().bodyAsString()).toList();
    assertThat(answers).filteredOn(a -> a.startsWith("201")).as(answers.toString()).hasSize(3);
    assertThat(answers).filteredOn(a -> a.startsWith("403")).as(answers.toString()).hasSize(5);
    assertThat(owner.preparedQuery("SELECT count(*) FROM products WHERE tenant_id = $1").execute(Tuple.of(TENANT_A))
        .await().iterator().next().getLong(0)).isEqualTo(3);
  }

  @Test
  void shouldFailOnlyTheBulkCreationsBeyondTheProductLimit() {
    identity.limitProducts(TENANT_A, 2);
    JsonObject existing = createProduct(tokenA, "Mug", "MUG-1", 900);
    JsonObject body = new JsonObject().put("items", new JsonArray()
        .add(Fixtures.product("Cup", "CUP-1", 500))
        .add(new JsonObject().put("id", existing.getString("id")).put("version", 1).put("title", "Big mug"))
        .add(Fixtures.product("Bowl", "BOWL-1", 700)));

    HttpResponse<Buffer> response = send(HttpMethod.POST, "/api/v1/products/bulk", tokenA, body);

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(207);
    JsonArray items = response.bodyAsJsonObject().getJsonArray("items");
    assertThat(items.getJsonObject(0).getInteger("status")).isEqualTo(201);
    assertThat(items.getJsonObject(1).getInteger("status")).isEqualTo(200);
    assertThat(items.getJsonObject(2).getInteger("status")).isEqualTo(403);
    assertThat(items.getJsonObject(2).encode()).contains("quota-exceeded");
  }


  @Test
  void shouldCreateProductWithLocationAndETagAndServeItWith304OnMatch() {
    HttpResponse<Buffer> created = send(HttpMethod.POST, "/api/v1/products", tokenA,
        Fixtures.product("Wireless Headphones", "WH-1", 1999));
    assertThat(created.statusCode()).isEqualTo(201);
    String id = created.bodyAsJsonObject().getString("id");
    assertThat(created.getHeader("Location")).isEqualTo("/api/v1/products/" + id);
    assertThat(created.getHeader("ETag")).isEqualTo("\"1\"");
    assertThat(created.bodyAsJsonObject().getJsonObject("from_price"))
        .isEqualTo(new JsonObject().put("amount", 1999).put("currency", "EUR"));

    HttpResponse<Buffer> read = send(HttpMethod.GET, "/api/v1/products/" + id, tokenA, null);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.getHeader("ETag")).isEqualTo("\"1\"");
    assertThat(read.bodyAsJsonObject().getString("title")).isEqualTo("Wireless Headphones");

    HttpResponse<Buffer> notModified = request(HttpMethod.GET, "/api/v1/products/" + id, tokenA)
        .putHeader("If-None-Match", "\"1\"").send().await();
    assertThat(notModified.statusCode()).isEqualTo(304);
  }

  @Test
  void shouldWriteTheOutboxEventAndAnAuditEntryInTheTransactionOfACreate() {
    String id = createProduct(tokenA, "Mug", "MUG-1", 900).getString("id");

    long events = count("SELECT count(*) FROM outbox_event WHERE tenant_id = $1 AND type = 'product.created' "
        + "AND aggregate_id = $2", TENANT_A, id);
    long audits = count("SELECT count(*) FROM audit_log WHERE tenant_id = $1 AND action = 'product.created' "
        + "AND resource_id = $2 AND actor_type = 'user'", TENANT_A, id);
    assertThat(events).isEqualTo(1);
    assertThat(audits).isEqualTo(1);
  }

  @Test
  void shouldAuditChangesThatEmitNoEventAndNotAuditRefusedOnes() {
    String variant = createProduct(tokenA, "Mug", "MUG-1", 900).getJsonArray("variants").getJsonObject(0)
        .getString("id");
    String category = send(HttpMethod.POST, "/api/v1/categories", tokenA,
        new JsonObject().put("name", "Kitchen").put("slug", "kitchen")).bodyAsJsonObject().getString("id");
    String list = send(HttpMethod.POST, "/api/v1/price-lists", tokenA,
        new JsonObject().put("name", "Trade").put("currency", "EUR")).bodyAsJsonObject().getString("id");
    receive(tokenA, variant, WAREHOUSE, 3);
    assertThat(send(HttpMethod.POST, "/api/v1/inventory/reservations", tokenA, reservation(variant, 4)).statusCode())
        .isEqualTo(409);

    assertThat(count("SELECT count(*) FROM audit_log WHERE tenant_id = $1 AND action = 'category.created' "
        + "AND resource_id = $2", TENANT_A, category)).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM audit_log WHERE tenant_id = $1 AND action = 'price_list.created' "
        + "AND resource_id = $2", TENANT_A, list)).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM audit_log WHERE tenant_id = $1 AND action = 'inventory.updated' "
        + "AND resource_id LIKE $2", TENANT_A, variant + "%")).isEqualTo(1);
  }

  @Test
  void shouldRequireIfMatchOnPatchAndRefuseAStaleOne() {
    String id = createProduct(tokenA, "Mug", "MUG-1", 900).getString("id");
    JsonObject change = new JsonObject().put("title", "Big mug");

    HttpResponse<Buffer> missing = send(HttpMethod.PATCH, "/api/v1/products/" + id, tokenA, change);
    assertThat(missing.statusCode()).isEqualTo(428);
    assertThat(missing.getHeader("Content-Type")).startsWith("application/problem+json");

    HttpResponse<Buffer> updated = request(HttpMethod.PATCH, "/api/v1/products/" + id, tokenA)
        .putHeader("If-Match", "\"1\"").sendJsonObject(change).await();
    assertThat(updated.statusCode()).isEqualTo(200);
    assertThat(updated.getHeader("ETag")).isEqualTo("\"2\"");
    assertThat(updated.bodyAsJsonObject().getString("title")).isEqualTo("Big mug");

    HttpResponse<Buffer> stale = request(HttpMethod.PATCH, "/api/v1/products/" + id, tokenA)
        .putHeader("If-Match", "\"1\"").sendJsonObject(new JsonObject().put("title", "Huge mug")).await();
    assertThat(stale.statusCode()).isEqualTo(412);
    assertThat(send(HttpMethod.GET, "/api/v1/products/" + id, tokenA, null).bodyAsJsonObject().getString("title"))
        .isEqualTo("Big mug");
  }

  @Test
  void shouldServeTheNewDocumentAfterAnUpdateOrAnArchive() {
    String id = createProduct(tokenA, "Mug", "MUG-1", 900).getString("id");
    assertThat(send(HttpMethod.GET, "/api/v1/products/" + id, tokenA, null).statusCode()).isEqualTo(200);

    request(HttpMethod.PATCH, "/api/v1/products/" + id, tokenA).putHeader("If-Match", "\"1\"")
        .sendJsonObject(new JsonObject().put("title", "Big mug")).await();
    HttpResponse<Buffer> afterUpdate = send(HttpMethod.GET, "/api/v1/products/" + id, tokenA, null);
    assertThat(afterUpdate.bodyAsJsonObject().getString("title")).isEqualTo("Big mug");

    HttpResponse<Buffer> archived = request(HttpMethod.POST, "/api/v1/products/" + id + "/archive", tokenA)
        .putHeader("If-Match", "\"2\"").send().await();
    assertThat(archived.statusCode()).isEqualTo(200);
    HttpResponse<Buffer> afterArchive = send(HttpMethod.GET, "/api/v1/products/" + id, tokenA, null);
    assertThat(afterArchive.bodyAsJsonObject().getString("status")).isEqualTo("archived");
    assertThat(afterArchive.getHeader("ETag")).isEqualTo("\"3\"");
  }

  @Test
  void shouldApplyIfMatchStarToWhateverVersionIsStoredAndStillAnswer404ForMissingOrOtherTenantsProducts() {
    String id = createProduct(tokenA, "Mug", "MUG-1", 900).getString("id");

    HttpResponse<Buffer> first = request(HttpMethod.PATCH, "/api/v1/products/" + id, tokenA)
        .putHeader("If-Match", "*").sendJsonObject(new JsonObject().put("title", "Big mug")).await();
    HttpResponse<Buffer> second = request(HttpMethod.PATCH, "/api/v1/products/" + id, tokenA)
        .putHeader("If-Match", " * ").sendJsonObject(new JsonObject().put("title", "Huge mug")).await();
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(200);
    assertThat(first.getHeader("ETag")).isEqualTo("\"2\"");
    assertThat(second.statusCode()).as(second.bodyAsString()).isEqualTo(200);
    assertThat(second.getHeader("ETag")).isEqualTo("\"3\"");
    assertThat(second.bodyAsJsonObject().getString("title")).isEqualTo("Huge mug");

    // "*" matches only a product that exists for this tenant
    HttpResponse<Buffer> otherTenant = request(HttpMethod.PATCH, "/api/v1/products/" + id, tokenB)
        .putHeader("If-Match", "*").sendJsonObject(new JsonObject().put("title", "Mine now")).await();
    HttpResponse<Buffer> missing = request(HttpMethod.PATCH, "/api/v1/products/" + UUID.randomUUID(), tokenA)
        .putHeader("If-Match", "*").sendJsonObject(new JsonObject().put("title", "Ghost")).await();
    assertThat(otherTenant.statusCode()).isEqualTo(404);
    assertThat(missing.statusCode()).isEqualTo(404);
    // a quoted star is an entity tag that is not one of ours, not the wildcard
    HttpResponse<Buffer> quoted = request(HttpMethod.PATCH, "/api/v1/products/" + id, tokenA)
        .putHeader("If-Match", "\"*\"").sendJsonObject(new JsonObject().put("title", "Quoted")).await();
    assertThat(quoted.statusCode()).isEqualTo(412);

    HttpResponse<Buffer> archived = request(HttpMethod.POST, "/api/v1/products/" + id + "/archive", tokenA)
        .putHeader("If-Match", "*").send().await();
    assertThat(archived.statusCode()).as(archived.bodyAsString()).isEqualTo(200);
    assertThat(archived.bodyAsJsonObject().getString("status")).isEqualTo("archived");
    assertThat(archived.getHeader("ETag")).isEqualTo("\"4\"");

    String category = send(HttpMethod.POST, "/api/v1/categories", tokenA,
        new JsonObject().put("name", "Kitchen").put("slug", "kitchen")).bodyAsJsonObject().getString("id");
    String parent = send(HttpMethod.POST, "/api/v1/categories", tokenA,
        new JsonObject().put("name", "Home").put("slug", "home")).bodyAsJsonObject().getString("id");
    HttpResponse<Buffer> moved = request(HttpMethod.POST, "/api/v1/categories/" + category + "/move", tokenA)
        .putHeader("If-Match", "*").sendJsonObject(new JsonObject().put("parent_id", parent)).await();
    assertThat(moved.statusCode()).as(moved.bodyAsString()).isEqualTo(200);
    assertThat(moved.bodyAsJsonObject().getString("parent_id")).isEqualTo(parent);
    assertThat(send(HttpMethod.GET, "/api/v1/products/" + id, tokenB, null).statusCode()).isEqualTo(404);
  }

  @Test
  void shouldDropACachedProductWhenAnotherProcessReportsItUpdated(Vertx vertx) {
    String id = createProduct(tokenA, "Mug", "MUG-1", 900).getString("id");
    assertThat(send(HttpMethod.GET, "/api/v1/products/" + id, tokenA, null).statusCode()).isEqualTo(200);
    // another process changes the row and its relay publishes product.updated on the (clustered) bus
    owner.preparedQuery("UPDATE products SET title = 'Renamed elsewhere', version = version + 1 WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(id))).await();
    vertx.eventBus().publish("events.product.updated", EventEnvelope.of("product.updated", TENANT_A, "product", id,
        null, new JsonObject()).toJson());

    // the event arrives asynchronously: read again (bounded, far below the cache TTL) until it has been applied
    HttpResponse<Buffer> read = send(HttpMethod.GET, "/api/v1/products/" + id, tokenA, null);
    for (int attempt = 0; attempt < 150 && !"Renamed elsewhere".equals(read.bodyAsJsonObject().getString("title"));
        attempt++) {
      vertx.timer(20).await();
      read = send(HttpMethod.GET, "/api/v1/products/" + id, tokenA, null);
    }
    assertThat(read.bodyAsJsonObject().getString("title")).isEqualTo("Renamed elsewhere");
    assertThat(read.getHeader("ETag")).isEqualTo("\"2\"");
  }

  @Test
  void shouldReportTheBadItemOfABulkByIndexAndSaveTheOthers() {
    JsonObject body = new JsonObject().put("items", new JsonArray()
        .add(Fixtures.product("Mug", "MUG-1", 900))
        .add(Fixtures.product("Cup", "CUP-1", 500).put("variants", new JsonArray().add(new JsonObject()
            .put("sku", "CUP-1").put("price", new JsonObject().put("amount", -5).put("currency", "EUR")))))
        .add(Fixtures.product("Bowl", "BOWL-1", 700)));

    HttpResponse<Buffer> response = send(HttpMethod.POST, "/api/v1/products/bulk", tokenA, body);

    assertThat(response.statusCode()).isEqualTo(207);
    JsonObject result = response.bodyAsJsonObject();
    assertThat(result.getInteger("succeeded")).isEqualTo(2);
    assertThat(result.getInteger("failed")).isEqualTo(1);
    JsonObject bad = result.getJsonArray("items").getJsonObject(1);
    assertThat(bad.getInteger("index")).isEqualTo(1);
    assertThat(bad.getInteger("status")).isEqualTo(400);
    assertThat(bad.getJsonObject("error").getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("variants[0].price.amount");
    assertThat(result.getJsonArray("items").getJsonObject(0).getInteger("status")).isEqualTo(201);
    assertThat(result.getJsonArray("items").getJsonObject(2).getInteger("status")).isEqualTo(201);
  }

  @Test
  void shouldFindAProductByAMisspelledWordWithFacetsAndCursor() {
    createProduct(tokenA, "Wireless Headphones", "WH-1", 1999);
    createProduct(tokenA, "Wired Headphones", "WH-2", 999);
    createProduct(tokenA, "Coffee Mug", "MUG-1", 900);

    HttpResponse<Buffer> response = request(HttpMethod.GET, "/api/v1/products", tokenA)
        .addQueryParam("q", "hedphones").addQueryParam("limit", "1").send().await();

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject page = response.bodyAsJsonObject();
    assertThat(page.getJsonArray("items")).hasSize(1);
    assertThat(page.getJsonArray("items").getJsonObject(0).getString("title")).contains("Headphones");
    assertThat(page.getString("next_cursor")).isNotNull();
    assertThat(page.getJsonObject("facets").getJsonArray("tags").getJsonObject(0).getLong("count")).isEqualTo(2);

    HttpResponse<Buffer> next = request(HttpMethod.GET, "/api/v1/products", tokenA)
        .addQueryParam("q", "hedphones").addQueryParam("limit", "1")
        .addQueryParam("cursor", page.getString("next_cursor")).send().await();
    assertThat(next.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("title"))
        .contains("Headphones")
        .isNotEqualTo(page.getJsonArray("items").getJsonObject(0).getString("title"));
  }

  @Test
  void shouldServeARepeatedSearchFromTheCacheUntilAWriteCommitsAndKeepTenantsApart() {
    String id = createProduct(tokenA, "Oak Desk Lamp", "LAMP-1", 1999).getString("id");
    createProduct(tokenB, "Steel Lamp", "LAMP-1", 999);

    HttpResponse<Buffer> first = search(tokenA, "lamp");
    HttpResponse<Buffer> again = search(tokenA, "Lamp");
    HttpResponse<Buffer> otherTenant = search(tokenB, "lamp");
    request(HttpMethod.PATCH, "/api/v1/products/" + id, tokenA).putHeader("If-Match", "\"1\"")
        .sendJsonObject(new JsonObject().put("title", "Oak Reading Lamp")).await();
    HttpResponse<Buffer> afterUpdate = search(tokenA, "lamp");

    assertThat(first.getHeader("X-Search-Cache")).isEqualTo("miss");
    assertThat(again.getHeader("X-Search-Cache")).isEqualTo("hit");
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(otherTenant.getHeader("X-Search-Cache")).isEqualTo("miss");
    assertThat(otherTenant.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("title"))
        .isEqualTo("Steel Lamp");
    assertThat(afterUpdate.getHeader("X-Search-Cache")).isEqualTo("miss");
    assertThat(afterUpdate.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("title"))
        .isEqualTo("Oak Reading Lamp");
    assertThat(afterUpdate.bodyAsJsonObject().getBoolean("facets_capped")).isFalse();
  }

  private HttpResponse<Buffer> search(String token, String text) {
    HttpResponse<Buffer> response = request(HttpMethod.GET, "/api/v1/products", token).addQueryParam("q", text)
        .send().await();
    assertThat(response.statusCode()).isEqualTo(200);
    return response;
  }

  // ---- security ----

  @Test
  void shouldAnswer401WithoutAToken() {
    HttpResponse<Buffer> response = client.get("/api/v1/products").send().await();
    assertThat(response.statusCode()).isEqualTo(401);
  }

  @Test
  void shouldRefuseAWriteToAUserWithoutProductsWriteNamingThePermission() {
    String reader = identity.token(TENANT_A, List.of("products:read"));

    HttpResponse<Buffer> response = send(HttpMethod.POST, "/api/v1/products", reader,
        Fixtures.product("Mug", "MUG-1", 900));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.bodyAsJsonObject().getString("detail")).contains("products:write");
    assertThat(send(HttpMethod.GET, "/api/v1/products", reader, null).statusCode()).isEqualTo(200);
  }

  @Test
  void shouldAnswer404ToAnotherTenantOnEveryEndpoint() {
    JsonObject product = createProduct(tokenA, "Mug", "MUG-1", 900);
    String id = product.getString("id");
    String variant = product.getJsonArray("variants").getJsonObject(0).getString("id");
    receive(tokenA, variant, WAREHOUSE, 10);
    String reservation = send(HttpMethod.POST, "/api/v1/inventory/reservations", tokenA, reservation(variant, 1))
        .bodyAsJsonObject().getString("id");
    String priceList = send(HttpMethod.POST, "/api/v1/price-lists", tokenA,
        new JsonObject().put("name", "Trade").put("currency", "EUR")).bodyAsJsonObject().getString("id");
    JsonObject category = send(HttpMethod.POST, "/api/v1/categories", tokenA,
        new JsonObject().put("name", "Kitchen").put("slug", "kitchen")).bodyAsJsonObject();

    List<HttpResponse<Buffer>> answers = new ArrayList<>();
    answers.add(send(HttpMethod.GET, "/api/v1/products/" + id, tokenB, null));
    answers.add(request(HttpMethod.PATCH, "/api/v1/products/" + id, tokenB).putHeader("If-Match", "\"1\"")
        .sendJsonObject(new JsonObject().put("title", "Mine now")).await());
    answers.add(request(HttpMethod.POST, "/api/v1/products/" + id + "/archive", tokenB)
        .putHeader("If-Match", "\"1\"").send().await());
    answers.add(send(HttpMethod.GET, "/api/v1/inventory/" + id, tokenB, null));
    answers.add(send(HttpMethod.POST, "/api/v1/inventory/adjustments", tokenB, new JsonObject()
        .put("variant_id", variant).put("location_id", WAREHOUSE.toString()).put("reason", "receive").put("quantity", 5)));
    answers.add(send(HttpMethod.POST, "/api/v1/inventory/transfers", tokenB, new JsonObject()
        .put("from_location_id", WAREHOUSE.toString()).put("to_location_id", STORE.toString())
        .put("lines", new JsonArray().add(new JsonObject().put("variant_id", variant).put("quantity", 1)))));
    answers.add(send(HttpMethod.POST, "/api/v1/inventory/reservations", tokenB, reservation(variant, 1)));
    answers.add(send(HttpMethod.POST, "/api/v1/inventory/reservations/" + reservation + "/commit", tokenB, null));
    answers.add(send(HttpMethod.POST, "/api/v1/inventory/reservations/" + reservation + "/release", tokenB, null));
    answers.add(request(HttpMethod.GET, "/api/v1/inventory/stock-at", tokenB).addQueryParam("variant_id", variant)
        .addQueryParam("location_id", WAREHOUSE.toString()).send().await());
    answers.add(send(HttpMethod.POST, "/api/v1/price-lists/" + priceList + "/entries", tokenB,
        new JsonObject().put("variant_id", variant).put("amount", 100)));
    answers.add(send(HttpMethod.POST, "/api/v1/prices/quote", tokenB,
        new JsonObject().put("variant_id", variant).put("quantity", 1)));
    answers.add(send(HttpMethod.GET, "/api/v1/categories/" + category.getString("id"), tokenB, null));
    answers.add(request(HttpMethod.POST, "/api/v1/categories/" + category.getString("id") + "/move", tokenB)
        .putHeader("If-Match", "\"1\"").sendJsonObject(new JsonObject().putNull("parent_id")).await());

    assertThat(answers).allSatisfy(answer -> assertThat(answer.statusCode())
        .as(answer.bodyAsString()).isEqualTo(404));
    HttpResponse<Buffer> bulk = send(HttpMethod.POST, "/api/v1/products/bulk", tokenB, new JsonObject()
        .put("items", new JsonArray().add(new JsonObject().put("id", id).put("version", 1).put("title", "Mine"))));
    assertThat(bulk.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getInteger("status")).isEqualTo(404);
    assertThat(send(HttpMethod.GET, "/api/v1/products", tokenB, null).bodyAsJsonObject().getJsonArray("items"))
        .isEmpty();
    assertThat(send(HttpMethod.GET, "/api/v1/categories", tokenB, null).bodyAsJsonObject().getJsonArray("items"))
        .isEmpty();
    // and tenant A's data is untouched
    assertThat(send(HttpMethod.GET, "/api/v1/products/" + id, tokenA, null).bodyAsJsonObject().getString("title"))
        .isEqualTo("Mug");
  }

  // ---- validation ----

  @Test
  void shouldAnswer400NamingTheFieldForEveryKindOfBadInput() {
    JsonObject product = createProduct(tokenA, "Mug", "MUG-1", 900);
    String variant = product.getJsonArray("variants").getJsonObject(0).getString("id");

    assertThat(fields(client.post("/api/v1/products").putHeader("Authorization", tokenA)
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{\"title\": ")).await()))
        .as("malformed JSON").isNotNull();
    assertThat(fields(send(HttpMethod.POST, "/api/v1/products", tokenA, Fixtures.product("Mug", "MUG-2", 900)
        .put("title", 42)))).contains("title");
    assertThat(fields(send(HttpMethod.POST, "/api/v1/products", tokenA, Fixtures.product("x".repeat(301), "MUG-2", 900))))
        .contains("title");
    assertThat(fields(send(HttpMethod.POST, "/api/v1/products", tokenA, productWithPrice(19.99, "EUR"))))
        .contains("variants[0].price.amount");
    assertThat(fields(send(HttpMethod.POST, "/api/v1/products", tokenA, productWithPrice(1999, "XYZ"))))
        .contains("variants[0].price.currency");
    assertThat(fields(send(HttpMethod.POST, "/api/v1/products", tokenA, productWithPrice(1999, "eur"))))
        .contains("variants[0].price.currency");
    assertThat(fields(send(HttpMethod.POST, "/api/v1/products", tokenA, Fixtures.product("Mug", "MUG-2", 900)
        .put("variants", "many")))).contains("variants");
    assertThat(fields(send(HttpMethod.POST, "/api/v1/inventory/reservations", tokenA, reservation(variant, -3))))
        .contains("lines[0].quantity");
    assertThat(fields(send(HttpMethod.POST, "/api/v1/inventory/adjustments", tokenA, new JsonObject()
        .put("variant_id", "not-a-uuid").put("location_id", WAREHOUSE.toString()).put("reason", "receive")
        .put("quantity", 5)))).contains("variant_id");
    assertThat(fields(send(HttpMethod.POST, "/api/v1/inventory/adjustments", tokenA, new JsonObject()
        .put("variant_id", variant).put("location_id", WAREHOUSE.toString()).put("reason", "damage")
        .put("quantity", -5)))).contains("quantity");
    assertThat(fields(send(HttpMethod.POST, "/api/v1/price-lists", tokenA,
        new JsonObject().put("name", "Trade").put("currency", "ABC")))).contains("currency");
    assertThat(fields(send(HttpMethod.POST, "/api/v1/price-lists", tokenA,
        new JsonObject().put("name", "Trade").put("currency", "EUR").put("location_id", 7)))).contains("location_id");
    assertThat(fields(request(HttpMethod.GET, "/api/v1/products", tokenA).addQueryParam("limit", "500").send().await()))
        .contains("limit");
    assertThat(fields(request(HttpMethod.GET, "/api/v1/products", tokenA).addQueryParam("q", "x".repeat(201))
        .send().await())).contains("q");
    assertThat(fields(send(HttpMethod.GET, "/api/v1/products/not-a-uuid", tokenA, null))).contains("id");
    assertThat(fields(request(HttpMethod.GET, "/api/v1/inventory/stock-at", tokenA).addQueryParam("variant_id", variant)
        .addQueryParam("location_id", WAREHOUSE.toString()).addQueryParam("at", "yesterday").send().await()))
        .contains("at");
    assertThat(fields(send(HttpMethod.POST, "/api/v1/categories", tokenA,
        new JsonObject().put("name", "Kitchen").put("slug", "Not A Slug")))).contains("slug");
  }

  // ---- inventory ----

  @Test
  void shouldHoldExactlyTheAvailableStockUnder200ConcurrentReservations() {
    String variant = createProduct(tokenA, "Mug", "MUG-1", 900).getJsonArray("variants").getJsonObject(0)
        .getString("id");
    receive(tokenA, variant, WAREHOUSE, 50);

    List<Future<HttpResponse<Buffer>>> attempts = IntStream.range(0, 200)
        .mapToObj(i -> request(HttpMethod.POST, "/api/v1/inventory/reservations", tokenA)
            .sendJsonObject(reservation(variant, 1)))
        .toList();
    Future.join(attempts).await();

    long held = attempts.stream().filter(f -> f.result().statusCode() == 201).count();
    long refused = attempts.stream().filter(f -> f.result().statusCode() == 409).count();
    assertThat(held).isEqualTo(50);
    assertThat(refused).isEqualTo(150);
    JsonObject levels = send(HttpMethod.GET, "/api/v1/inventory/" + productOf(variant), tokenA, null).bodyAsJsonObject();
    JsonObject level = levels.getJsonArray("variants").getJsonObject(0).getJsonArray("levels").getJsonObject(0);
    assertThat(level.getInteger("reserved")).isEqualTo(50);
    assertThat(level.getInteger("available")).isZero();
  }

  @Test
  void shouldSumReservationLinesAndCommitTransferAndReplayStock() {
    String variant = createProduct(tokenA, "Mug", "MUG-1", 900).getJsonArray("variants").getJsonObject(0)
        .getString("id");
    receive(tokenA, variant, WAREHOUSE, 10);
    String before = java.time.Instant.now().toString();

    JsonObject body = new JsonObject().put("lines", new JsonArray()
        .add(line(variant, WAREHOUSE, 2)).add(line(variant, WAREHOUSE, 3)));
    HttpResponse<Buffer> reserved = send(HttpMethod.POST, "/api/v1/inventory/reservations", tokenA, body);
    assertThat(reserved.statusCode()).isEqualTo(201);
    assertThat(reserved.getHeader("Location")).startsWith("/api/v1/inventory/reservations/");
    assertThat(reserved.bodyAsJsonObject().getJsonArray("lines")).hasSize(1);
    assertThat(reserved.bodyAsJsonObject().getJsonArray("lines").getJsonObject(0).getInteger("quantity")).isEqualTo(5);
    String id = reserved.bodyAsJsonObject().getString("id");

    HttpResponse<Buffer> committed = send(HttpMethod.POST, "/api/v1/inventory/reservations/" + id + "/commit", tokenA, null);
    assertThat(committed.statusCode()).isEqualTo(200);
    assertThat(committed.bodyAsJsonObject().getString("status")).isEqualTo("committed");
    assertThat(send(HttpMethod.POST, "/api/v1/inventory/reservations/" + id + "/release", tokenA, null).statusCode())
        .isEqualTo(409);

    HttpResponse<Buffer> moved = send(HttpMethod.POST, "/api/v1/inventory/transfers", tokenA, new JsonObject()
        .put("from_location_id", WAREHOUSE.toString()).put("to_location_id", STORE.toString())
        .put("lines", new JsonArray().add(new JsonObject().put("variant_id", variant).put("quantity", 2))));
    assertThat(moved.statusCode()).isEqualTo(200);

    HttpResponse<Buffer> past = request(HttpMethod.GET, "/api/v1/inventory/stock-at", tokenA)
        .addQueryParam("variant_id", variant).addQueryParam("location_id", WAREHOUSE.toString())
        .addQueryParam("at", before).send().await();
    assertThat(past.statusCode()).isEqualTo(200);
    assertThat(past.bodyAsJsonObject().getInteger("on_hand")).isEqualTo(10);
    HttpResponse<Buffer> now = request(HttpMethod.GET, "/api/v1/inventory/stock-at", tokenA)
        .addQueryParam("variant_id", variant).addQueryParam("location_id", WAREHOUSE.toString()).send().await();
    assertThat(now.bodyAsJsonObject().getInteger("on_hand")).isEqualTo(3);
  }

  // ---- categories and pricing ----

  @Test
  void shouldBuildAndReshapeTheCategoryTree() {
    JsonObject home = send(HttpMethod.POST, "/api/v1/categories", tokenA,
        new JsonObject().put("name", "Home").put("slug", "home")).bodyAsJsonObject();
    HttpResponse<Buffer> kitchenCreated = send(HttpMethod.POST, "/api/v1/categories", tokenA,
        new JsonObject().put("name", "Kitchen").put("slug", "kitchen").put("parent_id", home.getString("id")));
    assertThat(kitchenCreated.statusCode()).isEqualTo(201);
    assertThat(kitchenCreated.getHeader("Location")).startsWith("/api/v1/categories/");
    JsonObject kitchen = kitchenCreated.bodyAsJsonObject();
    HttpResponse<Buffer> located = send(HttpMethod.GET, kitchenCreated.getHeader("Location"), tokenA, null);
    assertThat(located.bodyAsJsonObject().getJsonArray("path"))
        .containsExactly(home.getString("id"), kitchen.getString("id"));

    JsonArray tree = send(HttpMethod.GET, "/api/v1/categories", tokenA, null).bodyAsJsonObject().getJsonArray("items");
    assertThat(tree).hasSize(1);
    assertThat(tree.getJsonObject(0).getJsonArray("children").getJsonObject(0).getString("slug")).isEqualTo("kitchen");

    HttpResponse<Buffer> cycle = send(HttpMethod.POST, "/api/v1/categories/" + home.getString("id") + "/move", tokenA,
        new JsonObject().put("parent_id", kitchen.getString("id")).put("version", 1));
    assertThat(fields(cycle)).contains("parent_id");
    HttpResponse<Buffer> moved = request(HttpMethod.POST, "/api/v1/categories/" + kitchen.getString("id") + "/move",
        tokenA).putHeader("If-Match", "\"1\"").sendJsonObject(new JsonObject().putNull("parent_id")).await();
    assertThat(moved.statusCode()).isEqualTo(200);
    assertThat(send(HttpMethod.GET, "/api/v1/categories", tokenA, null).bodyAsJsonObject().getJsonArray("items"))
        .hasSize(2);
  }

  @Test
  void shouldQuoteTheLowestApplicablePrice() {
    String variant = createProduct(tokenA, "Mug", "MUG-1", 900).getJsonArray("variants").getJsonObject(0)
        .getString("id");
    HttpResponse<Buffer> list = send(HttpMethod.POST, "/api/v1/price-lists", tokenA,
        new JsonObject().put("name", "Bulk").put("currency", "EUR"));
    assertThat(list.statusCode()).isEqualTo(201);
    HttpResponse<Buffer> entry = send(HttpMethod.POST, "/api/v1/price-lists/" + list.bodyAsJsonObject().getString("id")
        + "/entries", tokenA, new JsonObject().put("variant_id", variant).put("min_quantity", 10).put("amount", 700));
    assertThat(entry.statusCode()).isEqualTo(201);

    JsonObject single = send(HttpMethod.POST, "/api/v1/prices/quote", tokenA,
        new JsonObject().put("variant_id", variant).put("quantity", 1)).bodyAsJsonObject();
    JsonObject bulk = send(HttpMethod.POST, "/api/v1/prices/quote", tokenA,
        new JsonObject().put("variant_id", variant).put("quantity", 10)).bodyAsJsonObject();
    assertThat(single.encode()).contains("900");
    assertThat(bulk.encode()).contains("7000");

    String listId = list.bodyAsJsonObject().getString("id");
    HttpResponse<Buffer> read = send(HttpMethod.GET, "/api/v1/price-lists/" + listId, tokenA, null);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.bodyAsJsonObject().getString("name")).isEqualTo("Bulk");
    JsonArray entries = read.bodyAsJsonObject().getJsonArray("entries");
    assertThat(entries).hasSize(1);
    assertThat(entries.getJsonObject(0).getString("variant_id")).isEqualTo(variant);
    assertThat(entries.getJsonObject(0).getInteger("min_quantity")).isEqualTo(10);
    assertThat(entries.getJsonObject(0).getLong("amount")).isEqualTo(700L);
    // another tenant's list does not exist for this tenant; an unknown id neither
    assertThat(send(HttpMethod.GET, "/api/v1/price-lists/" + listId, tokenB, null).statusCode()).isEqualTo(404);
    assertThat(send(HttpMethod.GET, "/api/v1/price-lists/" + Uuids.v7(), tokenA, null).statusCode()).isEqualTo(404);
    assertThat(send(HttpMethod.GET, "/api/v1/price-lists/not-a-uuid", tokenA, null).statusCode()).isEqualTo(400);
  }

  // ---- helpers ----

  private HttpRequest<Buffer> request(HttpMethod method, String path, String token) {
    return client.request(method, path).putHeader("Authorization", token);
  }

  private HttpResponse<Buffer> send(HttpMethod method, String path, String token, JsonObject body) {
    HttpRequest<Buffer> request = request(method, path, token);
    return (body == null ? request.send() : request.sendJsonObject(body)).await();
  }

  private JsonObject createProduct(String token, String title, String sku, long amount) {
    HttpResponse<Buffer> response = send(HttpMethod.POST, "/api/v1/products", token, Fixtures.product(title, sku, amount));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    return response.bodyAsJsonObject();
  }

  private void receive(String token, String variant, UUID location, int quantity) {
    HttpResponse<Buffer> response = send(HttpMethod.POST, "/api/v1/inventory/adjustments", token, new JsonObject()
        .put("variant_id", variant).put("location_id", location.toString()).put("reason", "receive")
        .put("quantity", quantity));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
  }

  private static JsonObject line(String variant, UUID location, int quantity) {
    return new JsonObject().put("variant_id", variant).put("location_id", location.toString()).put("quantity", quantity);
  }

  private static JsonObject reservation(String variant, int quantity) {
    return new JsonObject().put("lines", new JsonArray().add(line(variant, WAREHOUSE, quantity)));
  }

  private static JsonObject productWithPrice(Object amount, String currency) {
    return new JsonObject().put("title", "Mug").put("variants", new JsonArray().add(new JsonObject()
        .put("sku", "MUG-9").put("price", new JsonObject().put("amount", amount).put("currency", currency))));
  }

  private String productOf(String variant) {
    return owner.preparedQuery("SELECT product_id FROM product_variants WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(variant))).await().iterator().next().getUUID(0).toString();
  }

  private long count(String sql, UUID tenant, String id) {
    return owner.preparedQuery(sql).execute(Tuple.of(tenant, id)).await().iterator().next().getLong(0);
  }

  /** The field names of a 400 problem; fails the test for any other answer. */
  private static List<String> fields(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(400);
    assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
    JsonArray errors = response.bodyAsJsonObject().getJsonArray("errors", new JsonArray());
    return errors.stream().map(e -> ((JsonObject) e).getString("field")).toList();
  }
}
