package io.olympus.commerce.payment.gateway.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.olympus.commerce.payment.gateway.CaptureMode;
import io.olympus.commerce.payment.gateway.GatewayDispute;
import io.olympus.commerce.payment.gateway.GatewayEvent;
import io.olympus.commerce.payment.gateway.GatewayException;
import io.olympus.commerce.payment.gateway.GatewayPayment;
import io.olympus.commerce.payment.gateway.GatewayRefund;
import io.olympus.commerce.payment.gateway.GatewayStatus;
import io.olympus.commerce.payment.gateway.PaymentGateway;
import io.olympus.commerce.payment.gateway.PaymentGatewayContractTest;
import io.olympus.commerce.payment.gateway.RefundRequest;
import io.olympus.commerce.payment.gateway.WebhookRequest;
import io.olympus.commerce.payment.gateway.fake.FakeStripeServer;
import io.olympus.commerce.payment.gateway.support.ProviderEndpoint;
import io.olympus.commerce.support.Money;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Stripe adapter against {@link FakeStripeServer}: the gateway contract plus what is Stripe's own. */
class StripeGatewayTest extends PaymentGatewayContractTest<FakeStripeServer> {

  private StripeGateway gateway;

  @Override
  protected FakeStripeServer newServer(Vertx vertx) {
    return new FakeStripeServer(vertx);
  }

  @BeforeEach
  void connect() {
    gateway = gateway(FakeStripeServer.SECRET_KEY, FakeStripeServer.WEBHOOK_SECRET);
  }

  private StripeGateway gateway(String secretKey, String webhookSecret) {
    return new StripeGateway(client, new ProviderEndpoint(server.baseUrl(), Duration.ofSeconds(10)),
        new StripeCredentials(secretKey, webhookSecret));
  }

  @Override
  protected PaymentGateway gatewayWithTimeout(Duration timeout) {
    return new StripeGateway(client, new ProviderEndpoint(server.baseUrl(), timeout),
        new StripeCredentials(FakeStripeServer.SECRET_KEY, FakeStripeServer.WEBHOOK_SECRET));
  }

  @Override
  protected PaymentGateway gateway() {
    return gateway;
  }

  @Override
  protected PaymentGateway gatewayWithWrongCredentials() {
    return gateway("sk_test_51NotTheRightKey000000000000000", FakeStripeServer.WEBHOOK_SECRET);
  }

  @Override
  protected String approvedMethod() {
    return FakeStripeServer.CARD_OK;
  }

  @Override
  protected String insufficientFundsMethod() {
    return FakeStripeServer.CARD_INSUFFICIENT_FUNDS;
  }

  @Override
  protected String unknownPaymentId() {
    return "pi_3NotAnIntentWeKnow00000";
  }

  @Override
  protected String openDispute(GatewayPayment captured) {
    return server.openDispute(captured.providerPaymentId(), "fraudulent").getString("id");
  }

  @Override
  protected WebhookRequest signedPaymentWebhook(GatewayPayment payment) {
    return FakeStripeServer.webhook(FakeStripeServer.event("payment_intent.succeeded",
        server.intent(payment.providerPaymentId())));
  }

  @Override
  protected WebhookRequest webhookSignedWithWrongSecret(GatewayPayment payment) {
    Instant now = Instant.now();
    return FakeStripeServer.webhook(FakeStripeServer.event("payment_intent.succeeded",
        server.intent(payment.providerPaymentId())), "whsec_someoneElsesSecret", now, now);
  }

  @Override
  protected WebhookRequest staleWebhook(GatewayPayment payment) {
    Instant now = Instant.now();
    return FakeStripeServer.webhook(FakeStripeServer.event("payment_intent.succeeded",
        server.intent(payment.providerPaymentId())), FakeStripeServer.WEBHOOK_SECRET, now.minusSeconds(301), now);
  }

  // ---- Stripe's own ----------------------------------------------------------------------------------------------

  @Test
  void shouldSendTheReferenceAsMetadataAndCaptureMethod() {
    GatewayPayment payment = authorize(DEFAULT_AMOUNT, CaptureMode.MANUAL);

    JsonObject intent = server.intent(payment.providerPaymentId());
    assertThat(intent.getJsonObject("metadata").getString("olympus_reference")).isEqualTo(payment.reference());
    assertThat(intent.getJsonObject("metadata").getString("order_id")).isEqualTo("ord-" + payment.reference());
    assertThat(intent.getString("capture_method")).isEqualTo("manual");
    assertThat(intent.getString("currency")).isEqualTo("eur");
  }

