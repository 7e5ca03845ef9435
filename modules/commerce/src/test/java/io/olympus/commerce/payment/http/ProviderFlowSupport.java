package io.olympus.commerce.payment.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.commerce.CommerceConfig;
import io.olympus.commerce.CommerceComponents;
import io.olympus.commerce.CommerceHttpVerticle;
import io.olympus.commerce.payment.gateway.WebhookRequest;
import io.olympus.commerce.support.CommerceApiSupport;
import io.olympus.commerce.support.TestIdentity;
import io.olympus.common.testing.ServiceHarness;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The payment flows end to end through one provider's real adapter: the commerce service over its real router,
 * PostgreSQL and Redis, a tenant whose account with the provider is configured through the API
 * ({@code PUT /api/v1/payments/providers/{provider}}), and {@code COMMERCE_<PROVIDER>_BASE_URL} pointing at the
 * provider's local server. Short retry and breaker settings make the fault flows quick. Each provider's flow test
 * extends this with its server and credentials.
 */
abstract class ProviderFlowSupport extends CommerceApiSupport {

  private static final List<String> STAFF = Stream.concat(TestIdentity.ALL.stream(),
      Stream.of("orders:read", "orders:write", "payments:read", "payments:write", "payments:refund")).toList();

  protected JsonObject settings;
  protected String staff;
  protected String mug;

  /** {@code stripe}, {@code square} or {@code paypal}. */
  protected abstract String provider();

  /** Starts the provider's local server (and what stands in front of it); answers the base URL to configure. */
  protected abstract String startProvider(Vertx vertx);

  protected abstract void stopProvider();

  /** The tenant's account with the provider, as {@code PUT /api/v1/payments/providers/{provider}} takes it. */
  protected abstract JsonObject credentials();

  @BeforeEach
  void commerceOnProvider(Vertx vertx) {
    String upper = provider().toUpperCase(Locale.ROOT);
    settings = new JsonObject()
        .put("COMMERCE_" + upper + "_BASE_URL", startProvider(vertx))
        // generous deadlines: a loaded test machine must not turn a slow local answer into a retry
        .put("COMMERCE_" + upper + "_TIMEOUT_MS", "30000")
        .put("COMMERCE_PAYMENT_CALL_TIMEOUT_MS", "30000")
        .put("COMMERCE_PAYMENT_RETRIES", "3")
        .put("COMMERCE_PAYMENT_BACKOFF_MS", "10")
        .put("COMMERCE_PAYMENT_BREAKER_FAILURES", "2")
        .put("COMMERCE_PAYMENT_BREAKER_RESET_MS", "1000");
    app.close(vertx).await();
    CommerceConfig config = CommerceConfig.from(settings);
    // a generous Redis deadline: the session check must not fail the set-up on a loaded test machine
    app = ServiceHarness.deploy(vertx, ServiceHarness.context(vertx, Map.of("DATABASE_POOL_SIZE", "8",
            "REDIS_COMMAND_TIMEOUT_MS", "30000")),
        ctx -> new CommerceHttpVerticle(ctx, 0, CommerceComponents.create(vertx, ctx, config))).await();
    client = app.client();
    staff = identity.token(TENANT_A, STAFF);

    HttpResponse<Buffer> account = send(HttpMethod.PUT, "/api/v1/payments/providers/" + provider(), staff,
        new JsonObject().put("credentials", credentials()));
    assertThat(account.statusCode()).as(account.bodyAsString()).isEqualTo(200);
    mug = createProduct(staff, "Mug", "MUG-1", 1000).getJsonArray("variants").getJsonObject(0).getString("id");
    receive(staff, mug, WAREHOUSE, 200);
  }

  @AfterEach
  void stopProviderServer() {
    stopProvider();
  }

  protected JsonObject order(int quantity) {
    HttpResponse<Buffer> created = request(HttpMethod.POST, "/api/v1/orders", staff)
        .putHeader("Idempotency-Key", UUID.randomUUID().toString())
        .sendJsonObject(new JsonObject().put("currency", "EUR").put("lines", new JsonArray()
            .add(new JsonObject().put("variant_id", mug).put("quantity", quantity)))).await();
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject();
  }

  /** The body of a payment of {@code order} through this provider with {@code method}. */
  protected JsonObject payment(JsonObject order, String method) {
    return new JsonObject().put("order_id", order.getString("id")).put("currency", "EUR")
        .put("token", method).put("provider", provider());
  }

  protected HttpRequest<Buffer> process(String key) {
    return request(HttpMethod.POST, "/api/v1/payments/process", staff).putHeader("Idempotency-Key", key);
  }

  protected HttpResponse<Buffer> pay(JsonObject order, String method, String key) {
    return process(key).sendJsonObject(payment(order, method)).await();
  }

  protected HttpResponse<Buffer> refund(String paymentId, String key, JsonObject body) {
    return request(HttpMethod.POST, "/api/v1/payments/" + paymentId + "/refunds", staff)
        .putHeader("Idempotency-Key", key).sendJsonObject(body).await();
  }

