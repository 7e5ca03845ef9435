package io.olympus.commerce.order.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.commerce.support.CommerceApiSupport;
import io.olympus.commerce.support.Ordering;
import io.olympus.commerce.support.TestIdentity;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code orders:write} granted over one location places, changes and fulfils orders and carts at that location only. */
class OrderLocationScopeApiTest extends CommerceApiSupport {

  private static final List<String> STAFF = Stream.concat(TestIdentity.ALL.stream(),
      Stream.of("orders:read", "orders:write", "customers:read", "customers:write")).toList();

  private String staff;
  private String clerk;
  private String mug;

  @BeforeEach
  void stock() {
    staff = identity.token(TENANT_A, STAFF);
    clerk = identity.token(TENANT_A, List.of("products:read", "orders:read"), Map.of("orders:write", WAREHOUSE));
    mug = createProduct(staff, "Mug", "MUG-1", 900).getJsonArray("variants").getJsonObject(0).getString("id");
    receive(staff, mug, WAREHOUSE, 10);
    receive(staff, mug, STORE, 10);
  }

  private HttpResponse<Buffer> call(HttpMethod method, String path, String token, JsonObject body, String key,
                                    String cartToken) {
    HttpRequest<Buffer> request = request(method, path, token);
    if (key != null) {
      request.putHeader("Idempotency-Key", key);
    }
    if (cartToken != null) {
      request.putHeader("Cart-Token", cartToken);
    }
    if (method == HttpMethod.PATCH) {
      request.putHeader("If-Match", "*");
    }
    return (body == null ? request.send() : request.sendJsonObject(body)).await();
  }

  private String order(String token, UUID location, String key) {
    HttpResponse<Buffer> created = call(HttpMethod.POST, "/api/v1/orders", token,
        Ordering.orderBody(mug, 2).put("location_id", location.toString()), key, null);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject().getString("id");
  }

  private static void assertForbidden(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(403);
    assertThat(response.bodyAsJsonObject().getString("detail")).contains("orders:write");
  }

  private long reserved(UUID location) {
    return owner.preparedQuery("SELECT reserved FROM inventory_levels WHERE variant_id = $1::uuid AND location_id = $2")
        .execute(io.vertx.sqlclient.Tuple.of(mug, location)).await().iterator().next().getInteger(0);
  }

  @Test
  void shouldLetALocationScopedGrantPlaceOrdersOnlyAtItsLocation() {
    String own = order(clerk, WAREHOUSE, "c-1");
    HttpResponse<Buffer> elsewhere = call(HttpMethod.POST, "/api/v1/orders", clerk,
        Ordering.orderBody(mug, 1).put("location_id", STORE.toString()), "c-2", null);
    HttpResponse<Buffer> anywhere = call(HttpMethod.POST, "/api/v1/orders", clerk, Ordering.orderBody(mug, 1), "c-3", null);

    assertThat(own).isNotBlank();
    assertForbidden(elsewhere);
    assertForbidden(anywhere);
    assertThat(count("SELECT count(*) FROM orders WHERE tenant_id = $1 AND $2::text IS NOT NULL", TENANT_A, "x"))
        .isEqualTo(1);
    assertThat(reserved(WAREHOUSE)).isEqualTo(2);
    assertThat(reserved(STORE)).isZero();
  }

