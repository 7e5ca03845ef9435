package io.olympus.commerce.catalog.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.commerce.support.CommerceApiSupport;
import io.olympus.commerce.support.Fixtures;
import io.olympus.common.event.EventEnvelope;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The product and category operations over the real router, PostgreSQL and Redis. */
class CatalogApiTest extends CommerceApiSupport {

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
  void shouldAnswer400NamingIfMatchWhenTheHeaderIsNoEntityTag() {
    String id = createProduct(tokenA, "Mug", "MUG-1", 900).getString("id");

    HttpResponse<Buffer> garbage = request(HttpMethod.PATCH, "/api/v1/products/" + id, tokenA)
        .putHeader("If-Match", "version-1").sendJsonObject(new JsonObject().put("title", "Big mug")).await();

    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(garbage.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("If-Match");
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
}
