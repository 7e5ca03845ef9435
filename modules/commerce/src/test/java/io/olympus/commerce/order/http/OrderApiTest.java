package io.olympus.commerce.order.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.commerce.support.CommerceApiSupport;
import io.olympus.commerce.support.Ordering;
import io.olympus.commerce.support.TestIdentity;
import io.olympus.common.audit.AuditLog;
import io.olympus.common.event.Uuids;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Customers, carts, checkout, orders, tax and shipping over the real router, PostgreSQL and Redis. */
class OrderApiTest extends CommerceApiSupport {

  private static final List<String> STAFF = Stream.concat(TestIdentity.ALL.stream(),
      Stream.of("orders:read", "orders:write", "customers:read", "customers:write")).toList();

  private String staffA;
  private String staffB;
  private String mug;

  @BeforeEach
  void staff() {
    staffA = identity.token(TENANT_A, STAFF);
    staffB = identity.token(TENANT_B, STAFF);
    mug = createProduct(staffA, "Mug", "MUG-1", 900).getJsonArray("variants").getJsonObject(0).getString("id");
  }

  private HttpResponse<Buffer> post(String path, String token, JsonObject body, String key) {
    HttpRequest<Buffer> request = request(HttpMethod.POST, path, token);
    if (key != null) {
      request.putHeader("Idempotency-Key", key);
    }
    return (body == null ? request.send() : request.sendJsonObject(body)).await();
  }

