package io.olympus.commerce.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.commerce.CommerceComponents;
import io.olympus.commerce.CommerceConfig;
import io.olympus.commerce.CommerceHttpVerticle;
import io.olympus.common.event.Uuids;
import io.olympus.common.testing.ServiceHarness;
import io.olympus.common.testing.TestInfra;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Set-up shared by the commerce HTTP tests of every slice: a commerce HTTP verticle over the real router, PostgreSQL
 * and Redis (emptied before each test), test-signed tokens of two tenants with every permission, an owner-role pool
 * to look behind the API, and small request helpers.
 */
@ExtendWith(VertxExtension.class)
public abstract class CommerceApiSupport {

  protected static final UUID TENANT_A = Uuids.v7();
  protected static final UUID TENANT_B = Uuids.v7();
  protected static final UUID WAREHOUSE = Uuids.v7();
  protected static final UUID STORE = Uuids.v7();

  protected ServiceHarness.Deployed app;
  protected WebClient client;
  protected TestIdentity identity;
  protected String tokenA;
  protected String tokenB;
  protected Pool owner;

  @BeforeEach
  void deployCommerce(Vertx vertx) {
    TestInfra.get().truncateAll();
    identity = TestIdentity.install(vertx);
    app = ServiceHarness.deploy(vertx, ServiceHarness.context(vertx, Map.of("DATABASE_POOL_SIZE", "8")),
        ctx -> new CommerceHttpVerticle(ctx, 0, CommerceComponents.create(vertx, ctx, CommerceConfig.DEFAULTS))).await();
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
  void undeployCommerce(Vertx vertx) {
    owner.close().await();
    app.close(vertx).await();
  }

  protected HttpRequest<Buffer> request(HttpMethod method, String path, String token) {
    return client.request(method, path).putHeader("Authorization", token);
  }

  protected HttpResponse<Buffer> send(HttpMethod method, String path, String token, JsonObject body) {
    HttpRequest<Buffer> request = request(method, path, token);
    return (body == null ? request.send() : request.sendJsonObject(body)).await();
  }

  protected JsonObject createProduct(String token, String title, String sku, long amount) {
    HttpResponse<Buffer> response = send(HttpMethod.POST, "/api/v1/products", token, Fixtures.product(title, sku, amount));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    return response.bodyAsJsonObject();
  }

  protected void receive(String token, String variant, UUID location, int quantity) {
    HttpResponse<Buffer> response = send(HttpMethod.POST, "/api/v1/inventory/adjustments", token, new JsonObject()
        .put("variant_id", variant).put("location_id", location.toString()).put("reason", "receive")
        .put("quantity", quantity));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
  }

  protected static JsonObject line(String variant, UUID location, int quantity) {
    return new JsonObject().put("variant_id", variant).put("location_id", location.toString()).put("quantity", quantity);
  }

  protected static JsonObject reservation(String variant, int quantity) {
    return new JsonObject().put("lines", new JsonArray().add(line(variant, WAREHOUSE, quantity)));
  }

  protected static JsonObject productWithPrice(Object amount, String currency) {
    return new JsonObject().put("title", "Mug").put("variants", new JsonArray().add(new JsonObject()
        .put("sku", "MUG-9").put("price", new JsonObject().put("amount", amount).put("currency", currency))));
  }

  protected String productOf(String variant) {
    return owner.preparedQuery("SELECT product_id FROM product_variants WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(variant))).await().iterator().next().getUUID(0).toString();
  }

  protected long count(String sql, UUID tenant, String id) {
    return owner.preparedQuery(sql).execute(Tuple.of(tenant, id)).await().iterator().next().getLong(0);
  }

  /** The field names of a 400 problem; fails the test for any other answer. */
  protected static List<String> fields(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(400);
    assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
    JsonArray errors = response.bodyAsJsonObject().getJsonArray("errors", new JsonArray());
    return errors.stream().map(e -> ((JsonObject) e).getString("field")).toList();
  }
}