  @Test
  void shouldLetALocationScopedGrantChangeAndFulfilOnlyOrdersOfItsLocation() {
    String atStore = order(staff, STORE, "s-1");
    String atWarehouse = order(staff, WAREHOUSE, "s-2");
    String store = "/api/v1/orders/" + atStore;

    assertForbidden(call(HttpMethod.PATCH, store, clerk, new JsonObject().put("note", "x"), null, null));
    assertForbidden(call(HttpMethod.POST, store + "/cancel", clerk, null, null, null));
    assertForbidden(call(HttpMethod.POST, store + "/mark-paid", clerk, null, null, null));
    assertForbidden(call(HttpMethod.POST, store + "/fulfillments", clerk,
        new JsonObject().put("location_id", STORE.toString()), null, null));
    assertForbidden(call(HttpMethod.POST, "/api/v1/orders/" + atWarehouse + "/fulfillments", clerk,
        new JsonObject().put("location_id", STORE.toString()), null, null));
    JsonObject untouched = call(HttpMethod.GET, store, staff, null, null, null).bodyAsJsonObject();
    assertThat(untouched.getInteger("version")).isEqualTo(1);
    assertThat(untouched.getString("status")).isEqualTo("open");

    HttpResponse<Buffer> noted = call(HttpMethod.PATCH, "/api/v1/orders/" + atWarehouse, clerk,
        new JsonObject().put("note", "gift wrap"), null, null);
    HttpResponse<Buffer> fulfilled = call(HttpMethod.POST, "/api/v1/orders/" + atWarehouse + "/fulfillments", clerk,
        new JsonObject().put("location_id", WAREHOUSE.toString()).put("lines", new JsonArray().add(new JsonObject()
            .put("line_id", noted.bodyAsJsonObject().getJsonArray("lines").getJsonObject(0).getString("id"))
            .put("quantity", 1))), null, null);
    HttpResponse<Buffer> rest = call(HttpMethod.POST, "/api/v1/orders/" + atWarehouse + "/cancel", clerk,
        new JsonObject().put("reason", "rest out of season"), null, null);

    assertThat(noted.statusCode()).as(noted.bodyAsString()).isEqualTo(200);
    assertThat(fulfilled.statusCode()).as(fulfilled.bodyAsString()).isEqualTo(201);
    assertThat(rest.statusCode()).as(rest.bodyAsString()).isEqualTo(200);
    assertThat(rest.bodyAsJsonObject().getString("status")).isEqualTo("completed");
    assertThat(rest.bodyAsJsonObject().getString("fulfillment_status")).isEqualTo("partially_fulfilled");
    assertThat(reserved(WAREHOUSE)).isZero();
    assertThat(reserved(STORE)).isEqualTo(2);
  }

  @Test
  void shouldLetALocationScopedGrantCheckOutCartsOnlyAtItsLocation() {
    HttpResponse<Buffer> own = call(HttpMethod.POST, "/api/v1/carts", clerk, new JsonObject().put("currency", "EUR")
        .put("location_id", WAREHOUSE.toString()).put("lines", new JsonArray()
            .add(new JsonObject().put("variant_id", mug).put("quantity", 1))), null, null);
    assertThat(own.statusCode()).as(own.bodyAsString()).isEqualTo(201);
    String ownCart = "/api/v1/carts/" + own.bodyAsJsonObject().getString("id");
    String ownToken = own.bodyAsJsonObject().getString("token");
    JsonObject storeCart = call(HttpMethod.POST, "/api/v1/carts", staff, new JsonObject().put("currency", "EUR")
        .put("location_id", STORE.toString()).put("lines", new JsonArray()
            .add(new JsonObject().put("variant_id", mug).put("quantity", 1))), null, null).bodyAsJsonObject();
    String storePath = "/api/v1/carts/" + storeCart.getString("id");

    assertForbidden(call(HttpMethod.POST, "/api/v1/carts", clerk, new JsonObject().put("currency", "EUR")
        .put("location_id", STORE.toString()), null, null));
    assertForbidden(call(HttpMethod.POST, storePath + "/lines", clerk, new JsonObject().put("lines", new JsonArray()
        .add(new JsonObject().put("variant_id", mug).put("quantity", 1))), null, storeCart.getString("token")));
    assertForbidden(call(HttpMethod.POST, storePath + "/checkout", clerk, new JsonObject(), "k-1",
        storeCart.getString("token")));
    assertForbidden(call(HttpMethod.POST, ownCart + "/checkout", clerk,
        new JsonObject().put("location_id", STORE.toString()), "k-2", ownToken));
    HttpResponse<Buffer> checkout = call(HttpMethod.POST, ownCart + "/checkout", clerk, new JsonObject(), "k-3", ownToken);

    assertThat(checkout.statusCode()).as(checkout.bodyAsString()).isEqualTo(201);
    assertThat(checkout.bodyAsJsonObject().getString("location_id")).isEqualTo(WAREHOUSE.toString());
    assertThat(reserved(WAREHOUSE)).isEqualTo(1);
    assertThat(reserved(STORE)).isZero();
  }
}
