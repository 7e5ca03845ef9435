package io.olympus.commerce.catalog.http;

import io.olympus.commerce.CommerceComponents;
import io.olympus.commerce.CommerceConfig;
import io.olympus.commerce.CommerceHttpVerticle;
import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.commerce.support.Fixtures;
import io.olympus.commerce.support.TestIdentity;
import io.olympus.common.event.Uuids;
import io.olympus.common.redis.RedisClients;
import io.olympus.common.security.RedisSessionRevocations;
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
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The product read cache over the real router, PostgreSQL and Redis: what a hit serves, which writes drop it (here
 * and on other nodes), and that authentication, revocation, permission and tenant checks still run before it.
 */
@ExtendWith(VertxExtension.class)
class ProductReadCacheTest {

  private static final UUID TENANT_A = Uuids.v7();
  private static final UUID TENANT_B = Uuids.v7();

  private ServiceHarness.Deployed app;
  private WebClient client;
  private TestIdentity identity;
  private String tokenA;
  private Pool owner;

  private void deploy(Vertx vertx, CommerceConfig config) {
    TestInfra.get().truncateAll();
    identity = TestIdentity.install(vertx);
    app = ServiceHarness.deploy(vertx, ServiceHarness.context(vertx, Map.of("DATABASE_POOL_SIZE", "4")),
        ctx -> new CommerceHttpVerticle(ctx, 0, CommerceComponents.create(vertx, ctx, config))).await();
    client = app.client();
    tokenA = identity.token(TENANT_A, TestIdentity.ALL);
    owner = TestInfra.get().ownerPool(vertx);
  }

  @AfterEach
  void tearDown(Vertx vertx) {
    owner.close().await();
    app.close(vertx).await();
  }

