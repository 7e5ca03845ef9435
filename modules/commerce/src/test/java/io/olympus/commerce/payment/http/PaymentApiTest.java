package io.olympus.commerce.payment.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.commerce.payment.gateway.sandbox.SandboxConfig;
import io.olympus.commerce.payment.gateway.sandbox.SandboxGateway;
import io.olympus.commerce.payment.gateway.sandbox.SandboxTokens;
import io.olympus.commerce.support.CommerceApiSupport;
import io.olympus.commerce.support.TestIdentity;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Payments over the real router, PostgreSQL and Redis with the built-in sandbox provider. */
class PaymentApiTest extends CommerceApiSupport {

  private static final List<String> STAFF = Stream.concat(TestIdentity.ALL.stream(),
      Stream.of("orders:read", "orders:write", "customers:read", "customers:write", "payments:read",
          "payments:write", "payments:refund")).toList();

  private String staffA;
  private String staffB;
  private String mug;

  @BeforeEach
  void staff() {
    staffA = identity.token(TENANT_A, STAFF);
    staffB = identity.token(TENANT_B, STAFF);
    mug = createProduct(staffA, "Mug", "MUG-1", 1000).getJsonArray("variants").getJsonObject(0).getString("id");
    receive(staffA, mug, WAREHOUSE, 100);
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

  private JsonObject order(String variant, int quantity, String currency) {
    HttpResponse<Buffer> created = post("/api/v1/orders", staffA, new JsonObject().put("currency", currency)
        .put("lines", new JsonArray().add(new JsonObject().put("variant_id", variant).put("quantity", quantity))),
        UUID.randomUUID().toString());
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject();
  }

  private static JsonObject payment(JsonObject order, String token) {
    return new JsonObject().put("order_id", order.getString("id")).put("currency", order.getString("currency"))
        .put("token", token);
  }

  private JsonObject getOrder(JsonObject order) {
    return send(HttpMethod.GET, "/api/v1/orders/" + order.getString("id"), staffA, null).bodyAsJsonObject();
  }

  private long owner(String sql, Object... params) {
    return owner.preparedQuery(sql).execute(Tuple.from(params)).await().iterator().next().getLong(0);
  }

  @Test
  void shouldPayAnOrderAndReplayTheAnswerForTheSameKey() {
    JsonObject order = order(mug, 2, "EUR");

    HttpResponse<Buffer> paid = post("/api/v1/payments/process", staffA, payment(order, SandboxTokens.SUCCESS), "p1");
    HttpResponse<Buffer> replay = post("/api/v1/payments/process", staffA, payment(order, SandboxTokens.SUCCESS),
        "p1");
    HttpResponse<Buffer> reused = post("/api/v1/payments/process", staffA, payment(order, SandboxTokens.DECLINED),
        "p1");
    HttpResponse<Buffer> noKey = post("/api/v1/payments/process", staffA, payment(order, SandboxTokens.SUCCESS), null);

    assertThat(paid.statusCode()).as(paid.bodyAsString()).isEqualTo(201);
    JsonObject body = paid.bodyAsJsonObject();
    assertThat(body.getString("status")).isEqualTo("captured");
    assertThat(body.getLong("captured_amount")).isEqualTo(2000);
    assertThat(paid.getHeader("Location")).isEqualTo("/api/v1/payments/" + body.getString("id"));
    assertThat(replay.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(replay.bodyAsString()).isEqualTo(paid.bodyAsString());
    assertProblem(reused, 422, "idempotency-key-reused");
    assertProblem(noKey, 400, "validation");
    assertThat(getOrder(order).getString("payment_status")).isEqualTo("paid");
    JsonObject read = send(HttpMethod.GET, "/api/v1/payments/" + body.getString("id"), staffA, null)
        .bodyAsJsonObject();
    assertThat(read.getJsonArray("ledger").stream().map(l -> ((JsonObject) l).getString("type")).toList())
        .containsExactly("authorization", "capture");
    assertThat(owner("SELECT count(*) FROM audit_log WHERE tenant_id = $1 AND action = 'payment.processed'",
        TENANT_A)).isEqualTo(1);
    assertThat(owner("SELECT count(*) FROM sandbox_payments WHERE tenant_id = $1", TENANT_A)).isEqualTo(1);
  }

  @Test
  void shouldChargeOnceForTheSameKeySentConcurrently() {
    JsonObject order = order(mug, 1, "EUR");
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      sent.add(request(HttpMethod.POST, "/api/v1/payments/process", staffA).putHeader("Idempotency-Key", "same")
          .sendJsonObject(payment(order, SandboxTokens.SUCCESS)));
    }
    Future.join(sent).otherwiseEmpty().await();

    List<Integer> statuses = sent.stream().map(f -> f.result().statusCode()).toList();
    assertThat(statuses).isSubsetOf(201, 409);
    assertThat(statuses).contains(201);
    assertThat(owner("SELECT count(*) FROM sandbox_payments WHERE tenant_id = $1", TENANT_A)).isEqualTo(1);
    assertThat(owner("SELECT count(*) FROM payments WHERE tenant_id = $1", TENANT_A)).isEqualTo(1);
    assertThat(getOrder(order).getJsonObject("totals").getLong("paid_amount", 1000L)).isEqualTo(1000);
  }

  @Test
  void shouldAnswer402ForADeclineAndKeepTheOrderUnpaid() {
    JsonObject order = order(mug, 1, "EUR");

    HttpResponse<Buffer> declined = post("/api/v1/payments/process", staffA, payment(order, SandboxTokens.DECLINED),
        "d1");

    assertProblem(declined, 402, "payment-declined");
    assertThat(declined.bodyAsJsonObject().getJsonObject("payment").getString("decline_code"))
        .isEqualTo("insufficient_funds");
    assertThat(getOrder(order).getString("payment_status")).isEqualTo("unpaid");
  }

  @Test
  void shouldAnswer503WithRetryAfterWhenTheProviderDoesNotAnswer() {
    JsonObject order = order(mug, 1, "EUR");

    HttpResponse<Buffer> down = post("/api/v1/payments/process", staffA, payment(order, SandboxTokens.TIMEOUT), "t1");

    assertProblem(down, 503, "unavailable");
    assertThat(down.getHeader("Retry-After")).isNotBlank();
    assertThat(owner("SELECT count(*) FROM payments WHERE tenant_id = $1 AND status = 'pending'", TENANT_A))
        .isEqualTo(1);
  }

  @Test
  void shouldAuthorizeCaptureAndRefundOverHttp() {
    JsonObject order = order(mug, 3, "EUR");
    HttpResponse<Buffer> authorized = post("/api/v1/payments/process", staffA,
        payment(order, SandboxTokens.SUCCESS).put("capture", "manual"), "a1");
    String id = authorized.bodyAsJsonObject().getString("id");

    HttpResponse<Buffer> tooMuch = post("/api/v1/payments/" + id + "/capture", staffA,
        new JsonObject().put("amount", 5000), null);
    HttpResponse<Buffer> captured = post("/api/v1/payments/" + id + "/capture", staffA, new JsonObject(), null);
    HttpResponse<Buffer> voided = post("/api/v1/payments/" + id + "/void", staffA, null, null);
    HttpResponse<Buffer> refund = post("/api/v1/payments/" + id + "/refunds", staffA,
        new JsonObject().put("amount", 1000).put("reason", "broken"), "r1");
    HttpResponse<Buffer> replay = post("/api/v1/payments/" + id + "/refunds", staffA,
        new JsonObject().put("amount", 1000).put("reason", "broken"), "r1");
    HttpResponse<Buffer> over = post("/api/v1/payments/" + id + "/refunds", staffA,
        new JsonObject().put("amount", 2001), "r2");
    HttpResponse<Buffer> rest = post("/api/v1/payments/" + id + "/refunds", staffA, new JsonObject(), "r3");

    assertThat(authorized.statusCode()).as(authorized.bodyAsString()).isEqualTo(201);
    assertThat(authorized.bodyAsJsonObject().getString("status")).isEqualTo("authorized");
    assertThat(fields(tooMuch)).containsExactly("amount");
    assertThat(captured.statusCode()).as(captured.bodyAsString()).isEqualTo(200);
    assertThat(captured.bodyAsJsonObject().getLong("captured_amount")).isEqualTo(3000);
    assertProblem(voided, 409, "conflict");
    assertThat(refund.statusCode()).as(refund.bodyAsString()).isEqualTo(201);
    assertThat(replay.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(fields(over)).containsExactly("amount");
    assertThat(rest.bodyAsJsonObject().getLong("amount")).isEqualTo(2000);
    JsonObject after = getOrder(order);
    assertThat(after.getString("payment_status")).isEqualTo("refunded");
    assertThat(owner("SELECT count(*) FROM outbox_event WHERE tenant_id = $1 AND type = 'payment.refunded'",
        TENANT_A)).isEqualTo(2);
  }

  @Test
  void shouldRefuseACardNumberAnywhereInTheBodyNamingTheField() {
    JsonObject order = order(mug, 1, "EUR");

    HttpResponse<Buffer> nested = post("/api/v1/payments/process", staffA, payment(order, SandboxTokens.SUCCESS)
        .put("card", new JsonObject().put("number", "4242 4242 4242 4242")), "c1");
    HttpResponse<Buffer> token = post("/api/v1/payments/process", staffA, payment(order, "4111-1111-1111-1111"),
        "c2");
    HttpResponse<Buffer> number = post("/api/v1/payments/process", staffA, payment(order, SandboxTokens.SUCCESS)
        .put("metadata", new JsonArray().add(5555555555554444L)), "c3");
    HttpResponse<Buffer> saved = post("/api/v1/customers/" + UUID.randomUUID() + "/payment-methods", staffA,
        new JsonObject().put("reference", "378282246310005"), null);
    HttpResponse<Buffer> notLuhn = post("/api/v1/payments/process", staffA, payment(order, "4242424242424241"),
        "c4");

    for (HttpResponse<Buffer> refused : List.of(nested, token, number, saved)) {
      assertProblem(refused, 422, "card-number-refused");
      assertThat(refused.bodyAsString()).doesNotContain("4242 4242", "4111", "5555555555554444", "378282246310005");
    }
    assertThat(nested.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("card.number");
    assertThat(token.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("token");
    assertThat(number.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("metadata[0]");
    assertThat(notLuhn.statusCode()).isNotEqualTo(422);
    assertThat(owner("SELECT count(*) FROM payments WHERE tenant_id = $1 AND payment_method = '4111-1111-1111-1111'",
        TENANT_A)).isZero();
  }

  @Test
  void shouldNeedThePaymentPermissions() {
    JsonObject order = order(mug, 2, "EUR");
    String clerk = identity.token(TENANT_A, List.of("payments:read"));
    String cashier = identity.token(TENANT_A, List.of("payments:read", "payments:write", "payments:refund"));
    String admin = identity.token(TENANT_A, List.of("payments:read", "payments:refund", "payments:refund_large"));
    String id = post("/api/v1/payments/process", staffA, payment(order, SandboxTokens.SUCCESS), "p1")
        .bodyAsJsonObject().getString("id");

    HttpResponse<Buffer> pay = post("/api/v1/payments/process", clerk, payment(order, SandboxTokens.SUCCESS), "p2");
    HttpResponse<Buffer> limitByCashier = request(HttpMethod.PUT, "/api/v1/payments/settings", cashier)
        .sendJsonObject(new JsonObject().put("refund_large_amounts", new JsonObject().put("EUR", 500))).await();
    HttpResponse<Buffer> limit = request(HttpMethod.PUT, "/api/v1/payments/settings", admin)
        .sendJsonObject(new JsonObject().put("refund_large_amounts", new JsonObject().put("EUR", 500))).await();
    HttpResponse<Buffer> refundByClerk = post("/api/v1/payments/" + id + "/refunds", clerk,
        new JsonObject().put("amount", 100), "r0");
    HttpResponse<Buffer> large = post("/api/v1/payments/" + id + "/refunds", cashier,
        new JsonObject().put("amount", 600), "r1");
    HttpResponse<Buffer> small = post("/api/v1/payments/" + id + "/refunds", cashier,
        new JsonObject().put("amount", 500), "r2");
    HttpResponse<Buffer> approved = post("/api/v1/payments/" + id + "/refunds", admin,
        new JsonObject().put("amount", 600), "r3");

    assertProblem(pay, 403, "forbidden");
    assertProblem(limitByCashier, 403, "forbidden");
    assertThat(limit.statusCode()).as(limit.bodyAsString()).isEqualTo(200);
    assertProblem(refundByClerk, 403, "forbidden");
    assertProblem(large, 403, "forbidden");
    assertThat(large.bodyAsJsonObject().getString("detail")).contains("payments:refund_large");
    assertThat(small.statusCode()).as(small.bodyAsString()).isEqualTo(201);
    assertThat(approved.statusCode()).as(approved.bodyAsString()).isEqualTo(201);
  }

  @Test
  void shouldKeepAnotherTenantsPaymentsOutOfReach() {
    JsonObject order = order(mug, 1, "EUR");
    String id = post("/api/v1/payments/process", staffA, payment(order, SandboxTokens.SUCCESS), "p1")
        .bodyAsJsonObject().getString("id");

    assertProblem(send(HttpMethod.GET, "/api/v1/payments/" + id, staffB, null), 404, "not-found");
    assertProblem(post("/api/v1/payments/" + id + "/refunds", staffB, new JsonObject(), "r1"), 404, "not-found");
    assertProblem(post("/api/v1/payments/" + id + "/capture", staffB, new JsonObject(), null), 404, "not-found");
    assertThat(fields(post("/api/v1/payments/process", staffB, payment(order, SandboxTokens.SUCCESS), "p1")))
        .containsExactly("order_id");
    assertThat(send(HttpMethod.GET, "/api/v1/payments?order_id=" + order.getString("id"), staffB, null)
        .bodyAsJsonObject().getJsonArray("items")).isEmpty();
  }

  @Test
  void shouldCarryEachCurrencysOwnMinorUnitsEndToEnd() {
    String yen = createProduct(staffA, "Tea", "TEA-1", 1).getJsonArray("variants").getJsonObject(0).getString("id");
    HttpResponse<Buffer> priced = request(HttpMethod.PATCH, "/api/v1/products/" + productOf(yen), staffA)
        .putHeader("If-Match", "\"1\"").sendJsonObject(new JsonObject().put("variants", new JsonArray().add(new JsonObject().put("sku", "TEA-1")
            .put("price", new JsonObject().put("amount", 1500).put("currency", "JPY"))))).await();
    assertThat(priced.statusCode()).as(priced.bodyAsString()).isEqualTo(200);
    receive(staffA, yen, WAREHOUSE, 10);
    String dinar = createProduct(staffA, "Dates", "DATE-1", 1).getJsonArray("variants").getJsonObject(0)
        .getString("id");
    request(HttpMethod.PATCH, "/api/v1/products/" + productOf(dinar), staffA).putHeader("If-Match", "\"1\"")
        .sendJsonObject(new JsonObject().put("variants", new JsonArray().add(new JsonObject().put("sku", "DATE-1")
            .put("price", new JsonObject().put("amount", 12_345).put("currency", "KWD"))))).await();
    receive(staffA, dinar, WAREHOUSE, 10);

    JsonObject jpy = order(yen, 2, "JPY");
    JsonObject kwd = order(dinar, 1, "KWD");
    HttpResponse<Buffer> paidJpy = post("/api/v1/payments/process", staffA, payment(jpy, SandboxTokens.SUCCESS), "j");
    HttpResponse<Buffer> paidKwd = post("/api/v1/payments/process", staffA, payment(kwd, SandboxTokens.SUCCESS), "k");
    HttpResponse<Buffer> wrong = post("/api/v1/payments/process", staffA, payment(jpy, SandboxTokens.SUCCESS)
        .put("currency", "EUR"), "w");

    assertThat(paidJpy.bodyAsJsonObject().getLong("captured_amount")).isEqualTo(3000);
    assertThat(paidJpy.bodyAsJsonObject().getString("currency")).isEqualTo("JPY");
    assertThat(paidKwd.bodyAsJsonObject().getLong("captured_amount")).isEqualTo(12_345);
    assertThat(owner("SELECT captured_amount FROM sandbox_payments WHERE currency = 'JPY' AND tenant_id = $1",
        TENANT_A)).isEqualTo(3000);
    assertThat(owner("SELECT amount FROM payment_ledger WHERE currency = 'KWD' AND entry_type = 'capture' "
        + "AND tenant_id = $1", TENANT_A)).isEqualTo(12_345);
    assertThat(fields(wrong)).containsExactly("currency");
  }

  @Test
  void shouldReportOrdersWhoseLedgerDoesNotMatch() {
    JsonObject matched = order(mug, 1, "EUR");
    JsonObject mismatched = order(mug, 2, "EUR");
    post("/api/v1/payments/process", staffA, payment(matched, SandboxTokens.SUCCESS), "m1");
    post("/api/v1/payments/process", staffA, payment(mismatched, SandboxTokens.SUCCESS).put("amount", 500), "m2");
    HttpResponse<Buffer> offline = post("/api/v1/orders/" + mismatched.getString("id") + "/mark-paid", staffA,
        new JsonObject().put("amount", 1500), null);
    assertThat(offline.statusCode()).as(offline.bodyAsString()).isEqualTo(200);

    HttpResponse<Buffer> report = send(HttpMethod.GET, "/api/v1/payments/reconciliation?from="
        + Instant.now().minusSeconds(3600) + "&to=" + Instant.now().plusSeconds(60), staffA, null);
    HttpResponse<Buffer> bad = send(HttpMethod.GET, "/api/v1/payments/reconciliation?from=yesterday&to=now", staffA,
        null);

    assertThat(report.statusCode()).as(report.bodyAsString()).isEqualTo(200);
    JsonArray items = report.bodyAsJsonObject().getJsonArray("items");
    assertThat(items).hasSize(1);
    assertThat(items.getJsonObject(0).getString("order_id")).isEqualTo(mismatched.getString("id"));
    assertThat(items.getJsonObject(0).getLong("difference")).isEqualTo(1500);
    assertThat(fields(bad)).contains("from");
  }

  @Test
  void shouldPayWithASavedPaymentMethodHeldAsAProviderReferenceOnly() {
    String customer = post("/api/v1/customers", staffA, new JsonObject().put("email", "ada@example.com"), null)
        .bodyAsJsonObject().getString("id");
    HttpResponse<Buffer> saved = post("/api/v1/customers/" + customer + "/payment-methods", staffA,
        new JsonObject().put("reference", SandboxTokens.SUCCESS).put("brand", "visa").put("last4", "4242"), null);
    HttpResponse<Buffer> twice = post("/api/v1/customers/" + customer + "/payment-methods", staffA,
        new JsonObject().put("reference", SandboxTokens.SUCCESS), null);
    HttpResponse<Buffer> otherTenant = send(HttpMethod.GET, "/api/v1/customers/" + customer + "/payment-methods",
        staffB, null);
    String method = saved.bodyAsJsonObject().getString("id");
    JsonObject order = order(mug, 1, "EUR");

    HttpResponse<Buffer> paid = post("/api/v1/payments/process", staffA, new JsonObject()
        .put("order_id", order.getString("id")).put("currency", "EUR").put("payment_method", method), "s1");
    HttpResponse<Buffer> listed = send(HttpMethod.GET, "/api/v1/customers/" + customer + "/payment-methods", staffA,
        null);
    HttpResponse<Buffer> deleted = send(HttpMethod.DELETE, "/api/v1/customers/" + customer + "/payment-methods/"
        + method, staffA, null);

    assertThat(saved.statusCode()).as(saved.bodyAsString()).isEqualTo(201);
    assertProblem(twice, 409, "conflict");
    assertProblem(otherTenant, 404, "not-found");
    assertThat(paid.statusCode()).as(paid.bodyAsString()).isEqualTo(201);
    assertThat(paid.bodyAsJsonObject().getString("payment_method")).isEqualTo(SandboxTokens.SUCCESS);
    assertThat(listed.bodyAsJsonObject().getJsonArray("items")).hasSize(1);
    assertThat(deleted.statusCode()).isEqualTo(204);
  }

  @Test
  void shouldRejectHostileInputNamingTheField() {
    JsonObject order = order(mug, 1, "EUR");
    JsonObject good = payment(order, SandboxTokens.SUCCESS);

    assertThat(fields(post("/api/v1/payments/process", staffA, good.copy().put("amount", 1.5), "h1")))
        .contains("amount");
    assertThat(fields(post("/api/v1/payments/process", staffA, good.copy().put("amount", -1), "h2")))
        .contains("amount");
    assertThat(fields(post("/api/v1/payments/process", staffA, good.copy().put("amount", 1e30), "h3")))
        .contains("amount");
    assertThat(fields(post("/api/v1/payments/process", staffA, good.copy().put("order_id", "x"), "h4")))
        .contains("order_id");
    assertThat(fields(post("/api/v1/payments/process", staffA, good.copy().put("token", "tok\u0000"), "h5")))
        .contains("token");
    assertThat(fields(post("/api/v1/payments/process", staffA, good.copy().put("capture", "later"), "h6")))
        .contains("capture");
    assertThat(fields(post("/api/v1/payments/process", staffA, good.copy().put("provider", "Nope!"), "h7")))
        .contains("provider");
    assertThat(fields(post("/api/v1/payments/process", staffA, good.copy().put("provider", "stripe"), "h8")))
        .contains("provider");
    assertThat(fields(post("/api/v1/payments/process", staffA, good.copy().put("payment_method", "pm_1"), "h9")))
        .contains("payment_method");
    assertThat(fields(post("/api/v1/payments/process", staffA, good.copy().put("amount", 5000), "h10")))
        .contains("amount");
    assertThat(fields(send(HttpMethod.GET, "/api/v1/payments?order_id=nope", staffA, null))).contains("order_id");
    assertProblem(send(HttpMethod.GET, "/api/v1/payments/" + UUID.randomUUID(), staffA, null), 404, "not-found");
    assertThat(fields(post("/api/v1/payments/" + UUID.randomUUID() + "/capture", staffA,
        new JsonObject().put("amount", "all"), null))).contains("amount");
    assertThat(post("/api/v1/payments/process", null, good, "h11").statusCode()).isEqualTo(401);
  }

  @Test
  void shouldOpenAndResolveADisputeThroughSignedWebhooksOnceEachAndInOrder(Vertx vertx) {
    JsonObject order = order(mug, 1, "EUR");
    JsonObject paid = post("/api/v1/payments/process", staffA, payment(order, SandboxTokens.SUCCESS), "p1")
        .bodyAsJsonObject();
    String providerPayment = paid.getString("provider_payment_id");
    JsonObject dispute = new JsonObject().put("id", "dp_1").put("payment_id", providerPayment)
        .put("amount", 1000).put("currency", "EUR").put("reason", "fraudulent");
    Instant t0 = Instant.now();
    JsonObject opened = event("evt_1", "dispute.opened", t0, dispute.copy().put("status", "needs_response"));
    JsonObject review = event("evt_2", "dispute.updated", t0.plusSeconds(1),
        dispute.copy().put("status", "under_review"));
    JsonObject won = event("evt_3", "dispute.closed", t0.plusSeconds(2), dispute.copy().put("status", "won"));
    String url = "/api/v1/payments/webhooks/sandbox/" + TENANT_A;

    HttpResponse<Buffer> first = webhook(url, opened, SandboxConfig.DEFAULT_SECRET);
    HttpResponse<Buffer> closed = webhook(url, won, SandboxConfig.DEFAULT_SECRET);
    HttpResponse<Buffer> lateReview = webhook(url, review, SandboxConfig.DEFAULT_SECRET);
    HttpResponse<Buffer> replayed = webhook(url, opened, SandboxConfig.DEFAULT_SECRET);
    HttpResponse<Buffer> forged = webhook(url, event("evt_4", "dispute.closed", t0.plusSeconds(3),
        dispute.copy().put("status", "lost")), "not-the-secret");
    HttpResponse<Buffer> unsigned = client.post(url).sendJsonObject(opened).await();

    assertThat(first.bodyAsJsonObject().getString("status")).isEqualTo("applied");
    assertThat(closed.bodyAsJsonObject().getString("status")).isEqualTo("applied");
    assertThat(lateReview.bodyAsJsonObject().getString("status")).isEqualTo("applied");
    assertThat(replayed.bodyAsJsonObject().getString("status")).isEqualTo("duplicate");
    assertProblem(forged, 400, "invalid-signature");
    assertProblem(unsigned, 400, "invalid-signature");
    JsonObject payment = send(HttpMethod.GET, "/api/v1/payments/" + paid.getString("id"), staffA, null)
        .bodyAsJsonObject();
    JsonObject stored = payment.getJsonArray("disputes").getJsonObject(0);
    assertThat(stored.getString("status")).isEqualTo("won");
    assertThat(payment.getJsonArray("ledger").stream().map(l -> ((JsonObject) l).getString("type") + " "
        + ((JsonObject) l).getLong("amount")).toList())
        .containsExactly("authorization 1000", "capture 1000", "dispute_withdrawal -1000",
            "dispute_reinstatement 1000");
    assertThat(owner("SELECT count(*) FROM outbox_event WHERE tenant_id = $1 AND type = 'dispute.opened'", TENANT_A))
        .isEqualTo(1);
    assertThat(owner("SELECT count(*) FROM outbox_event WHERE tenant_id = $1 AND type = 'dispute.closed'", TENANT_A))
        .isEqualTo(1);
    assertThat(owner("SELECT count(*) FROM order_history WHERE tenant_id = $1 AND kind = 'dispute'", TENANT_A))
        .isEqualTo(2);
    assertThat(send(HttpMethod.GET, "/api/v1/payments/disputes/" + stored.getString("id"), staffB, null)
        .statusCode()).isEqualTo(404);
  }

  @Test
  void shouldOpenASandboxDisputeByItselfAndCloseItOnEvidence(Vertx vertx) {
    JsonObject order = order(mug, 1, "EUR");
    String id = post("/api/v1/payments/process", staffA, payment(order, SandboxTokens.DISPUTE), "p1")
        .bodyAsJsonObject().getString("id");

    JsonObject dispute = awaitDispute(vertx, id, "needs_response");
    HttpResponse<Buffer> evidence = post("/api/v1/payments/disputes/" + dispute.getString("id") + "/evidence", staffA,
        new JsonObject().put("evidence", new JsonObject().put("uncategorized_text", SandboxTokens.WINNING_EVIDENCE)
            .put("shipping_tracking_number", "T1")), null);
    HttpResponse<Buffer> badEvidence = post("/api/v1/payments/disputes/" + dispute.getString("id") + "/evidence",
        staffA, new JsonObject().put("evidence", new JsonObject().put("Bad Key", 1)), null);

    assertThat(evidence.statusCode()).as(evidence.bodyAsString()).isEqualTo(200);
    assertThat(evidence.bodyAsJsonObject().getString("status")).isEqualTo("under_review");
    assertThat(fields(badEvidence)).containsExactly("evidence.Bad Key");
    assertThat(awaitDispute(vertx, id, "won").getString("status")).isEqualTo("won");
    assertThat(owner("SELECT count(*) FROM audit_log WHERE tenant_id = $1 AND action = 'dispute.evidence_submitted'",
        TENANT_A)).isEqualTo(1);
  }

  private JsonObject awaitDispute(Vertx vertx, String payment, String status) {
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      JsonArray disputes = send(HttpMethod.GET, "/api/v1/payments/" + payment, staffA, null).bodyAsJsonObject()
          .getJsonArray("disputes");
      if (!disputes.isEmpty() && disputes.getJsonObject(0).getString("status").equals(status)) {
        return disputes.getJsonObject(0);
      }
      vertx.timer(200).await();
    }
    throw new AssertionError("no dispute in status " + status + " for payment " + payment);
  }

  private static JsonObject event(String id, String type, Instant at, JsonObject dispute) {
    return new JsonObject().put("id", id).put("type", type).put("occurred_at", at.toString())
        .put("data", new JsonObject().put("dispute", dispute));
  }

  private HttpResponse<Buffer> webhook(String url, JsonObject event, String secret) {
    var signed = SandboxGateway.signed(secret, event, Instant.now());
    HttpRequest<Buffer> request = client.post(url);
    signed.headers().forEach(request::putHeader);
    return request.sendBuffer(signed.body()).await();
  }
}