  protected JsonObject getPayment(String id) {
    HttpResponse<Buffer> response = send(HttpMethod.GET, "/api/v1/payments/" + id, staff, null);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  /** The payment's ledger lines as {@code "<type> <amount>"}, in the order they were written. */
  protected List<String> ledgerOf(String paymentId) {
    return getPayment(paymentId).getJsonArray("ledger").stream()
        .map(l -> ((JsonObject) l).getString("type") + " " + ((JsonObject) l).getLong("amount")).toList();
  }

  protected String paymentStatusOf(JsonObject order) {
    HttpResponse<Buffer> response = send(HttpMethod.GET, "/api/v1/orders/" + order.getString("id"), staff, null);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject().getString("payment_status");
  }

  protected long owner(String sql, Object... params) {
    return owner.preparedQuery(sql).execute(Tuple.from(params)).await().iterator().next().getLong(0);
  }

  /** Posts {@code body} with the delivery's headers to the tenant's webhook entry point for this provider. */
  protected HttpResponse<Buffer> deliver(WebhookRequest delivery, Buffer body) {
    HttpRequest<Buffer> request = client.post("/api/v1/payments/webhooks/" + provider() + "/" + TENANT_A);
    delivery.headers().forEach(request::putHeader);
    return request.sendBuffer(body).await();
  }

  /**
   * What the provider does after answering a refund: nothing where it answers the refund done (201); a provider that
   * answers it pending (202) sends its notification here.
   */
  protected void refundAnswered(String providerPaymentId, JsonObject refund) {
  }

  /** A payment that went through {@link #authorizeCaptureRefundAndDispute}: our id and the provider's. */
  protected record Flow(String paymentId, String providerPaymentId) {}

  /**
   * The flow every provider supports, through the API with its shared assertions: an order of 2,000 authorized
   * ({@code capture: manual}) with {@code method}, 1,500 of it captured (the rest released), 500 refunded (the order
   * {@code partially_refunded}, after the provider's refund notification where it answered the refund pending),
   * then the provider's signed dispute notification ({@code disputeOf} the provider's payment id) applied once,
   * its replay a duplicate, and the same delivery with {@code openState} changed to
   * {@code forgedState} in the body refused as 400 {@code invalid-signature}. The provider's own record is the
   * caller's to check.
   */
  protected Flow authorizeCaptureRefundAndDispute(String method, Function<String, WebhookRequest> disputeOf,
                                                  String openState, String forgedState) {
    JsonObject order = order(2);
    HttpResponse<Buffer> authorized = process(provider() + "-1").sendJsonObject(payment(order, method)
        .put("capture", "manual")).await();
    assertThat(authorized.statusCode()).as(authorized.bodyAsString()).isEqualTo(201);
    JsonObject payment = authorized.bodyAsJsonObject();
    String id = payment.getString("id");
    String providerId = payment.getString("provider_payment_id");

    HttpResponse<Buffer> captured = send(HttpMethod.POST, "/api/v1/payments/" + id + "/capture", staff,
        new JsonObject().put("amount", 1500));
    HttpResponse<Buffer> refunded = refund(id, provider() + "-r1", new JsonObject().put("amount", 500)
        .put("reason", "scratched"));
    refundAnswered(providerId, refunded.bodyAsJsonObject());
    String afterRefund = paymentStatusOf(order);
    long inboxBefore = owner("SELECT count(*) FROM event_inbox WHERE consumer = $1", "payments.webhook." + provider());
    WebhookRequest opened = disputeOf.apply(providerId);
    HttpResponse<Buffer> first = deliver(opened, opened.body());
    HttpResponse<Buffer> again = deliver(opened, opened.body());
    HttpResponse<Buffer> forged = deliver(opened, Buffer.buffer(opened.body().toString()
        .replace(openState, forgedState)));

    assertThat(payment.getString("provider")).isEqualTo(provider());
    assertThat(payment.getString("status")).isEqualTo("authorized");
    assertThat(captured.statusCode()).as(captured.bodyAsString()).isEqualTo(200);
    assertThat(captured.bodyAsJsonObject().getString("status")).isEqualTo("captured");
    assertThat(captured.bodyAsJsonObject().getLong("captured_amount")).isEqualTo(1500);
    assertThat(refunded.statusCode()).as(refunded.bodyAsString()).isIn(201, 202);
    assertThat(refunded.bodyAsJsonObject().getLong("amount")).isEqualTo(500);
    assertThat(afterRefund).isEqualTo("partially_refunded");
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(200);
    assertThat(first.bodyAsJsonObject().getString("status")).isEqualTo("applied");
    assertThat(again.bodyAsJsonObject().getString("status")).isEqualTo("duplicate");
    assertProblem(forged, 400, "invalid-signature");
    JsonArray disputes = getPayment(id).getJsonArray("disputes");
    assertThat(disputes).hasSize(1);
    assertThat(disputes.getJsonObject(0).getString("status")).isEqualTo("needs_response");
    assertThat(ledgerOf(id)).contains("authorization 2000", "capture 1500", "authorization_release -500", "refund -500")
        .anyMatch(line -> line.startsWith("dispute_withdrawal -"));
    assertThat(owner("SELECT count(*) FROM outbox_event WHERE tenant_id = $1 AND type = 'dispute.opened'", TENANT_A))
        .isEqualTo(1);
    // the dispute's delivery entered the inbox once, its replay not again
    assertThat(owner("SELECT count(*) FROM event_inbox WHERE consumer = $1", "payments.webhook." + provider()))
        .isEqualTo(inboxBefore + 1);
    return new Flow(id, providerId);
  }

  protected static void assertProblem(HttpResponse<Buffer> response, int status, String type) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(response.bodyAsJsonObject().getString("type")).endsWith(":" + type);
  }
}
