package io.olympus.commerce.payment.gateway.square;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.olympus.commerce.payment.gateway.AuthorizeRequest;
import io.olympus.commerce.payment.gateway.CaptureMode;
import io.olympus.commerce.payment.gateway.CaptureRequest;
import io.olympus.commerce.payment.gateway.DisputeEvidenceRequest;
import io.olympus.commerce.payment.gateway.GatewayDispute;
import io.olympus.commerce.payment.gateway.GatewayEvent;
import io.olympus.commerce.payment.gateway.GatewayException;
import io.olympus.commerce.payment.gateway.GatewayPayment;
import io.olympus.commerce.payment.gateway.GatewayRefund;
import io.olympus.commerce.payment.gateway.GatewayStatus;
import io.olympus.commerce.payment.gateway.PaymentGateway;
import io.olympus.commerce.payment.gateway.PaymentGatewayContractTest;
import io.olympus.commerce.payment.gateway.RefundRequest;
import io.olympus.commerce.payment.gateway.VoidRequest;
import io.olympus.commerce.payment.gateway.WebhookRequest;
import io.olympus.commerce.payment.gateway.fake.FakeSquareServer;
import io.olympus.commerce.payment.gateway.support.ProviderEndpoint;
import io.olympus.commerce.support.Money;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Square adapter against {@link FakeSquareServer}: the gateway contract plus what is Square's own. */
class SquareGatewayTest extends PaymentGatewayContractTest<FakeSquareServer> {

  private SquareGateway gateway;

  @Override
  protected FakeSquareServer newServer(Vertx vertx) {
    return new FakeSquareServer(vertx);
  }

  @BeforeEach
  void connect() {
    gateway = gateway(FakeSquareServer.ACCESS_TOKEN, Duration.ofSeconds(10));
  }

  private SquareGateway gateway(String token, Duration timeout) {
    return new SquareGateway(client, new ProviderEndpoint(server.baseUrl(), timeout),
        new SquareCredentials(token, FakeSquareServer.LOCATION_ID, FakeSquareServer.SIGNATURE_KEY,
            FakeSquareServer.NOTIFICATION_URL));
  }

  @Override
  protected PaymentGateway gateway() {
    return gateway;
  }

  @Override
  protected PaymentGateway gatewayWithTimeout(Duration timeout) {
    return gateway(FakeSquareServer.ACCESS_TOKEN, timeout);
  }

  @Override
  protected PaymentGateway gatewayWithWrongCredentials() {
    return gateway("EAAAEnotTheRightToken", Duration.ofSeconds(10));
  }

  @Override
  protected String approvedMethod() {
    return FakeSquareServer.NONCE_OK;
  }

  @Override
  protected String insufficientFundsMethod() {
    return FakeSquareServer.NONCE_INSUFFICIENT_FUNDS;
  }

  @Override
  protected String unknownPaymentId() {
    return "KkAkhdMsgzn59SM8A89WgKwekxLZY";
  }

  @Override
  protected String openDispute(GatewayPayment captured) {
    return server.openDispute(captured.providerPaymentId()).getString("dispute_id");
  }

  private JsonObject paymentEvent(GatewayPayment payment, Instant createdAt) {
    return FakeSquareServer.event("payment.updated", "payment", server.payment(payment.providerPaymentId()),
        createdAt);
  }

  @Override
  protected WebhookRequest signedPaymentWebhook(GatewayPayment payment) {
    return FakeSquareServer.webhook(paymentEvent(payment, Instant.now()));
  }

  @Override
  protected WebhookRequest webhookSignedWithWrongSecret(GatewayPayment payment) {
    return FakeSquareServer.webhook(paymentEvent(payment, Instant.now()), "someoneElsesKey",
        FakeSquareServer.NOTIFICATION_URL);
  }

  @Override
  protected WebhookRequest staleWebhook(GatewayPayment payment) {
    return FakeSquareServer.webhook(paymentEvent(payment, Instant.now().minus(Duration.ofDays(4))));
  }

  // ---- Square's own ----------------------------------------------------------------------------------------------

  @Test
  void shouldSendTheReferenceAsIdempotencyKeyAndReferenceId() {
    GatewayPayment payment = authorize(DEFAULT_AMOUNT, CaptureMode.MANUAL);

    JsonObject stored = server.payment(payment.providerPaymentId());
    assertThat(stored.getString("reference_id")).isEqualTo(payment.reference());
    assertThat(stored.getString("location_id")).isEqualTo(FakeSquareServer.LOCATION_ID);
    assertThat(stored.getString("status")).isEqualTo("APPROVED");
  }