  @Test
  void shouldServeAHitFromTheCacheWithoutReadingTheDatabase(Vertx vertx) {
    deploy(vertx, CommerceConfig.DEFAULTS);
    String id = createProduct("Mug", "MUG-1", 900);
    HttpResponse<Buffer> first = get(id, tokenA);
    // changed behind the service's back (no write through it, no event): a hit still serves the stored document
    renameInDatabase(id, "Changed in SQL");

    HttpResponse<Buffer> second = get(id, tokenA);

    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.bodyAsString()).isEqualTo(first.bodyAsString());
    assertThat(second.bodyAsJsonObject().getString("title")).isEqualTo("Mug");
    assertThat(second.getHeader("ETag")).isEqualTo("\"1\"");
    assertThat(second.getHeader("Content-Type")).isEqualTo("application/json");
  }

  @Test
  void shouldReadTheDatabaseEveryTimeWhenTheCacheIsOff(Vertx vertx) {
    deploy(vertx, new CommerceConfig(Duration.ZERO, 50_000));
    String id = createProduct("Mug", "MUG-1", 900);
    get(id, tokenA);
    renameInDatabase(id, "Changed in SQL");

    HttpResponse<Buffer> read = get(id, tokenA);

    assertThat(read.bodyAsJsonObject().getString("title")).isEqualTo("Changed in SQL");
    assertThat(read.getHeader("ETag")).isEqualTo("\"2\"");
  }

  @Test
  void shouldServeVariantPriceAndCategoryChangesOnTheNextReadAfterAPatch(Vertx vertx) {
    deploy(vertx, CommerceConfig.DEFAULTS);
    String id = createProduct("Mug", "MUG-1", 900);
    String category = send(HttpMethod.POST, "/api/v1/categories", tokenA,
        new JsonObject().put("name", "Kitchen").put("slug", "kitchen")).bodyAsJsonObject().getString("id");
    assertThat(get(id, tokenA).bodyAsJsonObject().getJsonObject("from_price").getLong("amount")).isEqualTo(900);

    HttpResponse<Buffer> patched = request(HttpMethod.PATCH, "/api/v1/products/" + id, tokenA)
        .putHeader("If-Match", "\"1\"")
        .sendJsonObject(new JsonObject()
            .put("images", new JsonArray().add(new JsonObject().put("url", "https://cdn.example/mug.jpg")))
            .put("category_ids", new JsonArray().add(category))
            .put("variants", new JsonArray()
                .add(variant("MUG-1", 700))
                .add(variant("MUG-2", 1200))))
        .await();
    assertThat(patched.statusCode()).as(patched.bodyAsString()).isEqualTo(200);
    JsonObject read = get(id, tokenA).bodyAsJsonObject();

    assertThat(read.getInteger("version")).isEqualTo(2);
    assertThat(read.getJsonObject("from_price").getLong("amount")).isEqualTo(700);
    assertThat(read.getJsonArray("variants")).hasSize(2);
    assertThat(read.getJsonArray("category_ids").getList()).containsExactly(category);
    assertThat(read.getJsonArray("images")).hasSize(1);
  }

  @Test
  void shouldServeABulkUpdateOnTheNextRead(Vertx vertx) {
    deploy(vertx, CommerceConfig.DEFAULTS);
    String id = createProduct("Mug", "MUG-1", 900);
    get(id, tokenA);

    HttpResponse<Buffer> bulk = send(HttpMethod.POST, "/api/v1/products/bulk", tokenA, new JsonObject()
        .put("items", new JsonArray().add(new JsonObject().put("id", id).put("version", 1).put("title", "Bulk mug"))));
    assertThat(bulk.statusCode()).as(bulk.bodyAsString()).isEqualTo(200);

    HttpResponse<Buffer> read = get(id, tokenA);
    assertThat(read.bodyAsJsonObject().getString("title")).isEqualTo("Bulk mug");
    assertThat(read.getHeader("ETag")).isEqualTo("\"2\"");
  }

  @Test
  void shouldDropTheEntryWhenAnotherNodeAnnouncesAWrite(Vertx vertx) {
    deploy(vertx, CommerceConfig.DEFAULTS);
    String id = createProduct("Mug", "MUG-1", 900);
    get(id, tokenA);
    // another node committed a change and published its announcement on the clustered bus
    renameInDatabase(id, "Renamed on another node");
    vertx.eventBus().publish(ProductCache.INVALIDATE_ADDRESS,
        new JsonObject().put("tenant_id", TENANT_A.toString()).put("product_id", id));

    HttpResponse<Buffer> read = until(vertx, () -> request(HttpMethod.GET, "/api/v1/products/" + id, tokenA).send(),
        r -> r.bodyAsJsonObject().getString("title").equals("Renamed on another node")).await();

    assertThat(read.bodyAsJsonObject().getString("title")).isEqualTo("Renamed on another node");
    assertThat(read.getHeader("ETag")).isEqualTo("\"2\"");
  }

  @Test
  void shouldAnnounceALocalWriteToTheOtherNodes(Vertx vertx) {
    deploy(vertx, CommerceConfig.DEFAULTS);
    String id = createProduct("Mug", "MUG-1", 900);
    Future<JsonObject> announced = Future.future(promise ->
        vertx.eventBus().<JsonObject>consumer(ProductCache.INVALIDATE_ADDRESS, msg -> promise.tryComplete(msg.body())));

    request(HttpMethod.PATCH, "/api/v1/products/" + id, tokenA).putHeader("If-Match", "\"1\"")
        .sendJsonObject(new JsonObject().put("title", "Big mug")).await();

    assertThat(announced.await()).isEqualTo(new JsonObject().put("tenant_id", TENANT_A.toString()).put("product_id", id));
  }

  @Test
  void shouldNeverServeACachedProductToAnotherTenantOrWithoutThePermission(Vertx vertx) {
    deploy(vertx, CommerceConfig.DEFAULTS);
    String id = createProduct("Mug", "MUG-1", 900);
    assertThat(get(id, tokenA).statusCode()).isEqualTo(200);

    HttpResponse<Buffer> otherTenant = get(id, identity.token(TENANT_B, TestIdentity.ALL));
    HttpResponse<Buffer> noPermission = get(id, identity.token(TENANT_A, List.of("inventory:read")));
    HttpResponse<Buffer> anonymous = client.get("/api/v1/products/" + id).send().await();

    assertThat(otherTenant.statusCode()).isEqualTo(404);
    assertThat(otherTenant.bodyAsString()).doesNotContain("Mug");
    assertThat(noPermission.statusCode()).isEqualTo(403);
    assertThat(anonymous.statusCode()).isEqualTo(401);
  }

  @Test
  void shouldAnswer304ToTheCurrentETagAndTheNewDocumentToAStaleOne(Vertx vertx) {
    deploy(vertx, CommerceConfig.DEFAULTS);
    String id = createProduct("Mug", "MUG-1", 900);
    get(id, tokenA);
    assertThat(conditionalGet(id, "\"1\"").statusCode()).isEqualTo(304);

    request(HttpMethod.PATCH, "/api/v1/products/" + id, tokenA).putHeader("If-Match", "\"1\"")
        .sendJsonObject(new JsonObject().put("title", "Big mug")).await();
    HttpResponse<Buffer> stale = conditionalGet(id, "\"1\"");
    HttpResponse<Buffer> current = conditionalGet(id, "\"2\"");

    assertThat(stale.statusCode()).isEqualTo(200);
    assertThat(stale.getHeader("ETag")).isEqualTo("\"2\"");
    assertThat(stale.bodyAsJsonObject().getString("title")).isEqualTo("Big mug");
    assertThat(current.statusCode()).isEqualTo(304);
    assertThat(current.getHeader("ETag")).isEqualTo("\"2\"");
  }

  @Test
  void shouldRefuseARevokedSessionEvenForACachedProductOnceTheRevocationIsPushed(Vertx vertx) {
    deploy(vertx, CommerceConfig.DEFAULTS);
    String id = createProduct("Mug", "MUG-1", 900);
    String reader = identity.token(TENANT_A, TestIdentity.ALL);
    assertThat(get(id, reader).statusCode()).isEqualTo(200);
    Redis redis = RedisClients.create(vertx, TestInfra.get().redisUrl(), 1);
    try {
      new RedisSessionRevocations(redis).revoke(sessionOf(reader), Duration.ofMinutes(15)).await();
    } finally {
      redis.close();
    }

    // revoked by another client, as another process would: pushed to this one over Redis pub/sub
    HttpResponse<Buffer> refused = until(vertx, () -> request(HttpMethod.GET, "/api/v1/products/" + id, reader).send(),
        r -> r.statusCode() == 401).await();

    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.bodyAsString()).doesNotContain("Mug");
    assertThat(get(id, tokenA).statusCode()).isEqualTo(200);
  }

  private static Future<HttpResponse<Buffer>> until(Vertx vertx, java.util.function.Supplier<Future<HttpResponse<Buffer>>> request,
                                                    Predicate<HttpResponse<Buffer>> done) {
    return until(vertx, request, done, System.nanoTime() + 3_000_000_000L);
  }

  private static Future<HttpResponse<Buffer>> until(Vertx vertx, java.util.function.Supplier<Future<HttpResponse<Buffer>>> request,
                                                    Predicate<HttpResponse<Buffer>> done, long deadlineNanos) {
    return request.get().compose(r -> !done.test(r) && System.nanoTime() < deadlineNanos
        ? vertx.timer(20).compose(t -> until(vertx, request, done, deadlineNanos))
        : Future.succeededFuture(r));
  }

  private static UUID sessionOf(String bearer) {
    String payload = bearer.substring("Bearer ".length()).split("\\.")[1];
    JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
    return UUID.fromString(claims.getString("sid"));
  }

  private void renameInDatabase(String id, String title) {
    owner.preparedQuery("UPDATE products SET title = $2, version = version + 1 WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(id), title)).await();
  }

  private HttpResponse<Buffer> conditionalGet(String id, String ifNoneMatch) {
    return request(HttpMethod.GET, "/api/v1/products/" + id, tokenA).putHeader("If-None-Match", ifNoneMatch).send().await();
  }

  private HttpResponse<Buffer> get(String id, String token) {
    return send(HttpMethod.GET, "/api/v1/products/" + id, token, null);
  }

  private String createProduct(String title, String sku, long amount) {
    HttpResponse<Buffer> response = send(HttpMethod.POST, "/api/v1/products", tokenA, Fixtures.product(title, sku, amount));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    return response.bodyAsJsonObject().getString("id");
  }

  private static JsonObject variant(String sku, long amount) {
    return new JsonObject().put("sku", sku).put("price", new JsonObject().put("amount", amount).put("currency", "EUR"));
  }

  private HttpRequest<Buffer> request(HttpMethod method, String path, String token) {
    return client.request(method, path).putHeader("Authorization", token);
  }

  private HttpResponse<Buffer> send(HttpMethod method, String path, String token, JsonObject body) {
    HttpRequest<Buffer> request = request(method, path, token);
    return (body == null ? request.send() : request.sendJsonObject(body)).await();
  }
}
