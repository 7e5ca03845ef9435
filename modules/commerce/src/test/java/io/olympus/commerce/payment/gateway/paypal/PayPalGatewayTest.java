package io.olympus.commerce.payment.gateway.paypal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.olympus.commerce.payment.gateway.CaptureMode;
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
import io.olympus.commerce.payment.gateway.WebhookRequest;
import io.olympus.commerce.payment.gateway.fake.FakePayPalServer;
import io.olympus.commerce.payment.gateway.support.ProviderEndpoint;
import io.olympus.commerce.support.Money;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The PayPal adapter against {@link FakePayPalServer}: the gateway contract plus what is PayPal's own. */
class PayPalGatewayTest extends PaymentGatewayContractTest<FakePayPalServer> {

  private PayPalGateway gateway;
  private final MovableClock clock = new MovableClock(Instant.now());

  /** A clock the test moves forward, for token expiry. */
  static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @Override
  protected FakePayPalServer newServer(Vertx vertx) {
    return new FakePayPalServer(vertx);
  }

  @BeforeEach
  void connect() {
    gateway = gateway(FakePayPalServer.CLIENT_SECRET, FakePayPalServer.WEBHOOK_ID, Duration.ofSeconds(10));
  }

  private PayPalGateway gateway(String secret, String webhookId, Duration timeout) {
    return new PayPalGateway(client, new ProviderEndpoint(server.baseUrl(), timeout),
        new PayPalCredentials(FakePayPalServer.CLIENT_ID, secret, webhookId), clock, PayPalGateway.WEBHOOK_TOLERANCE);
  }

  @Override
  protected PaymentGateway gateway() {
    return gateway;
  }

  @Override
  protected PaymentGateway gatewayWithTimeout(Duration timeout) {
    return gateway(FakePayPalServer.CLIENT_SECRET, FakePayPalServer.WEBHOOK_ID, timeout);
  }

  @Override
  protected PaymentGateway gatewayWithWrongCredentials() {
    return gateway("EnotTheRightSecret", FakePayPalServer.WEBHOOK_ID, Duration.ofSeconds(10));
  }

  @Override
  protected String approvedMethod() {
    return "card:" + FakePayPalServer.VAULT_OK;
  }

  @Override
  protected String insufficientFundsMethod() {
    return FakePayPalServer.VAULT_INSUFFICIENT_FUNDS;
  }

  @Override
  protected void failNext(int count, int status) {
    gateway.accessToken().await();
    server.failNext(count, status);
  }

  @Override
  protected void rateLimitNext(int count, long retryAfterSeconds) {
    gateway.accessToken().await();
    server.rateLimitNext(count, retryAfterSeconds);
  }

  @Override
  protected String unknownPaymentId() {
    return "5O190127TN364715T";
  }

  @Override
  protected String openDispute(GatewayPayment captured) {
    return server.openDispute(captured.providerPaymentId()).getString("dispute_id");
  }

  private JsonObject captureEvent(GatewayPayment payment) {
    return FakePayPalServer.event("PAYMENT.CAPTURE.COMPLETED", "capture",
        server.capture(payment.providerPaymentId()), Instant.now());
  }

  @Override
  protected WebhookRequest signedPaymentWebhook(GatewayPayment payment) {
    return server.webhook(captureEvent(payment));
  }

  @Override
  protected WebhookRequest webhookSignedWithWrongSecret(GatewayPayment payment) {
    return server.webhook(captureEvent(payment), "3XA77263GJ123456AOTHERHOOK", Instant.now());
  }

  @Override
  protected WebhookRequest staleWebhook(GatewayPayment payment) {
    return server.webhook(captureEvent(payment), FakePayPalServer.WEBHOOK_ID,
        Instant.now().minus(Duration.ofDays(4)));
  }

  // ---- PayPal's own ----------------------------------------------------------------------------------------------

  @Test
  void shouldFetchOneTokenForManyCalls() {
    authorize(DEFAULT_AMOUNT, CaptureMode.AUTOMATIC);
    authorize(DEFAULT_AMOUNT, CaptureMode.MANUAL);
    gateway.retrieve(reference()).await();

    assertThat(server.tokenRequests()).isEqualTo(1);
  }