  @Test
  void shouldReportTheProcessingFeeOfACapturedPayment() {
    GatewayPayment payment = authorize(DEFAULT_AMOUNT, CaptureMode.AUTOMATIC);

    assertThat(payment.fee()).isEqualTo(new Money(30, "EUR"));
  }

  @Test
  void shouldReadAGenericDecline() {
    GatewayPayment payment = gateway.authorize(authorization(reference(), DEFAULT_AMOUNT,
        FakeSquareServer.NONCE_DECLINED, CaptureMode.AUTOMATIC)).await();

    assertThat(payment.status()).isEqualTo(GatewayStatus.DECLINED);
    assertThat(payment.declineCode()).isEqualTo("generic_decline");
    assertThat(payment.providerPaymentId()).isNotBlank();
  }

  @Test
  void shouldCaptureTheWholeAuthorizationWithoutLoweringIt() {
    GatewayPayment authorized = authorize(DEFAULT_AMOUNT, CaptureMode.MANUAL);

    GatewayPayment captured = gateway.capture(new CaptureRequest(authorized.reference(),
        authorized.providerPaymentId(), DEFAULT_AMOUNT, reference())).await();

    assertThat(captured.captured()).isEqualTo(DEFAULT_AMOUNT);
    assertThat(captured.authorized()).isEqualTo(DEFAULT_AMOUNT);
  }

  @Test
  void shouldAnswerARepeatedCaptureWithTheCapturedPayment() {
    GatewayPayment authorized = authorize(DEFAULT_AMOUNT, CaptureMode.MANUAL);
    CaptureRequest capture = new CaptureRequest(authorized.reference(), authorized.providerPaymentId(),
        new Money(400, "EUR"), reference());

    GatewayPayment first = gateway.capture(capture).await();
    GatewayPayment again = gateway.capture(capture).await();

    assertThat(again).isEqualTo(first);
    assertThat(again.captured()).isEqualTo(new Money(400, "EUR"));
    assertThat(again.authorized()).isEqualTo(DEFAULT_AMOUNT);
  }

  @Test
  void shouldAnswerARepeatedVoidWithTheVoidedPayment() {
    GatewayPayment authorized = authorize(DEFAULT_AMOUNT, CaptureMode.MANUAL);
    VoidRequest voidRequest = new VoidRequest(authorized.reference(), authorized.providerPaymentId(), reference());

    gateway.voidAuthorization(voidRequest).await();
    GatewayPayment again = gateway.voidAuthorization(voidRequest).await();

    assertThat(again.status()).isEqualTo(GatewayStatus.VOIDED);
  }

