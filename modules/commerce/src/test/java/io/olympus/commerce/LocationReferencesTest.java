package io.olympus.commerce;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.commerce.support.Fixtures;
import io.olympus.commerce.support.TestIdentity;
import io.olympus.common.event.Uuids;
import io.olympus.common.testing.ServiceHarness;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Location ids in commerce requests are checked against the tenant's locations (the platform's, over the bus): a
 * random id or another tenant's location is refused with 400 naming the field, and nothing is written.
 */
@ExtendWith(VertxExtension.class)
class LocationReferencesTest {

  private static final UUID TENANT_A = Uuids.v7();
  private static final UUID TENANT_B = Uuids.v7();
  private static final UUID WAREHOUSE_A = Uuids.v7();
  private static final UUID STORE_A = Uuids.v7();
  private static final UUID WAREHOUSE_B = Uuids.v7();

  private ServiceHarness.Deployed app;
  private WebClient client;
  private Pool owner;
  private String tokenA;
  private String variant;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestInfra.get().truncateAll();
    TestIdentity identity = TestIdentity.install(vertx);
    identity.location(TENANT_A, WAREHOUSE_A);
    identity.location(TENANT_A, STORE_A);
    identity.location(TENANT_B, WAREHOUSE_B);
    app = ServiceHarness.deploy(vertx, ServiceHarness.context(vertx, Map.of()), ctx -> new CommerceHttpVerticle(ctx, 0,
        CommerceComponents.create(vertx, ctx, CommerceConfig.DEFAULTS))).await();
    client = app.client();
    owner = TestInfra.get().ownerPool(vertx);
    tokenA = identity.token(TENANT_A, TestIdentity.ALL);
    HttpResponse<Buffer> product = post("/api/v1/products", Fixtures.product("Mug", "MUG-1", 900));
    assertThat(product.statusCode()).as(product.bodyAsString()).isEqualTo(201);
    variant = product.bodyAsJsonObject().getJsonArray("variants").getJsonObject(0).getString("id");
  }

  @AfterEach
  void tearDown(Vertx vertx) {
    owner.close().await();
    app.close(vertx).await();
  }

  @Test
  void shouldRefuseAnAdjustmentAtAnUnknownOrAnotherTenantsLocation() {
    HttpResponse<Buffer> unknown = post("/api/v1/inventory/adjustments", adjustment(Uuids.v7()));
    HttpResponse<Buffer> theirs = post("/api/v1/inventory/adjustments", adjustment(WAREHOUSE_B));
    HttpResponse<Buffer> ours = post("/api/v1/inventory/adjustments", adjustment(WAREHOUSE_A));

    assertBadField(unknown, "location_id");
    assertBadField(theirs, "location_id");
    assertThat(ours.statusCode()).as(ours.bodyAsString()).isEqualTo(200);
    assertThat(levelsAt(WAREHOUSE_B)).isZero();
  }

  @Test
  void shouldRefuseATransferToAnotherTenantsLocation() {
    post("/api/v1/inventory/adjustments", adjustment(WAREHOUSE_A));

    HttpResponse<Buffer> response = post("/api/v1/inventory/transfers", new JsonObject()
        .put("from_location_id", WAREHOUSE_A.toString()).put("to_location_id", WAREHOUSE_B.toString())
        .put("lines", new JsonArray().add(new JsonObject().put("variant_id", variant).put("quantity", 2))));

    assertBadField(response, "to_location_id");
    assertThat(levelsAt(WAREHOUSE_B)).isZero();
  }

  @Test
  void shouldRefuseAReservationNamingTheLineOfAnUnknownLocation() {
    post("/api/v1/inventory/adjustments", adjustment(WAREHOUSE_A));

    HttpResponse<Buffer> response = post("/api/v1/inventory/reservations", new JsonObject()
        .put("lines", new JsonArray()
            .add(new JsonObject().put("variant_id", variant).put("location_id", WAREHOUSE_A.toString()).put("quantity", 1))
            .add(new JsonObject().put("variant_id", variant).put("location_id", WAREHOUSE_B.toString()).put("quantity", 1))));

    assertBadField(response, "lines[1].location_id");
    assertThat(count("SELECT count(*) FROM reservations")).isZero();
  }

  @Test
  void shouldRefuseAPriceListForAnotherTenantsLocationAndAcceptItsOwn() {
    HttpResponse<Buffer> theirs = post("/api/v1/price-lists", priceList(WAREHOUSE_B));
    HttpResponse<Buffer> ours = post("/api/v1/price-lists", priceList(STORE_A));
    HttpResponse<Buffer> everywhere = post("/api/v1/price-lists", priceList(null));

    assertBadField(theirs, "location_id");
    assertThat(ours.statusCode()).as(ours.bodyAsString()).isEqualTo(201);
    assertThat(everywhere.statusCode()).as(everywhere.bodyAsString()).isEqualTo(201);
    assertThat(count("SELECT count(*) FROM price_lists")).isEqualTo(2);
  }

  private JsonObject adjustment(UUID location) {
    return new JsonObject().put("variant_id", variant).put("location_id", location.toString())
        .put("reason", "receive").put("quantity", 5);
  }

  private static JsonObject priceList(UUID location) {
    JsonObject body = new JsonObject().put("name", "Trade").put("currency", "EUR");
    return location == null ? body : body.put("location_id", location.toString());
  }

  private static void assertBadField(HttpResponse<Buffer> response, String field) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(400);
    assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
    List<Object> fields = response.bodyAsJsonObject().getJsonArray("errors").stream()
        .map(e -> ((JsonObject) e).getValue("field")).toList();
    assertThat(fields).containsExactly(field);
  }

  private long levelsAt(UUID location) {
    return owner.preparedQuery("SELECT count(*) FROM inventory_levels WHERE location_id = $1").execute(Tuple.of(location))
        .await().iterator().next().getLong(0);
  }

  private long count(String sql) {
    return owner.query(sql).execute().await().iterator().next().getLong(0);
  }

  private HttpResponse<Buffer> post(String path, JsonObject body) {
    return client.post(path).putHeader("Authorization", tokenA).sendJsonObject(body).await();
  }
}