  @Test
  void shouldShareOneTokenFetchBetweenConcurrentCalls(Vertx vertx) {
    List<Future<GatewayPayment>> calls = IntStream.range(0, 5)
        .mapToObj(i -> gateway.authorize(authorization(reference(), DEFAULT_AMOUNT, approvedMethod(),
            CaptureMode.AUTOMATIC)))
        .toList();

    Future.all(calls).await();

    assertThat(server.tokenRequests()).isEqualTo(1);
  }

  @Test
  void shouldFetchANewTokenShortlyBeforeTheOldOneExpires() {
    server.tokenLifetime(3_600);
    authorize(DEFAULT_AMOUNT, CaptureMode.AUTOMATIC);

    clock.advance(Duration.ofSeconds(3_600 - PayPalGateway.TOKEN_MARGIN_SECONDS - 1));
    authorize(DEFAULT_AMOUNT, CaptureMode.AUTOMATIC);
    assertThat(server.tokenRequests()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(2));
    authorize(DEFAULT_AMOUNT, CaptureMode.AUTOMATIC);
    assertThat(server.tokenRequests()).isEqualTo(2);
  }

  @Test
  void shouldFetchANewTokenOnceWhenPayPalRefusesTheCachedOne() {
    authorize(DEFAULT_AMOUNT, CaptureMode.AUTOMATIC);
    server.revokeTokens();

    GatewayPayment payment = authorize(DEFAULT_AMOUNT, CaptureMode.AUTOMATIC);

    assertThat(payment.status()).isEqualTo(GatewayStatus.CAPTURED);
    assertThat(server.tokenRequests()).isEqualTo(2);
  }

  @Test
  void shouldSendAmountsAsExactDecimalStrings() {
    GatewayPayment yen = authorize(new Money(1_234, "JPY"), CaptureMode.AUTOMATIC);
    GatewayPayment dinar = authorize(new Money(12_345, "KWD"), CaptureMode.AUTOMATIC);
    GatewayPayment euro = authorize(new Money(1_999, "EUR"), CaptureMode.AUTOMATIC);

    assertThat(amountSent(yen)).isEqualTo("1234");
    assertThat(amountSent(dinar)).isEqualTo("12.345");
    assertThat(amountSent(euro)).isEqualTo("19.99");
  }

  private String amountSent(GatewayPayment payment) {
    return server.order(payment.providerPaymentId()).getJsonArray("purchase_units").getJsonObject(0)
        .getJsonObject("amount").getString("value");
  }

  @Test
  void shouldSendTheReferenceAsRequestIdAndCustomId() {
    GatewayPayment payment = authorize(DEFAULT_AMOUNT, CaptureMode.MANUAL);

    JsonObject unit = server.order(payment.providerPaymentId()).getJsonArray("purchase_units").getJsonObject(0);
    assertThat(unit.getString("custom_id")).isEqualTo(payment.reference());
    assertThat(server.order(payment.providerPaymentId()).getString("intent")).isEqualTo("AUTHORIZE");
  }

  @Test
  void shouldReadAnInstrumentDeclinedAsADecline() {
    GatewayPayment payment = gateway.authorize(authorization(reference(), DEFAULT_AMOUNT,
        FakePayPalServer.VAULT_DECLINED, CaptureMode.AUTOMATIC)).await();

    assertThat(payment.status()).isEqualTo(GatewayStatus.DECLINED);
    assertThat(payment.declineCode()).isEqualTo("instrument_declined");
  }

  @Test
  void shouldReportPayPalsFee() {
    GatewayPayment payment = authorize(DEFAULT_AMOUNT, CaptureMode.AUTOMATIC);

    assertThat(payment.fee()).isEqualTo(new Money(35, "EUR"));
  }