  @Test
  void shouldRefuseTheSameReferenceWithOtherParameters() {
    String reference = reference();
    gateway.authorize(authorization(reference, DEFAULT_AMOUNT, FakeSquareServer.NONCE_OK, CaptureMode.AUTOMATIC))
        .await();

    assertThatThrownBy(() -> gateway.authorize(authorization(reference, new Money(999, "EUR"),
        FakeSquareServer.NONCE_OK, CaptureMode.AUTOMATIC)).await())
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(GatewayException.Kind.INVALID_REQUEST);
          assertThat(e.getMessage()).contains("IDEMPOTENCY_KEY_REUSED");
        });
  }

  @Test
  void shouldRetrieveAReferenceBeyondTheFirstPage() {
    server.pageSize(2);
    GatewayPayment oldest = authorize(DEFAULT_AMOUNT, CaptureMode.AUTOMATIC);
    for (int i = 0; i < 5; i++) {
      authorize(DEFAULT_AMOUNT, CaptureMode.AUTOMATIC);
    }

    assertThat(gateway.retrieve(oldest.reference()).await()).hasValueSatisfying(
        payment -> assertThat(payment.providerPaymentId()).isEqualTo(oldest.providerPaymentId()));
  }

  @Test
  void shouldMapEvidenceToSquaresTypesAndSubmitIt() {
    GatewayPayment captured = authorize(DEFAULT_AMOUNT, CaptureMode.AUTOMATIC);
    String disputeId = openDispute(captured);

    GatewayDispute staged = gateway.submitDisputeEvidence(new DisputeEvidenceRequest(disputeId,
        Map.of("shipping_tracking_number", "1Z999AA10123456784", "delivery_photo", "left at the door"), false))
        .await();

    assertThat(staged.status()).isEqualTo(GatewayDispute.Status.NEEDS_RESPONSE);
    assertThat(server.evidence(disputeId)).extracting(e -> e.getString("evidence_type"))
        .containsExactlyInAnyOrder("TRACKING_NUMBER", "GENERIC_EVIDENCE");
    assertThat(server.evidence(disputeId)).extracting(e -> e.getString("evidence_text"))
        .contains("delivery_photo: left at the door");
  }

  @Test
  void shouldReadRefundAndDisputeNotifications() {
    GatewayPayment captured = authorize(DEFAULT_AMOUNT, CaptureMode.AUTOMATIC);
    GatewayRefund refund = gateway.refund(new RefundRequest(reference(), captured.providerPaymentId(),
        new Money(100, "EUR"), "damaged")).await();
    JsonObject refundObject = new JsonObject().put("id", refund.providerRefundId()).put("status", "COMPLETED")
        .put("amount_money", new JsonObject().put("amount", 100).put("currency", "EUR"))
        .put("payment_id", captured.providerPaymentId());
    JsonObject dispute = server.openDispute(captured.providerPaymentId());

    GatewayEvent refunded = gateway.parseWebhook(FakeSquareServer.webhook(
        FakeSquareServer.event("refund.updated", "refund", refundObject, Instant.now()))).await();
    GatewayEvent opened = gateway.parseWebhook(FakeSquareServer.webhook(
        FakeSquareServer.event("dispute.created", "dispute", dispute, Instant.now()))).await();
    GatewayEvent won = gateway.parseWebhook(FakeSquareServer.webhook(FakeSquareServer.event("dispute.state.updated",
        "dispute", dispute.copy().put("state", "WON"), Instant.now()))).await();

    assertThat(refunded.type()).isEqualTo(GatewayEvent.Type.REFUND_UPDATED);
    assertThat(refunded.refund().status()).isEqualTo(GatewayRefund.Status.SUCCEEDED);
    assertThat(refunded.refund().providerRefundId()).isEqualTo(refund.providerRefundId());
    assertThat(opened.type()).isEqualTo(GatewayEvent.Type.DISPUTE_OPENED);
    assertThat(opened.dispute().status()).isEqualTo(GatewayDispute.Status.NEEDS_RESPONSE);
    assertThat(opened.dispute().providerPaymentId()).isEqualTo(captured.providerPaymentId());
    assertThat(won.type()).isEqualTo(GatewayEvent.Type.DISPUTE_CLOSED);
    assertThat(won.dispute().status()).isEqualTo(GatewayDispute.Status.WON);
  }

  @Test
  void shouldRejectAWebhookSignedForAnotherUrl() {
    GatewayPayment payment = authorize(DEFAULT_AMOUNT, CaptureMode.AUTOMATIC);

    assertInvalidSignature(FakeSquareServer.webhook(paymentEvent(payment, Instant.now()),
        FakeSquareServer.SIGNATURE_KEY, "https://elsewhere.example/hook"));
  }

  @Test
  void shouldVerifyAgainstTheUrlItArrivedAtWhenNoneIsConfigured() {
    SquareGateway noUrl = new SquareGateway(client, new ProviderEndpoint(server.baseUrl(), Duration.ofSeconds(10)),
        new SquareCredentials(FakeSquareServer.ACCESS_TOKEN, null, FakeSquareServer.SIGNATURE_KEY, null));
    GatewayPayment payment = authorize(DEFAULT_AMOUNT, CaptureMode.AUTOMATIC);

    GatewayEvent event = noUrl.parseWebhook(FakeSquareServer.webhook(paymentEvent(payment, Instant.now()),
        FakeSquareServer.SIGNATURE_KEY, "https://shop.example/hooks/square?tenant=a")).await();

    assertThat(event.payment().providerPaymentId()).isEqualTo(payment.providerPaymentId());
  }

  @Test
  void shouldTakeAmountsWithoutALocationWhenNoneIsConfigured() {
    SquareGateway noLocation = new SquareGateway(client,
        new ProviderEndpoint(server.baseUrl(), Duration.ofSeconds(10)),
        new SquareCredentials(FakeSquareServer.ACCESS_TOKEN, null, FakeSquareServer.SIGNATURE_KEY, null));

    GatewayPayment payment = noLocation.authorize(new AuthorizeRequest(reference(), new Money(500, "JPY"),
        FakeSquareServer.NONCE_OK, CaptureMode.AUTOMATIC, null, null, null)).await();

    assertThat(payment.captured()).isEqualTo(new Money(500, "JPY"));
  }
}