  @Test
  void shouldKeepTheIssuersMessageOfADecline() {
    GatewayPayment payment = gateway.authorize(authorization(reference(), DEFAULT_AMOUNT,
        FakeStripeServer.CARD_DECLINED, CaptureMode.AUTOMATIC)).await();

    assertThat(payment.status()).isEqualTo(GatewayStatus.DECLINED);
    assertThat(payment.declineCode()).isEqualTo("generic_decline");
    assertThat(payment.declineMessage()).isEqualTo("Your card was declined.");
    assertThat(payment.providerPaymentId()).startsWith("pi_");
  }

  @Test
  void shouldRefuseTheSameReferenceWithOtherParameters() {
    String reference = reference();
    gateway.authorize(authorization(reference, DEFAULT_AMOUNT, FakeStripeServer.CARD_OK, CaptureMode.AUTOMATIC))
        .await();

    assertThatThrownBy(() -> gateway.authorize(authorization(reference, new Money(999, "EUR"),
        FakeStripeServer.CARD_OK, CaptureMode.AUTOMATIC)).await())
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(GatewayException.Kind.INVALID_REQUEST);
          assertThat(e.httpStatus()).isEqualTo(400);
          assertThat(e.getMessage()).contains("idempotency_error");
        });
  }

  @Test
  void shouldCallTheProviderOnceWhenARefundIsRepeatedWithTheSameReference() {
    GatewayPayment captured = authorize(DEFAULT_AMOUNT, CaptureMode.AUTOMATIC);
    RefundRequest refund = new RefundRequest(reference(), captured.providerPaymentId(), new Money(400, "EUR"),
        "requested_by_customer");

    GatewayRefund first = gateway.refund(refund).await();
    GatewayRefund again = gateway.refund(refund).await();

    assertThat(again).isEqualTo(first);
    assertThat(server.intent(captured.providerPaymentId()).getLong("amount_refunded")).isEqualTo(400L);
  }

  @Test
  void shouldAcceptAnyOfSeveralV1Signatures() {
    GatewayPayment payment = authorize(DEFAULT_AMOUNT, CaptureMode.AUTOMATIC);
    WebhookRequest signed = signedPaymentWebhook(payment);
    String header = signed.headers().get("Stripe-Signature");
    String rolled = header.replaceFirst("v1=", "v1=" + "00".repeat(32) + ",v1=") + ",v0=deadbeef";
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(signed.headers()).set("Stripe-Signature", rolled);

    GatewayEvent event = gateway.parseWebhook(new WebhookRequest(headers, signed.body(), signed.url(),
        signed.receivedAt())).await();

    assertThat(event.payment().providerPaymentId()).isEqualTo(payment.providerPaymentId());
  }

  @Test
  void shouldRejectAWebhookWithoutSignature() {
    GatewayPayment payment = authorize(DEFAULT_AMOUNT, CaptureMode.AUTOMATIC);
    WebhookRequest signed = signedPaymentWebhook(payment);

    assertInvalidSignature(new WebhookRequest(MultiMap.caseInsensitiveMultiMap(), signed.body(), signed.url(),
        signed.receivedAt()));
  }

  @Test
  void shouldReadRefundEvents() {
    GatewayPayment captured = authorize(DEFAULT_AMOUNT, CaptureMode.AUTOMATIC);
    String reference = reference();
    GatewayRefund refund = gateway.refund(new RefundRequest(reference, captured.providerPaymentId(),
        new Money(250, "EUR"), null)).await();
    JsonObject refundObject = new JsonObject().put("id", refund.providerRefundId()).put("object", "refund")
        .put("amount", 250).put("currency", "eur").put("status", "succeeded")
        .put("metadata", new JsonObject().put("olympus_reference", reference));
    JsonObject charge = new JsonObject().put("id", "ch_1").put("object", "charge")
        .put("refunds", new JsonObject().put("data", new io.vertx.core.json.JsonArray().add(refundObject)));

    GatewayEvent updated = gateway.parseWebhook(FakeStripeServer.webhook(
        FakeStripeServer.event("refund.updated", refundObject))).await();
    GatewayEvent refunded = gateway.parseWebhook(FakeStripeServer.webhook(
        FakeStripeServer.event("charge.refunded", charge))).await();

    for (GatewayEvent event : new GatewayEvent[] {updated, refunded}) {
      assertThat(event.type()).isEqualTo(GatewayEvent.Type.REFUND_UPDATED);
      assertThat(event.refund()).isEqualTo(new GatewayRefund(refund.providerRefundId(), reference,
          GatewayRefund.Status.SUCCEEDED, new Money(250, "EUR"), null));
    }
  }

  @Test
  void shouldReadDisputeEventsFromOpenedToClosed() {
    GatewayPayment captured = authorize(DEFAULT_AMOUNT, CaptureMode.AUTOMATIC);
    JsonObject dispute = server.openDispute(captured.providerPaymentId(), "fraudulent");

    GatewayEvent opened = gateway.parseWebhook(FakeStripeServer.webhook(
        FakeStripeServer.event("charge.dispute.created", dispute))).await();
    GatewayEvent closed = gateway.parseWebhook(FakeStripeServer.webhook(
        FakeStripeServer.event("charge.dispute.closed", dispute.copy().put("status", "lost")))).await();

    assertThat(opened.type()).isEqualTo(GatewayEvent.Type.DISPUTE_OPENED);
    assertThat(opened.dispute().status()).isEqualTo(GatewayDispute.Status.NEEDS_RESPONSE);
    assertThat(opened.dispute().providerPaymentId()).isEqualTo(captured.providerPaymentId());
    assertThat(opened.dispute().amount()).isEqualTo(DEFAULT_AMOUNT);
    assertThat(opened.dispute().reason()).isEqualTo("fraudulent");
    assertThat(opened.dispute().evidenceDueBy()).isAfter(Instant.now());
    assertThat(closed.type()).isEqualTo(GatewayEvent.Type.DISPUTE_CLOSED);
    assertThat(closed.dispute().status()).isEqualTo(GatewayDispute.Status.LOST);
  }

  @Test
  void shouldIgnoreEventTypesItDoesNotActOn() {
    GatewayEvent event = gateway.parseWebhook(FakeStripeServer.webhook(
        FakeStripeServer.event("customer.created", new JsonObject().put("id", "cus_1")))).await();

    assertThat(event.type()).isEqualTo(GatewayEvent.Type.IGNORED);
    assertThat(event.eventId()).startsWith("evt_");
  }

  @Test
  void shouldAcceptAWebhookJustInsideTheTolerance() {
    GatewayPayment payment = authorize(DEFAULT_AMOUNT, CaptureMode.AUTOMATIC);
    Instant now = Instant.now();
    WebhookRequest request = FakeStripeServer.webhook(FakeStripeServer.event("payment_intent.succeeded",
        server.intent(payment.providerPaymentId())), FakeStripeServer.WEBHOOK_SECRET, now.minusSeconds(299), now);

    assertThat(gateway.parseWebhook(request).await().type()).isEqualTo(GatewayEvent.Type.PAYMENT_UPDATED);
  }

  @Test
  void shouldFindAReferenceContainingQuotes() {
    String reference = "it's-" + reference();
    gateway.authorize(authorization(reference, DEFAULT_AMOUNT, FakeStripeServer.CARD_OK, CaptureMode.AUTOMATIC))
        .await();

    assertThat(gateway.retrieve(reference).await())
        .hasValueSatisfying(payment -> assertThat(payment.reference()).isEqualTo(reference));
  }

  @Test
  void shouldNotSendAnIdWithPathCharactersToStripe() {
    int before = server.requestCount();

    assertThatThrownBy(() -> gateway.capture(new io.olympus.commerce.payment.gateway.CaptureRequest(reference(),
        "pi_1/../../v1/refunds", DEFAULT_AMOUNT, reference())).await())
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(GatewayException.Kind.NOT_FOUND));
    assertThat(server.requestCount()).isEqualTo(before);
  }

  @Test
  void shouldNeverPutTheSecretKeyInAFailure() {
    failNext(1, 503);

    assertThatThrownBy(() -> authorize(DEFAULT_AMOUNT, CaptureMode.AUTOMATIC))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(FakeStripeServer.SECRET_KEY));
    assertThat(new StripeCredentials(FakeStripeServer.SECRET_KEY, "whsec_x").toString())
        .doesNotContain(FakeStripeServer.SECRET_KEY);
    assertThat(Map.of("k", new StripeCredentials("sk_live_x", "whsec_x")).toString()).doesNotContain("sk_live_x");
  }
}
