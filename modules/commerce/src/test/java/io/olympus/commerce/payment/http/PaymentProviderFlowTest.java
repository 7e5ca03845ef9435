package io.olympus.commerce.payment.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.olympus.commerce.CommerceConfig;
import io.olympus.commerce.CommerceComponents;
import io.olympus.commerce.payment.gateway.CaptureMode;
import io.olympus.commerce.payment.gateway.WebhookRequest;
import io.olympus.commerce.payment.gateway.fake.FakeStripeServer;
import io.olympus.commerce.payment.model.ProcessPayment;
import io.olympus.commerce.payment.service.PaymentService;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The payment flows end to end through the real Stripe adapter: the commerce service over its real router,
 * PostgreSQL and Redis, a tenant whose Stripe account is configured through the API, and {@code COMMERCE_STRIPE_BASE_URL}
 * pointing at a local {@link FakeStripeServer} behind a {@link RecordingProviderProxy} that records what reached
 * Stripe. Short retry and breaker settings make the fault flows quick.
 */
class PaymentProviderFlowTest extends ProviderFlowSupport {

  private static final String INTENTS = "/v1/payment_intents";

  private FakeStripeServer stripe;
  private RecordingProviderProxy proxy;

  @Override
  protected String provider() {
    return "stripe";
  }

  @Override
  protected String startProvider(Vertx vertx) {
    stripe = new FakeStripeServer(vertx);
    stripe.start().await();
    proxy = new RecordingProviderProxy(vertx, stripe.baseUrl());
    proxy.start().await();
    return proxy.baseUrl();
  }

  @Override
  protected void stopProvider() {
    proxy.stop().await();
    stripe.stop().await();
  }

  @Override
  protected JsonObject credentials() {
    return new JsonObject().put("secret_key", FakeStripeServer.SECRET_KEY)
        .put("webhook_secret", FakeStripeServer.WEBHOOK_SECRET);
  }

  // ---- helpers ----------------------------------------------------------------------------------------------------

  /** PaymentIntents Stripe created (answers to creations, replays of the same intent counted once). */
  private List<String> intentsCreated() {
    return proxy.calls("POST", INTENTS).stream().filter(call -> call.status() == 200)
        .map(call -> call.answer().getString("id")).distinct().toList();
  }

  /** The PaymentIntents Stripe holds for our payment id, asked of Stripe's own search API. */
  private JsonArray intentsAtStripeFor(Vertx vertx, String paymentId) {
    WebClient direct = WebClient.create(vertx);
    try {
      HttpResponse<Buffer> found = direct.getAbs(stripe.baseUrl() + INTENTS + "/search")
          .addQueryParam("query", "metadata['olympus_reference']:'" + paymentId + "'")
          .putHeader("Authorization", "Bearer " + FakeStripeServer.SECRET_KEY).send().await();
      assertThat(found.statusCode()).as(found.bodyAsString()).isEqualTo(200);
      return found.bodyAsJsonObject().getJsonArray("data");
    } finally {
      direct.close();
    }
  }

  // ---- flows ------------------------------------------------------------------------------------------------------