  private static void assertProblem(HttpResponse<Buffer> response, int status, String type) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(response.bodyAsJsonObject().getString("type")).endsWith(":" + type);
  }

  @Test
  void shouldTakeACustomerFromCartThroughCheckoutToFulfilmentOverHttp() {
    receive(staffA, mug, WAREHOUSE, 10);
    HttpResponse<Buffer> region = post("/api/v1/tax/regions", staffA, new JsonObject().put("name", "Germany")
        .put("country", "DE").put("rates", new JsonArray().add(new JsonObject().put("tax_category", "standard")
            .put("name", "VAT").put("rate_ppm", 190_000)).add(new JsonObject().put("tax_category", "reduced")
            .put("name", "VAT").put("rate_ppm", 70_000))), null);
    assertThat(region.statusCode()).as(region.bodyAsString()).isEqualTo(201);
    String zone = post("/api/v1/shipping/zones", staffA, new JsonObject().put("name", "DE")
        .put("areas", new JsonArray().add("DE")), null).bodyAsJsonObject().getString("id");
    HttpResponse<Buffer> method = post("/api/v1/shipping/zones/" + zone + "/methods", staffA, new JsonObject()
        .put("name", "Parcel").put("basis", "weight").put("currency", "EUR")
        .put("rates", new JsonArray().add(new JsonObject().put("min_value", 0).put("amount", 500))), null);
    assertThat(method.statusCode()).as(method.bodyAsString()).isEqualTo(201);
    HttpResponse<Buffer> reduced = request(HttpMethod.PUT, "/api/v1/tax/variants/" + mug, staffA)
        .sendJsonObject(new JsonObject().put("tax_category", "reduced")).await();
    assertThat(reduced.statusCode()).as(reduced.bodyAsString()).isEqualTo(200);
    assertProblem(request(HttpMethod.PUT, "/api/v1/tax/variants/" + mug, staffB)
        .sendJsonObject(new JsonObject().put("tax_category", "reduced")).await(), 404, "not-found");
    HttpResponse<Buffer> customer = post("/api/v1/customers", staffA, new JsonObject().put("email", "ada@example.com")
        .put("addresses", new JsonArray().add(Ordering.address("DE", null, "10115").put("default_shipping", true))), null);
    assertThat(customer.statusCode()).as(customer.bodyAsString()).isEqualTo(201);
    String customerId = customer.bodyAsJsonObject().getString("id");

    HttpResponse<Buffer> cart = post("/api/v1/carts", staffA, new JsonObject().put("currency", "EUR")
        .put("customer_id", customerId).put("shipping_address", Ordering.address("DE", null, "10115"))
        .put("shipping_method_id", method.bodyAsJsonObject().getString("id")), null);
    assertThat(cart.statusCode()).as(cart.bodyAsString()).isEqualTo(201);
    String cartId = cart.bodyAsJsonObject().getString("id");
    HttpResponse<Buffer> lines = post("/api/v1/carts/" + cartId + "/lines", staffA, new JsonObject().put("lines",
        new JsonArray().add(new JsonObject().put("variant_id", mug).put("quantity", 3).put("unit_amount", 1))), null);
    assertThat(lines.statusCode()).as(lines.bodyAsString()).isEqualTo(200);
    assertThat(lines.bodyAsJsonObject().getJsonObject("totals").getLong("total_amount")).isEqualTo(2700 + 189 + 500);
    HttpResponse<Buffer> options = send(HttpMethod.GET, "/api/v1/carts/" + cartId + "/shipping-options", staffA, null);
    assertThat(options.bodyAsJsonObject().getJsonArray("items")).hasSize(1);

    HttpResponse<Buffer> noKey = post("/api/v1/carts/" + cartId + "/checkout", staffA, new JsonObject(), null);
    HttpResponse<Buffer> checkout = post("/api/v1/carts/" + cartId + "/checkout", staffA, new JsonObject(), "co-1");
    HttpResponse<Buffer> replay = post("/api/v1/carts/" + cartId + "/checkout", staffA, new JsonObject(), "co-1");

    assertProblem(noKey, 400, "validation");
    assertThat(checkout.statusCode()).as(checkout.bodyAsString()).isEqualTo(201);
    JsonObject order = checkout.bodyAsJsonObject();
    assertThat(checkout.getHeader("Location")).isEqualTo("/api/v1/orders/" + order.getString("id"));
    assertThat(checkout.getHeader("ETag")).isEqualTo("\"1\"");
    assertThat(order.getJsonObject("totals").getLong("total_amount")).isEqualTo(2700 + 189 + 500);
    assertThat(order.getJsonArray("lines").getJsonObject(0).getString("tax_category")).isEqualTo("reduced");
    assertThat(order.getLong("number")).isEqualTo(1001);
    assertThat(replay.statusCode()).isEqualTo(201);
    assertThat(replay.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(replay.bodyAsString()).isEqualTo(checkout.bodyAsString());
    String orderPath = "/api/v1/orders/" + order.getString("id");

    HttpResponse<Buffer> unconditional = send(HttpMethod.PATCH, orderPath, staffA, new JsonObject().put("note", "x"));
    HttpResponse<Buffer> patched = request(HttpMethod.PATCH, orderPath, staffA).putHeader("If-Match", "\"1\"")
        .sendJsonObject(new JsonObject().put("note", "gift")).await();
    HttpResponse<Buffer> stale = request(HttpMethod.PATCH, orderPath, staffA).putHeader("If-Match", "\"1\"")
        .sendJsonObject(new JsonObject().put("note", "again")).await();
    String line = order.getJsonArray("lines").getJsonObject(0).getString("id");
    HttpResponse<Buffer> fulfilled = post(orderPath + "/fulfillments", staffA, new JsonObject()
        .put("location_id", WAREHOUSE.toString()).put("carrier", "DHL").put("tracking_number", "T1")
        .put("lines", new JsonArray().add(new JsonObject().put("line_id", line).put("quantity", 1))), null);
    HttpResponse<Buffer> paid = post(orderPath + "/mark-paid", staffA, null, null);
    HttpResponse<Buffer> cancel = post(orderPath + "/cancel", staffA, new JsonObject().put("reason", "late"), null);
    HttpResponse<Buffer> history = send(HttpMethod.GET, orderPath + "/history", staffA, null);
    HttpResponse<Buffer> read = send(HttpMethod.GET, orderPath, staffA, null);

    assertProblem(unconditional, 428, "precondition-required");
    assertThat(patched.statusCode()).as(patched.bodyAsString()).isEqualTo(200);
    assertThat(patched.getHeader("ETag")).isEqualTo("\"2\"");
    assertProblem(stale, 412, "precondition-failed");
    assertThat(fulfilled.statusCode()).as(fulfilled.bodyAsString()).isEqualTo(201);
    assertThat(fulfilled.bodyAsJsonObject().getJsonObject("order").getString("fulfillment_status"))
        .isEqualTo("partially_fulfilled");
    assertThat(paid.bodyAsJsonObject().getString("payment_status")).isEqualTo("paid");
    // the rest of a partly fulfilled order is cancelled: it completes with its fulfilled unit kept
    assertThat(cancel.statusCode()).as(cancel.bodyAsString()).isEqualTo(200);
    JsonObject rest = cancel.bodyAsJsonObject();
    assertThat(rest.getString("status")).isEqualTo("completed");
    assertThat(rest.getString("fulfillment_status")).isEqualTo("partially_fulfilled");
    assertThat(rest.getJsonArray("lines").getJsonObject(0).getInteger("fulfilled_quantity")).isEqualTo(1);
    assertThat(rest.getJsonArray("lines").getJsonObject(0).getInteger("cancelled_quantity")).isEqualTo(2);
    assertThat(rest.getJsonObject("totals").getLong("refund_owed_amount")).isEqualTo(1926);
    assertProblem(post(orderPath + "/cancel", staffA, null, null), 409, "invalid-transition");
    assertThat(history.bodyAsJsonObject().getJsonArray("items").stream().map(e -> ((JsonObject) e).getString("kind")))
        .containsExactly("created", "updated", "fulfillment", "payment", "rest_cancelled");
    assertThat(read.bodyAsJsonObject().getJsonArray("fulfillments")).hasSize(1);
    assertThat(read.getHeader("ETag")).isEqualTo("\"5\"");
    assertThat(count("SELECT count(*) FROM audit_log WHERE tenant_id = $1 AND resource_id = $2", TENANT_A,
        order.getString("id"))).isGreaterThanOrEqualTo(4);
  }

  @Test
  void shouldCreateOneOrderFor50ConcurrentRequestsWithTheSameKey() {
    receive(staffA, mug, WAREHOUSE, 100);
    JsonObject body = Ordering.orderBody(mug, 1);
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      sent.add(request(HttpMethod.POST, "/api/v1/orders", staffA).putHeader("Idempotency-Key", "same-key")
          .sendJsonObject(body));
    }
    Future.join(sent).await();

    List<Integer> statuses = sent.stream().map(f -> f.result().statusCode()).toList();
    assertThat(statuses).allMatch(s -> s == 201 || s == 409);
    assertThat(statuses).contains(201);
    assertThat(sent.stream().filter(f -> f.result().statusCode() == 201)
        .map(f -> f.result().bodyAsJsonObject().getString("id")).distinct()).hasSize(1);
    assertThat(count("SELECT count(*) FROM orders WHERE tenant_id = $1 AND $2::text IS NOT NULL", TENANT_A, "x"))
        .isEqualTo(1);
    HttpResponse<Buffer> otherBody = request(HttpMethod.POST, "/api/v1/orders", staffA).putHeader("Idempotency-Key", "same-key")
        .sendJsonObject(Ordering.orderBody(mug, 2)).await();
    assertProblem(otherBody, 422, "idempotency-key-reused");
  }

  @Test
  void shouldKeepTheAuditChainUnbrokenAndNumbersUniqueWith50ConcurrentOrdersOfOneTenant() {
    receive(staffA, mug, WAREHOUSE, 100);
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      sent.add(request(HttpMethod.POST, "/api/v1/orders", staffA).putHeader("Idempotency-Key", "chain-" + i)
          .sendJsonObject(Ordering.orderBody(mug, 1)));
    }
    Future.join(sent).await();

    assertThat(sent.stream().map(f -> f.result().statusCode())).allMatch(s -> s == 201);
    // the entries were written unlinked with their orders; link what the service's chainer has not linked yet (it
    // may be linking at the same time: linkers take turns on the chain head), then verify the whole chain
    int linked;
    do {
      linked = owner.withTransaction(conn -> AuditLog.link(conn, TENANT_A, 1000)).await();
    } while (linked > 0);
    AuditLog.Verification chain = owner.withConnection(conn -> AuditLog.verify(conn, TENANT_A)).await();
    assertThat(chain.problem()).isNull();
    assertThat(chain.checked()).isGreaterThanOrEqualTo(100); // each order: inventory.updated, order.created
    assertThat(owner.withConnection(conn -> AuditLog.unlinked(conn, TENANT_A)).await()).isZero();
    assertThat(count("SELECT count(*) FROM audit_log WHERE tenant_id = $1 AND action = $2", TENANT_A, "order.created"))
        .isEqualTo(50);
    // numbers come from per-instance blocks: unique, from 1001 on, not necessarily without gaps
    List<Long> numbers = owner.preparedQuery("SELECT number FROM orders WHERE tenant_id = $1 ORDER BY number")
        .execute(Tuple.of(TENANT_A)).await().stream().map(row -> row.getLong("number")).toList();
    assertThat(numbers).hasSize(50).doesNotHaveDuplicates().allMatch(n -> n >= 1001);
  }

  @Test
  void shouldCreateExactly20Of500ConcurrentOrdersFor20UnitsWithoutA5xx() {
    receive(staffA, mug, WAREHOUSE, 20);
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      sent.add(request(HttpMethod.POST, "/api/v1/orders", staffA).putHeader("Idempotency-Key", "k-" + i)
          .sendJsonObject(Ordering.orderBody(mug, 1)));
    }
    Future.join(sent).await();

    List<Integer> statuses = sent.stream().map(f -> f.succeeded() ? f.result().statusCode() : -1).toList();
    assertThat(statuses.stream().filter(s -> s == 201).count()).isEqualTo(20);
    assertThat(statuses.stream().filter(s -> s == 409).count()).isEqualTo(480);
    assertThat(sent.stream().filter(f -> f.result().statusCode() == 409)
        .allMatch(f -> f.result().bodyAsJsonObject().getString("type").endsWith(":out-of-stock"))).isTrue();
    assertThat(owner.preparedQuery("SELECT on_hand, reserved FROM inventory_levels WHERE tenant_id = $1")
        .execute(Tuple.of(TENANT_A)).await().iterator().next().getInteger("reserved")).isEqualTo(20);
  }

  @Test
  void shouldRefuseHostileInputWithProblemsNeverA5xx() {
    receive(staffA, mug, WAREHOUSE, 5);
    JsonObject nul = Ordering.orderBody(mug, 1).put("note", "bad\u0000note");
    JsonObject huge = Ordering.orderBody(mug, 1);
    huge.getJsonArray("lines").getJsonObject(0).put("quantity", 99_999_999_999L);
    JsonObject fraction = Ordering.orderBody(mug, 1);
    fraction.getJsonArray("lines").getJsonObject(0).put("quantity", 1.5);
    JsonObject badVariant = Ordering.orderBody("not-a-uuid", 1);
    JsonObject noLines = new JsonObject().put("currency", "EUR").put("lines", "everything");
    JsonObject badCurrency = Ordering.orderBody(mug, 1).put("currency", "XXXX");
    JsonObject badAddress = Ordering.orderBody(mug, 1).put("shipping_address", new JsonObject().put("country", "ZZ"));

    assertThat(fields(post("/api/v1/orders", staffA, nul, "h1"))).containsExactly("note");
    assertThat(fields(post("/api/v1/orders", staffA, huge, "h2"))).containsExactly("lines[0].quantity");
    assertThat(fields(post("/api/v1/orders", staffA, fraction, "h3"))).containsExactly("lines[0].quantity");
    assertThat(fields(post("/api/v1/orders", staffA, badVariant, "h4"))).containsExactly("lines[0].variant_id");
    assertThat(fields(post("/api/v1/orders", staffA, noLines, "h5"))).containsExactly("lines");
    assertThat(fields(post("/api/v1/orders", staffA, badCurrency, "h6"))).containsExactly("currency");
    assertThat(fields(post("/api/v1/orders", staffA, badAddress, "h7")))
        .contains("shipping_address.line1", "shipping_address.city", "shipping_address.country");
    assertThat(fields(post("/api/v1/orders", staffA, Ordering.orderBody(mug, 1), "k".repeat(300))))
        .containsExactly("Idempotency-Key");
    assertThat(send(HttpMethod.GET, "/api/v1/orders/not-a-uuid", staffA, null).statusCode()).isEqualTo(400);
    assertThat(fields(send(HttpMethod.GET, "/api/v1/orders?limit=100000", staffA, null))).containsExactly("limit");
    assertThat(fields(send(HttpMethod.GET, "/api/v1/orders?cursor=%00%00", staffA, null))).containsExactly("cursor");
    assertThat(fields(send(HttpMethod.GET, "/api/v1/orders?number=99999999999999999999", staffA, null)))
        .containsExactly("number");
    assertThat(fields(send(HttpMethod.GET, "/api/v1/customers?q=%00", staffA, null))).containsExactly("q");
    assertThat(fields(post("/api/v1/customers", staffA, new JsonObject().put("email", "a@b.co")
        .put("phones", new JsonArray().add("1\u00002")), null))).containsExactly("phones[0]");
    assertThat(fields(post("/api/v1/tax/regions", staffA, new JsonObject().put("name", "X").put("country", "DE")
        .put("rates", new JsonArray().add(new JsonObject().put("tax_category", "standard").put("name", "VAT")
            .put("rate_ppm", 10_000_000))), null))).containsExactly("rates[0].rate_ppm");
    assertThat(fields(post("/api/v1/carts", staffA, new JsonObject().put("currency", "EUR")
        .put("lines", new JsonArray().add(new JsonObject().put("variant_id", mug).put("quantity", -1))), null)))
        .containsExactly("lines[0].quantity");
    assertThat(count("SELECT count(*) FROM orders WHERE tenant_id = $1 AND $2::text IS NOT NULL", TENANT_A, "x")).isZero();
  }

  @Test
  void shouldAnswer404ForAnotherTenantsOrdersCartsCustomersAndConfiguration() {
    receive(staffA, mug, WAREHOUSE, 5);
    String order = post("/api/v1/orders", staffA, Ordering.orderBody(mug, 1), "t-1").bodyAsJsonObject().getString("id");
    String cart = post("/api/v1/carts", staffA, new JsonObject().put("currency", "EUR"), null).bodyAsJsonObject()
        .getString("id");
    String customer = post("/api/v1/customers", staffA, new JsonObject().put("email", "x@example.com"), null)
        .bodyAsJsonObject().getString("id");
    String zone = post("/api/v1/shipping/zones", staffA, new JsonObject().put("name", "DE")
        .put("areas", new JsonArray().add("DE")), null).bodyAsJsonObject().getString("id");

    assertProblem(send(HttpMethod.GET, "/api/v1/orders/" + order, staffB, null), 404, "not-found");
    assertProblem(send(HttpMethod.GET, "/api/v1/orders/" + order + "/history", staffB, null), 404, "not-found");
    assertProblem(post("/api/v1/orders/" + order + "/cancel", staffB, null, null), 404, "not-found");
    assertProblem(post("/api/v1/orders/" + order + "/mark-paid", staffB, null, null), 404, "not-found");
    assertProblem(post("/api/v1/orders/" + order + "/fulfillments", staffB,
        new JsonObject().put("location_id", WAREHOUSE.toString()), null), 404, "not-found");
    assertProblem(request(HttpMethod.PATCH, "/api/v1/orders/" + order, staffB).putHeader("If-Match", "*")
        .sendJsonObject(new JsonObject().put("note", "x")).await(), 404, "not-found");
    assertProblem(send(HttpMethod.GET, "/api/v1/carts/" + cart, staffB, null), 404, "not-found");
    assertProblem(post("/api/v1/carts/" + cart + "/checkout", staffB, new JsonObject(), "t-2"), 404, "not-found");
    assertProblem(send(HttpMethod.GET, "/api/v1/customers/" + customer, staffB, null), 404, "not-found");
    assertProblem(post("/api/v1/customers/" + customer + "/erase", staffB, null, null), 404, "not-found");
    assertProblem(send(HttpMethod.DELETE, "/api/v1/shipping/zones/" + zone, staffB, null), 404, "not-found");
    assertThat(send(HttpMethod.GET, "/api/v1/orders", staffB, null).bodyAsJsonObject().getJsonArray("items")).isEmpty();
    assertProblem(send(HttpMethod.GET, "/api/v1/orders/" + Uuids.v7(), staffA, null), 404, "not-found");
  }

  @Test
  void shouldLetAShopperReachOnlyTheirOwnCustomerCartsAndOrders() {
    receive(staffA, mug, WAREHOUSE, 5);
    UUID shopperUser = Uuids.v7();
    String shopper = identity.token(TENANT_A, shopperUser, List.of("products:read"));
    String own = post("/api/v1/customers", staffA, new JsonObject().put("email", "me@example.com")
        .put("user_id", shopperUser.toString()), null).bodyAsJsonObject().getString("id");
    String other = post("/api/v1/customers", staffA, new JsonObject().put("email", "other@example.com"), null)
        .bodyAsJsonObject().getString("id");
    String othersOrder = post("/api/v1/orders", staffA, Ordering.orderBody(mug, 1).put("customer_id", other), "s-0")
        .bodyAsJsonObject().getString("id");

    HttpResponse<Buffer> me = send(HttpMethod.GET, "/api/v1/me/customer", shopper, null);
    HttpResponse<Buffer> cart = post("/api/v1/carts", shopper, new JsonObject().put("currency", "EUR")
        .put("lines", new JsonArray().add(new JsonObject().put("variant_id", mug).put("quantity", 1))), null);
    String cartId = cart.bodyAsJsonObject().getString("id");
    HttpResponse<Buffer> checkout = post("/api/v1/carts/" + cartId + "/checkout", shopper, new JsonObject(), "s-1");
    String ownOrder = checkout.bodyAsJsonObject().getString("id");
    HttpResponse<Buffer> list = send(HttpMethod.GET, "/api/v1/orders", shopper, null);
    HttpResponse<Buffer> rename = request(HttpMethod.PATCH, "/api/v1/customers/" + own, shopper).putHeader("If-Match", "*")
        .sendJsonObject(new JsonObject().put("first_name", "Me")).await();
    HttpResponse<Buffer> exempt = request(HttpMethod.PATCH, "/api/v1/customers/" + own, shopper).putHeader("If-Match", "*")
        .sendJsonObject(new JsonObject().put("tax_exempt", true)).await();

    assertThat(me.bodyAsJsonObject().getString("id")).isEqualTo(own);
    assertThat(cart.statusCode()).as(cart.bodyAsString()).isEqualTo(201);
    assertThat(cart.bodyAsJsonObject().getString("customer_id")).isEqualTo(own);
    assertThat(checkout.statusCode()).as(checkout.bodyAsString()).isEqualTo(201);
    assertThat(send(HttpMethod.GET, "/api/v1/orders/" + ownOrder, shopper, null).statusCode()).isEqualTo(200);
    assertProblem(send(HttpMethod.GET, "/api/v1/orders/" + othersOrder, shopper, null), 403, "forbidden");
    assertThat(list.bodyAsJsonObject().getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("id")))
        .containsExactly(ownOrder);
    assertProblem(send(HttpMethod.GET, "/api/v1/customers/" + other, shopper, null), 403, "forbidden");
    assertProblem(send(HttpMethod.GET, "/api/v1/customers", shopper, null), 403, "forbidden");
    assertProblem(post("/api/v1/carts", shopper, new JsonObject().put("currency", "EUR").put("customer_id", other), null),
        403, "forbidden");
    assertProblem(post("/api/v1/orders/" + ownOrder + "/cancel", shopper, null, null), 403, "forbidden");
    assertThat(rename.statusCode()).as(rename.bodyAsString()).isEqualTo(200);
    assertProblem(exempt, 403, "forbidden");
  }
}