  @Test
  void shouldReadRefundAndDisputeEvents() {
    GatewayPayment captured = authorize(DEFAULT_AMOUNT, CaptureMode.AUTOMATIC);
    String reference = reference();
    GatewayRefund refund = gateway.refund(new RefundRequest(reference, captured.providerPaymentId(),
        new Money(100, "EUR"), null)).await();
    JsonObject refundResource = new JsonObject().put("id", refund.providerRefundId()).put("status", "COMPLETED")
        .put("amount", new JsonObject().put("currency_code", "EUR").put("value", "1.00")).put("custom_id", reference);
    JsonObject dispute = server.openDispute(captured.providerPaymentId());

    GatewayEvent refunded = gateway.parseWebhook(server.webhook(FakePayPalServer.event("PAYMENT.CAPTURE.REFUNDED",
        "refund", refundResource, Instant.now()))).await();
    GatewayEvent opened = gateway.parseWebhook(server.webhook(FakePayPalServer.event("CUSTOMER.DISPUTE.CREATED",
        "dispute", dispute, Instant.now()))).await();
    GatewayEvent resolved = gateway.parseWebhook(server.webhook(FakePayPalServer.event(
        "CUSTOMER.DISPUTE.RESOLVED", "dispute", dispute.copy().put("status", "RESOLVED")
            .put("dispute_outcome", new JsonObject().put("outcome_code", "RESOLVED_BUYER_FAVOUR")), Instant.now())))
        .await();

    assertThat(refunded.type()).isEqualTo(GatewayEvent.Type.REFUND_UPDATED);
    assertThat(refunded.refund()).isEqualTo(new GatewayRefund(refund.providerRefundId(), reference,
        GatewayRefund.Status.SUCCEEDED, new Money(100, "EUR"), null));
    assertThat(opened.type()).isEqualTo(GatewayEvent.Type.DISPUTE_OPENED);
    assertThat(opened.dispute().status()).isEqualTo(GatewayDispute.Status.NEEDS_RESPONSE);
    assertThat(opened.dispute().providerPaymentId()).isEqualTo(captured.providerPaymentId());
    assertThat(opened.dispute().amount()).isEqualTo(DEFAULT_AMOUNT);
    assertThat(resolved.type()).isEqualTo(GatewayEvent.Type.DISPUTE_CLOSED);
    assertThat(resolved.dispute().status()).isEqualTo(GatewayDispute.Status.LOST);
  }

  @Test
  void shouldSendEvidenceOnlyWhenSubmitted() {
    GatewayPayment captured = authorize(DEFAULT_AMOUNT, CaptureMode.AUTOMATIC);
    String disputeId = openDispute(captured);

    GatewayDispute staged = gateway.submitDisputeEvidence(new DisputeEvidenceRequest(disputeId,
        Map.of("uncategorized_text", "Delivered"), false)).await();
    assertThat(staged.status()).isEqualTo(GatewayDispute.Status.NEEDS_RESPONSE);
    assertThat(server.dispute(disputeId).getJsonArray("evidences")).isEmpty();

    gateway.submitDisputeEvidence(new DisputeEvidenceRequest(disputeId,
        Map.of("shipping_tracking_number", "1Z999AA10123456784", "uncategorized_text", "Delivered"), true)).await();
    assertThat(server.dispute(disputeId).getJsonArray("evidences").stream().map(JsonObject.class::cast)
        .map(e -> e.getString("evidence_type"))).containsExactlyInAnyOrder("PROOF_OF_FULFILLMENT", "OTHER");
  }

  @Test
  void shouldRejectAWebhookWithoutTransmissionHeaders() {
    GatewayPayment payment = authorize(DEFAULT_AMOUNT, CaptureMode.AUTOMATIC);
    WebhookRequest signed = signedPaymentWebhook(payment);
    signed.headers().remove("PAYPAL-TRANSMISSION-SIG");
    int before = server.requestCount();

    assertInvalidSignature(signed);
    assertThat(server.requestCount()).isEqualTo(before);
  }

  @Test
  void shouldNotCreateAnythingChargeableWhenRetrievingAnUnknownReference() {
    String reference = reference();

    assertThat(gateway.retrieve(reference).await()).isEmpty();
    assertThat(gateway.retrieve(reference).await()).isEmpty();
  }

  @Test
  void shouldClassifyRefusedClientCredentialsAsAuthenticationWithoutRetrying() {
    PaymentGateway wrong = gatewayWithWrongCredentials();

    assertThatThrownBy(() -> wrong.retrieve(reference()).await())
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(GatewayException.Kind.AUTHENTICATION));
    assertThat(server.tokenRequests()).isEqualTo(1);
  }
}
