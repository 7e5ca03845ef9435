package io.olympus.commerce.cart.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.commerce.support.CommerceApiSupport;
import io.olympus.commerce.support.TestIdentity;
import io.olympus.common.event.Uuids;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who reaches a cart over HTTP: an anonymous cart only with its token, a customer's cart by the "own" rule. */
class CartApiTest extends CommerceApiSupport {

  private static final List<String> STOREFRONT = Stream.concat(TestIdentity.ALL.stream(),
      Stream.of("orders:read", "orders:write", "customers:read", "customers:write")).toList();

  private String staff;
  private String mug;

  @BeforeEach
  void catalog() {
    staff = identity.token(TENANT_A, STOREFRONT);
    mug = createProduct(staff, "Mug", "MUG-1", 900).getJsonArray("variants").getJsonObject(0).getString("id");
    receive(staff, mug, WAREHOUSE, 10);
  }

  private HttpResponse<Buffer> call(HttpMethod method, String path, String token, String cartToken, JsonObject body,
                                    String key) {
    HttpRequest<Buffer> request = request(method, path, token);
    if (cartToken != null) {
      request.putHeader("Cart-Token", cartToken);
    }
    if (key != null) {
      request.putHeader("Idempotency-Key", key);
    }
    return (body == null ? request.send() : request.sendJsonObject(body)).await();
  }

  private static JsonObject oneMug(String variant) {
    return new JsonObject().put("lines", new JsonArray().add(new JsonObject().put("variant_id", variant).put("quantity", 1)));
  }

  private static void assertNotFound(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(404);
    assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(response.bodyAsJsonObject().getString("type")).endsWith(":not-found");
  }

  @Test
  void shouldAnswer404ForAnAnonymousCartWithoutItsTokenOrWithAnotherOne() {
    HttpResponse<Buffer> created = call(HttpMethod.POST, "/api/v1/carts", staff, null,
        oneMug(mug).put("currency", "EUR"), null);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    String id = created.bodyAsJsonObject().getString("id");
    String token = created.bodyAsJsonObject().getString("token");
    String otherToken = call(HttpMethod.POST, "/api/v1/carts", staff, null, new JsonObject().put("currency", "EUR"), null)
        .bodyAsJsonObject().getString("token");
    String cart = "/api/v1/carts/" + id;

    for (String wrong : new String[] {null, otherToken, "not-a-token", token + "x"}) {
      assertNotFound(call(HttpMethod.GET, cart, staff, wrong, null, null));
      assertNotFound(call(HttpMethod.PATCH, cart, staff, wrong, new JsonObject().put("email", "a@example.com"), null));
      assertNotFound(call(HttpMethod.POST, cart + "/lines", staff, wrong, oneMug(mug), null));
      assertNotFound(call(HttpMethod.PUT, cart + "/lines/" + mug, staff, wrong, new JsonObject().put("quantity", 5), null));
      assertNotFound(call(HttpMethod.GET, cart + "/shipping-options", staff, wrong, null, null));
      assertNotFound(call(HttpMethod.POST, cart + "/checkout", staff, wrong, new JsonObject(), "k-" + wrong));
    }
    assertThat(count("SELECT count(*) FROM orders WHERE tenant_id = $1 AND $2::text IS NOT NULL", TENANT_A, "x")).isZero();
    assertThat(count("SELECT quantity FROM cart_lines WHERE tenant_id = $1 AND cart_id = $2::uuid", TENANT_A, id)).isEqualTo(1);

    HttpResponse<Buffer> read = call(HttpMethod.GET, cart, staff, token, null, null);
    HttpResponse<Buffer> added = call(HttpMethod.POST, cart + "/lines", staff, token, oneMug(mug), null);
    HttpResponse<Buffer> checkout = call(HttpMethod.POST, cart + "/checkout", staff, token, new JsonObject(), "k-ok");

    assertThat(read.statusCode()).as(read.bodyAsString()).isEqualTo(200);
    assertThat(read.bodyAsJsonObject().containsKey("token")).isFalse();
    assertThat(added.statusCode()).as(added.bodyAsString()).isEqualTo(200);
    assertThat(added.bodyAsJsonObject().getJsonArray("lines").getJsonObject(0).getInteger("quantity")).isEqualTo(2);
    assertThat(checkout.statusCode()).as(checkout.bodyAsString()).isEqualTo(201);
  }

  @Test
  void shouldAnswer404ForAnotherTenantsAnonymousCartEvenWithItsToken() {
    JsonObject created = call(HttpMethod.POST, "/api/v1/carts", staff, null, new JsonObject().put("currency", "EUR"), null)
        .bodyAsJsonObject();
    String otherStaff = identity.token(TENANT_B, STOREFRONT);

    assertNotFound(call(HttpMethod.GET, "/api/v1/carts/" + created.getString("id"), otherStaff,
        created.getString("token"), null, null));
  }

  @Test
  void shouldLetOnlyTheOwnerOrStaffReachACustomersCartWithoutAToken() {
    UUID shopperUser = Uuids.v7();
    UUID otherUser = Uuids.v7();
    String shopper = identity.token(TENANT_A, shopperUser, List.of("products:read"));
    String otherShopper = identity.token(TENANT_A, otherUser, List.of("products:read"));
    call(HttpMethod.POST, "/api/v1/customers", staff, null, new JsonObject().put("email", "me@example.com")
        .put("user_id", shopperUser.toString()), null);
    call(HttpMethod.POST, "/api/v1/customers", staff, null, new JsonObject().put("email", "other@example.com")
        .put("user_id", otherUser.toString()), null);
    HttpResponse<Buffer> created = call(HttpMethod.POST, "/api/v1/carts", shopper, null,
        oneMug(mug).put("currency", "EUR"), null);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    assertThat(created.bodyAsJsonObject().containsKey("token")).isFalse();
    String cart = "/api/v1/carts/" + created.bodyAsJsonObject().getString("id");

    assertThat(call(HttpMethod.GET, cart, shopper, null, null, null).statusCode()).isEqualTo(200);
    assertThat(call(HttpMethod.GET, cart, staff, null, null, null).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> foreign = call(HttpMethod.GET, cart, otherShopper, null, null, null);
    HttpResponse<Buffer> foreignLines = call(HttpMethod.POST, cart + "/lines", otherShopper, null, oneMug(mug), null);
    HttpResponse<Buffer> foreignCheckout = call(HttpMethod.POST, cart + "/checkout", otherShopper, null,
        new JsonObject(), "k-1");

    assertThat(foreign.statusCode()).as(foreign.bodyAsString()).isEqualTo(403);
    assertThat(foreignLines.statusCode()).as(foreignLines.bodyAsString()).isEqualTo(403);
    assertThat(foreignCheckout.statusCode()).as(foreignCheckout.bodyAsString()).isEqualTo(403);
    assertThat(call(HttpMethod.POST, cart + "/checkout", shopper, null, new JsonObject(), "k-2").statusCode())
        .isEqualTo(201);
  }

  @Test
  void shouldRefuseAnOverlongCartTokenNamingTheHeader() {
    String id = call(HttpMethod.POST, "/api/v1/carts", staff, null, new JsonObject().put("currency", "EUR"), null)
        .bodyAsJsonObject().getString("id");

    HttpResponse<Buffer> response = call(HttpMethod.GET, "/api/v1/carts/" + id, staff, "x".repeat(201), null, null);

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(400);
    assertThat(response.bodyAsString()).contains("Cart-Token");
  }
}