  @Test
  void shouldChargeThroughStripeOnceForARepeatedAndAConcurrentlySentKey(Vertx vertx) {
    JsonObject first = order(2);
    JsonObject second = order(1);

    HttpResponse<Buffer> paid = pay(first, FakeStripeServer.CARD_OK, "p1");
    HttpResponse<Buffer> replay = pay(first, FakeStripeServer.CARD_OK, "p1");
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      sent.add(process("p2").sendJsonObject(payment(second, FakeStripeServer.CARD_OK)));
    }
    Future.join(sent).otherwiseEmpty().await();
    List<HttpResponse<Buffer>> repeated = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      repeated.add(pay(second, FakeStripeServer.CARD_OK, "p2"));
    }

    assertThat(paid.statusCode()).as(paid.bodyAsString()).isEqualTo(201);
    JsonObject body = paid.bodyAsJsonObject();
    assertThat(body.getString("provider")).isEqualTo("stripe");
    assertThat(body.getString("status")).isEqualTo("captured");
    assertThat(body.getLong("captured_amount")).isEqualTo(2000);
    assertThat(replay.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(replay.bodyAsString()).isEqualTo(paid.bodyAsString());
    List<Integer> statuses = sent.stream().map(f -> f.result().statusCode()).toList();
    assertThat(statuses).isSubsetOf(201, 409).contains(201);
    assertThat(repeated).allSatisfy(r -> assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201));
    String secondId = repeated.get(0).bodyAsJsonObject().getString("id");

    // Stripe saw one PaymentIntent per order, created with our payment id as idempotency key and reference
    assertThat(intentsCreated()).hasSize(2).contains(body.getString("provider_payment_id"));
    assertThat(proxy.calls("POST", INTENTS)).extracting(RecordingProviderProxy.Call::idempotencyKey)
        .containsOnly(body.getString("id"), secondId);
    assertThat(intentsAtStripeFor(vertx, body.getString("id"))).hasSize(1);
    assertThat(intentsAtStripeFor(vertx, secondId)).hasSize(1);
    JsonObject intent = stripe.intent(body.getString("provider_payment_id"));
    assertThat(intent.getString("status")).isEqualTo("succeeded");
    assertThat(intent.getLong("amount_received")).isEqualTo(2000);
    assertThat(intent.getString("currency")).isEqualTo("eur");
    assertThat(paymentStatusOf(first)).isEqualTo("paid");
    assertThat(paymentStatusOf(second)).isEqualTo("paid");
    assertThat(owner("SELECT count(*) FROM payments WHERE tenant_id = $1", TENANT_A)).isEqualTo(2);
  }

  @Test
  void shouldRecordAStripeDeclineOnceWithoutRetryingIt() {
    JsonObject order = order(1);
    int before = stripe.requestCount();

    HttpResponse<Buffer> declined = pay(order, FakeStripeServer.CARD_INSUFFICIENT_FUNDS, "d1");

    assertProblem(declined, 402, "payment-declined");
    assertThat(declined.bodyAsJsonObject().getJsonObject("payment").getString("decline_code"))
        .isEqualTo("insufficient_funds");
    assertThat(stripe.requestCount() - before).isEqualTo(1);
    assertThat(proxy.calls("POST", INTENTS)).hasSize(1)
        .allSatisfy(call -> assertThat(call.status()).isEqualTo(402));
    assertThat(paymentStatusOf(order)).isEqualTo("unpaid");
    assertThat(owner("SELECT count(*) FROM outbox_event WHERE tenant_id = $1 AND type = 'payment.failed'", TENANT_A))
        .isEqualTo(1);
    assertThat(owner("SELECT count(*) FROM outbox_event WHERE tenant_id = $1 AND type = 'payment.processed'",
        TENANT_A)).isZero();
  }

  @Test
  void shouldRetryStripeServerErrorsAndRateLimitsWithTheSameIdempotencyKey(Vertx vertx) {
    JsonObject order = order(1);
    stripe.failNext(1, 500);
    stripe.rateLimitNext(1, 0);

    HttpResponse<Buffer> paid = pay(order, FakeStripeServer.CARD_OK, "r1");

    assertThat(paid.statusCode()).as(paid.bodyAsString()).isEqualTo(201);
    String id = paid.bodyAsJsonObject().getString("id");
    List<RecordingProviderProxy.Call> attempts = proxy.calls("POST", INTENTS);
    assertThat(attempts).extracting(RecordingProviderProxy.Call::status).containsExactly(500, 429, 200);
    assertThat(attempts).extracting(RecordingProviderProxy.Call::idempotencyKey).containsOnly(id);
    assertThat(attempts).extracting(RecordingProviderProxy.Call::form).containsOnly(attempts.get(0).form());
    assertThat(intentsAtStripeFor(vertx, id)).hasSize(1);
    assertThat(paymentStatusOf(order)).isEqualTo("paid");
  }

  @Test
  void shouldOpenTheBreakerWhileStripeIsDownAnswer503AtOnceAndRecover(Vertx vertx) {
    proxy.down(true);
    HttpResponse<Buffer> refusedAtOnce = null;
    int failedAtStripe = 0;
    for (int i = 0; i < 6 && refusedAtOnce == null; i++) {
      int before = proxy.calls().size();
      HttpResponse<Buffer> down = pay(order(1), FakeStripeServer.CARD_OK, "down-" + i);
      assertProblem(down, 503, "unavailable");
      assertThat(down.getHeader("Retry-After")).isNotBlank();
      if (proxy.calls().size() == before) {
        refusedAtOnce = down;
      } else {
        failedAtStripe++;
        // the first attempt and its three retries, all with the same key
        assertThat(proxy.calls().subList(before, proxy.calls().size())).hasSize(4)
            .extracting(RecordingProviderProxy.Call::idempotencyKey).containsOnly(proxy.calls().get(before)
                .idempotencyKey());
      }
    }
    assertThat(refusedAtOnce).as("a call refused by the open breaker without reaching Stripe").isNotNull();
    assertThat(failedAtStripe).isEqualTo(2);
    assertThat(refusedAtOnce.getHeader("Retry-After")).isEqualTo("1");
    int whileOpen = proxy.calls().size();
    assertProblem(pay(order(1), FakeStripeServer.CARD_OK, "still-open"), 503, "unavailable");
    assertThat(proxy.calls()).hasSize(whileOpen);
    assertThat(stripe.requestCount()).isZero();

    proxy.down(false);
    HttpResponse<Buffer> recovered = null;
    long deadline = System.currentTimeMillis() + 60_000;
    for (int i = 0; recovered == null && System.currentTimeMillis() < deadline; i++) {
      HttpResponse<Buffer> attempt = pay(order(1), FakeStripeServer.CARD_OK, "up-" + i);
      if (attempt.statusCode() == 201) {
        recovered = attempt;
      } else {
        assertProblem(attempt, 503, "unavailable");
        vertx.timer(200).await();
      }
    }

    assertThat(recovered).as("a payment taken after the breaker reset").isNotNull();
    assertThat(recovered.bodyAsJsonObject().getString("status")).isEqualTo("captured");
    assertThat(intentsAtStripeFor(vertx, recovered.bodyAsJsonObject().getString("id"))).hasSize(1);
    assertThat(intentsCreated()).hasSize(1);
  }

  @Test
  void shouldRefundThroughStripe() {
    JsonObject order = order(2);
    JsonObject paid = pay(order, FakeStripeServer.CARD_OK, "p1").bodyAsJsonObject();
    String intent = paid.getString("provider_payment_id");

    HttpResponse<Buffer> part = request(HttpMethod.POST, "/api/v1/payments/" + paid.getString("id") + "/refunds",
        staff).putHeader("Idempotency-Key", "r1").sendJsonObject(new JsonObject().put("amount", 500)
        .put("reason", "broken")).await();
    HttpResponse<Buffer> rest = request(HttpMethod.POST, "/api/v1/payments/" + paid.getString("id") + "/refunds",
        staff).putHeader("Idempotency-Key", "r2").sendJsonObject(new JsonObject()).await();

    assertThat(part.statusCode()).as(part.bodyAsString()).isEqualTo(201);
    assertThat(rest.statusCode()).as(rest.bodyAsString()).isEqualTo(201);
    assertThat(rest.bodyAsJsonObject().getLong("amount")).isEqualTo(1500);
    List<RecordingProviderProxy.Call> refunds = proxy.calls("POST", "/v1/refunds");
    assertThat(refunds).hasSize(2).allSatisfy(call -> {
      assertThat(call.status()).isEqualTo(200);
      assertThat(call.answer().getString("object")).isEqualTo("refund");
      assertThat(call.answer().getString("payment_intent")).isEqualTo(intent);
      assertThat(call.idempotencyKey()).isNotBlank();
    });
    assertThat(refunds).extracting(call -> call.answer().getLong("amount")).containsExactly(500L, 1500L);
    assertThat(refunds.get(0).idempotencyKey()).isNotEqualTo(refunds.get(1).idempotencyKey());
    assertThat(stripe.intent(intent).getLong("amount_refunded")).isEqualTo(2000);
    assertThat(paymentStatusOf(order)).isEqualTo("refunded");
    assertThat(getPayment(paid.getString("id")).getJsonArray("ledger").stream()
        .map(l -> ((JsonObject) l).getString("type") + " " + ((JsonObject) l).getLong("amount")).toList())
        .containsExactly("authorization 2000", "capture 2000", "refund -500", "refund -1500");
  }

  @Test
  void shouldOpenADisputeFromAStripeSignedWebhookOnceAndRefuseATamperedOne() {
    JsonObject order = order(1);
    JsonObject paid = pay(order, FakeStripeServer.CARD_OK, "p1").bodyAsJsonObject();
    JsonObject dispute = stripe.openDispute(paid.getString("provider_payment_id"), "fraudulent");
    WebhookRequest created = FakeStripeServer.webhook(FakeStripeServer.event("charge.dispute.created", dispute));
    WebhookRequest lost = FakeStripeServer.webhook(FakeStripeServer.event("charge.dispute.closed",
        dispute.copy().put("status", "lost")));
    Buffer tampered = Buffer.buffer(lost.body().toString().replace("\"lost\"", "\"won\""));

    HttpResponse<Buffer> first = deliver(created, created.body());
    HttpResponse<Buffer> again = deliver(created, created.body());
    HttpResponse<Buffer> forged = deliver(lost, tampered);

    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(200);
    assertThat(first.bodyAsJsonObject().getString("status")).isEqualTo("applied");
    assertThat(again.bodyAsJsonObject().getString("status")).isEqualTo("duplicate");
    assertThat(forged.statusCode()).as(forged.bodyAsString()).isBetween(400, 499);
    assertThat(forged.getHeader("Content-Type")).startsWith("application/problem+json");
    JsonObject payment = getPayment(paid.getString("id"));
    JsonArray disputes = payment.getJsonArray("disputes");
    assertThat(disputes).hasSize(1);
    assertThat(disputes.getJsonObject(0).getString("status")).isEqualTo("needs_response");
    assertThat(disputes.getJsonObject(0).getString("provider_dispute_id", dispute.getString("id")))
        .isEqualTo(dispute.getString("id"));
    assertThat(payment.getJsonArray("ledger").stream().map(l -> ((JsonObject) l).getString("type") + " "
        + ((JsonObject) l).getLong("amount")).toList())
        .containsExactly("authorization 1000", "capture 1000", "dispute_withdrawal -1000");
    assertThat(owner("SELECT count(*) FROM order_history WHERE tenant_id = $1 AND kind = 'dispute'", TENANT_A))
        .isEqualTo(1);
    assertThat(owner("SELECT count(*) FROM outbox_event WHERE tenant_id = $1 AND type = 'dispute.opened'", TENANT_A))
        .isEqualTo(1);
    assertThat(owner("SELECT count(*) FROM outbox_event WHERE tenant_id = $1 AND type = 'dispute.closed'", TENANT_A))
        .isZero();
    assertThat(owner("SELECT count(*) FROM event_inbox WHERE consumer = $1", "payments.webhook.stripe"))
        .isEqualTo(1);
  }

  @Test
  void shouldReconcileACrashBetweenTheStripeCallAndTheCommitFromStripesRecord(Vertx vertx) {
    JsonObject order = order(3);
    Pool pool = TestInfra.get().appPool(vertx);
    try {
      // the graph of a second process on the same database, which dies between the provider call and its commit
      PaymentService payments = CommerceComponents.create(vertx, app.context(), CommerceConfig.from(settings)).payments();
      payments.commitHook(p -> Future.failedFuture(new IllegalStateException("process died before the commit")));
      Throwable crash = catchThrowable(() -> payments.process(TENANT_A, "crash-1", new ProcessPayment(
          UUID.fromString(order.getString("id")), null, "EUR", FakeStripeServer.CARD_OK, null, "stripe",
          CaptureMode.AUTOMATIC)).await());
      payments.commitHook(null);

      JsonObject pending = send(HttpMethod.GET, "/api/v1/payments?order_id=" + order.getString("id"), staff, null)
          .bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
      String id = pending.getString("id");
      JsonArray atStripe = intentsAtStripeFor(vertx, id);
      owner.preparedQuery("UPDATE payments SET created_at = now() - interval '10 minutes' WHERE id = $1")
          .execute(Tuple.of(UUID.fromString(id))).await();
      PaymentService.Reconciled done = payments.reconcile(60).await();

      assertThat(crash).hasMessageContaining("process died");
      assertThat(pending.getString("status")).isEqualTo("pending");
      assertThat(paymentStatusOf(order)).isEqualTo("paid");
      assertThat(atStripe).hasSize(1);
      assertThat(atStripe.getJsonObject(0).getString("status")).isEqualTo("succeeded");
      assertThat(done.settled()).isEqualTo(1);
      assertThat(proxy.calls("GET", INTENTS + "/search")).isNotEmpty();
      JsonObject settled = getPayment(id);
      assertThat(settled.getString("status")).isEqualTo("captured");
      assertThat(settled.getLong("captured_amount")).isEqualTo(3000);
      assertThat(settled.getString("provider_payment_id")).isEqualTo(atStripe.getJsonObject(0).getString("id"));
      assertThat(intentsCreated()).hasSize(1);
      assertThat(owner("SELECT count(*) FROM outbox_event WHERE tenant_id = $1 AND type = 'payment.processed'",
          TENANT_A)).isEqualTo(1);
      assertThat(payments.reconcile(60).await().settled()).isZero();
    } finally {
      pool.close().await();
    }
  }
}
