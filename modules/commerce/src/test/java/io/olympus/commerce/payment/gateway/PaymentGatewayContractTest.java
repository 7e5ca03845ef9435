package io.olympus.commerce.payment.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.olympus.commerce.payment.gateway.fake.FakeProviderServer;
import io.olympus.commerce.support.Money;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every {@link PaymentGateway} must do, whatever provider it speaks to: each adapter's test extends this
 * against its local fake server and adds what is particular to its provider. The base starts the provider's server
 * ({@link #newServer}) and a web client before each test and stops both after; the adapter's test builds its
 * gateway on {@link #server} and {@link #client} in its own {@code @BeforeEach} (which runs after the base's).
 */
@ExtendWith(VertxExtension.class)
public abstract class PaymentGatewayContractTest<S extends FakeProviderServer> {

  protected static final Money DEFAULT_AMOUNT = new Money(1_000, "EUR");

  /** The provider's local server, started for each test. */
  protected S server;
  /** The web client the adapter under test is built with. */
  protected WebClient client;

  /** A new (not started) local server of the provider. */
  protected abstract S newServer(Vertx vertx);

  @BeforeEach
  void startProviderServer(Vertx vertx) {
    server = newServer(vertx);
    server.start().await();
    client = WebClient.create(vertx);
  }

  @AfterEach
  void stopProviderServer() {
    client.close();
    server.stop().await();
  }

  /** The adapter under test. */
  protected abstract PaymentGateway gateway();

  /** The same adapter with another timeout per call. */
  protected abstract PaymentGateway gatewayWithTimeout(Duration timeout);

  /** The same adapter with credentials the provider refuses. */
  protected abstract PaymentGateway gatewayWithWrongCredentials();

  /** A payment method the provider approves. */
  protected abstract String approvedMethod();

  /** A payment method the provider declines for insufficient funds. */
  protected abstract String insufficientFundsMethod();

  /** The provider's next {@code count} calls answer {@code status}. */
  protected void failNext(int count, int status) {
    server.failNext(count, status);
  }

  /** The provider's next {@code count} calls answer 429 with {@code Retry-After}. */
  protected void rateLimitNext(int count, long retryAfterSeconds) {
    server.rateLimitNext(count, retryAfterSeconds);
  }

  /** The provider's next {@code count} calls get no answer. */
  protected void hangNext(int count) {
    server.hangNext(count);
  }

  /** Opens a dispute on a captured payment at the provider; answers the provider's dispute id. */
  protected abstract String openDispute(GatewayPayment captured);

  /** A webhook delivery about {@code payment} signed as the provider signs it. */
  protected abstract WebhookRequest signedPaymentWebhook(GatewayPayment payment);

  /** The same delivery signed with a secret that is not the tenant's. */
  protected abstract WebhookRequest webhookSignedWithWrongSecret(GatewayPayment payment);

  /** The same delivery signed long before it arrives. */
  protected abstract WebhookRequest staleWebhook(GatewayPayment payment);

  protected static String reference() {
    return UUID.randomUUID().toString();
  }

  protected AuthorizeRequest authorization(String reference, Money amount, String method, CaptureMode capture) {
    return new AuthorizeRequest(reference, amount, method, capture, null, "Order " + reference,
        Map.of("order_id", "ord-" + reference));
  }

  protected GatewayPayment authorize(Money amount, CaptureMode capture) {
    return gateway().authorize(authorization(reference(), amount, approvedMethod(), capture)).await();
  }

  @Test
  void shouldCaptureInFullWhenCaptureIsAutomatic() {
    String reference = reference();

    GatewayPayment payment = gateway().authorize(authorization(reference, DEFAULT_AMOUNT, approvedMethod(),
        CaptureMode.AUTOMATIC)).await();

    assertThat(payment.status()).isEqualTo(GatewayStatus.CAPTURED);
    assertThat(payment.reference()).isEqualTo(reference);
    assertThat(payment.providerPaymentId()).isNotBlank();
    assertThat(payment.authorized()).isEqualTo(DEFAULT_AMOUNT);
    assertThat(payment.captured()).isEqualTo(DEFAULT_AMOUNT);
  }

  @Test
  void shouldAnswerDeclinedWithTheDeclineCode() {
    GatewayPayment payment = gateway().authorize(authorization(reference(), DEFAULT_AMOUNT,
        insufficientFundsMethod(), CaptureMode.AUTOMATIC)).await();

    assertThat(payment.status()).isEqualTo(GatewayStatus.DECLINED);
    assertThat(payment.declineCode()).isEqualTo("insufficient_funds");
    assertThat(payment.captured().amount()).isZero();
  }

  @Test
  void shouldCapturePartOfAManualAuthorization() {
    GatewayPayment authorized = authorize(DEFAULT_AMOUNT, CaptureMode.MANUAL);
    assertThat(authorized.status()).isEqualTo(GatewayStatus.AUTHORIZED);
    assertThat(authorized.authorized()).isEqualTo(DEFAULT_AMOUNT);
    assertThat(authorized.captured().amount()).isZero();

    GatewayPayment captured = gateway().capture(new CaptureRequest(authorized.reference(),
        authorized.providerPaymentId(), new Money(600, "EUR"), reference())).await();

    assertThat(captured.status()).isEqualTo(GatewayStatus.CAPTURED);
    assertThat(captured.captured()).isEqualTo(new Money(600, "EUR"));
  }

  @Test
  void shouldVoidAnAuthorization() {
    GatewayPayment authorized = authorize(DEFAULT_AMOUNT, CaptureMode.MANUAL);

    GatewayPayment voided = gateway().voidAuthorization(new VoidRequest(authorized.reference(),
        authorized.providerPaymentId(), reference())).await();

    assertThat(voided.status()).isEqualTo(GatewayStatus.VOIDED);
    assertThat(voided.captured().amount()).isZero();
  }

  @Test
  void shouldRefundPartAndThenMoreOfACapturedPayment() {
    GatewayPayment captured = authorize(DEFAULT_AMOUNT, CaptureMode.AUTOMATIC);

    GatewayRefund first = gateway().refund(new RefundRequest(reference(), captured.providerPaymentId(),
        new Money(300, "EUR"), "requested_by_customer")).await();
    GatewayRefund second = gateway().refund(new RefundRequest(reference(), captured.providerPaymentId(),
        new Money(700, "EUR"), null)).await();

    assertThat(first.amount()).isEqualTo(new Money(300, "EUR"));
    assertThat(first.status()).isIn(GatewayRefund.Status.PENDING, GatewayRefund.Status.SUCCEEDED);
    assertThat(first.providerRefundId()).isNotBlank();
    assertThat(second.amount()).isEqualTo(new Money(700, "EUR"));
    assertThat(second.providerRefundId()).isNotEqualTo(first.providerRefundId());
  }

  @Test
  void shouldRefuseARefundAboveWhatWasCaptured() {
    GatewayPayment captured = authorize(DEFAULT_AMOUNT, CaptureMode.AUTOMATIC);

    assertThatThrownBy(() -> gateway().refund(new RefundRequest(reference(), captured.providerPaymentId(),
        new Money(1_001, "EUR"), null)).await())
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(GatewayException.Kind.INVALID_REQUEST));
  }

  @Test
  void shouldRetrieveThePaymentByOurReference() {
    GatewayPayment authorized = authorize(DEFAULT_AMOUNT, CaptureMode.MANUAL);

    Optional<GatewayPayment> found = gateway().retrieve(authorized.reference()).await();

    assertThat(found).hasValueSatisfying(payment -> {
      assertThat(payment.providerPaymentId()).isEqualTo(authorized.providerPaymentId());
      assertThat(payment.reference()).isEqualTo(authorized.reference());
      assertThat(payment.status()).isEqualTo(GatewayStatus.AUTHORIZED);
      assertThat(payment.authorized()).isEqualTo(DEFAULT_AMOUNT);
    });
  }

  @Test
  void shouldRetrieveNothingForAReferenceNeverUsed() {
    assertThat(gateway().retrieve(reference()).await()).isEmpty();
  }

  @Test
  void shouldAnswerTheSameObjectWhenAnAuthorizationIsRepeatedWithTheSameReference() {
    AuthorizeRequest request = authorization(reference(), DEFAULT_AMOUNT, approvedMethod(), CaptureMode.AUTOMATIC);

    GatewayPayment first = gateway().authorize(request).await();
    GatewayPayment again = gateway().authorize(request).await();

    assertThat(again).isEqualTo(first);
    assertThat(gateway().retrieve(request.reference()).await()).hasValueSatisfying(
        payment -> assertThat(payment.providerPaymentId()).isEqualTo(first.providerPaymentId()));
  }

  @Test
  void shouldClassifyAServerErrorAsTransient() {
    failNext(1, 500);

    assertThatThrownBy(() -> authorize(DEFAULT_AMOUNT, CaptureMode.AUTOMATIC))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(GatewayException.Kind.TRANSIENT);
          assertThat(e.httpStatus()).isEqualTo(500);
          assertThat(e.retryable()).isTrue();
        });
  }

  @Test
  void shouldClassifyARateLimitAsTransientWithItsRetryAfter() {
    rateLimitNext(1, 7);

    assertThatThrownBy(() -> authorize(DEFAULT_AMOUNT, CaptureMode.AUTOMATIC))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(GatewayException.Kind.TRANSIENT);
          assertThat(e.httpStatus()).isEqualTo(429);
          assertThat(e.retryAfterMillis()).isEqualTo(7_000);
        });
  }

  @Test
  void shouldClassifyNoAnswerWithinTheTimeoutAsTransient() {
    hangNext(1);

    PaymentGateway impatient = gatewayWithTimeout(Duration.ofMillis(300));

    assertThatThrownBy(() -> impatient.authorize(authorization(reference(), DEFAULT_AMOUNT, approvedMethod(),
        CaptureMode.AUTOMATIC)).await())
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(GatewayException.Kind.TRANSIENT);
          assertThat(e.httpStatus()).isEqualTo(-1);
        });
  }

  @Test
  void shouldClassifyRefusedCredentialsAsAuthentication() {
    assertThatThrownBy(() -> gatewayWithWrongCredentials().authorize(authorization(reference(), DEFAULT_AMOUNT,
        approvedMethod(), CaptureMode.AUTOMATIC)).await())
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(GatewayException.Kind.AUTHENTICATION);
          assertThat(e.retryable()).isFalse();
        });
  }

  @Test
  void shouldClassifyAnUnknownPaymentAsNotFound() {
    assertThatThrownBy(() -> gateway().capture(new CaptureRequest(reference(), unknownPaymentId(), DEFAULT_AMOUNT,
        reference())).await())
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(GatewayException.Kind.NOT_FOUND));
  }

  /** A provider payment id of the right shape that the provider does not know. */
  protected abstract String unknownPaymentId();

  @Test
  void shouldKeepYenAmountsExact() {
    GatewayPayment payment = authorize(new Money(1_234, "JPY"), CaptureMode.AUTOMATIC);

    assertThat(payment.captured()).isEqualTo(new Money(1_234, "JPY"));
  }

  @Test
  void shouldKeepKuwaitiDinarAmountsExact() {
    GatewayPayment authorized = authorize(new Money(12_345, "KWD"), CaptureMode.MANUAL);
    GatewayPayment captured = gateway().capture(new CaptureRequest(authorized.reference(),
        authorized.providerPaymentId(), new Money(10_005, "KWD"), reference())).await();

    assertThat(authorized.authorized()).isEqualTo(new Money(12_345, "KWD"));
    assertThat(captured.captured()).isEqualTo(new Money(10_005, "KWD"));
  }

  @Test
  void shouldSubmitDisputeEvidence() {
    GatewayPayment captured = authorize(DEFAULT_AMOUNT, CaptureMode.AUTOMATIC);
    String disputeId = openDispute(captured);

    GatewayDispute dispute = gateway().submitDisputeEvidence(new DisputeEvidenceRequest(disputeId,
        Map.of("product_description", "Blue mug, 350 ml", "shipping_tracking_number", "1Z999AA10123456784"),
        true)).await();

    assertThat(dispute.providerDisputeId()).isEqualTo(disputeId);
    assertThat(dispute.status()).isEqualTo(GatewayDispute.Status.UNDER_REVIEW);
  }

  @Test
  void shouldReadASignedWebhook() {
    GatewayPayment captured = authorize(DEFAULT_AMOUNT, CaptureMode.AUTOMATIC);

    GatewayEvent event = gateway().parseWebhook(signedPaymentWebhook(captured)).await();

    assertThat(event.provider()).isEqualTo(gateway().provider());
    assertThat(event.eventId()).isNotBlank();
    assertThat(event.occurredAt()).isNotNull();
    assertThat(event.type()).isEqualTo(GatewayEvent.Type.PAYMENT_UPDATED);
    assertThat(event.payment().providerPaymentId()).isEqualTo(captured.providerPaymentId());
  }

  @Test
  void shouldRejectAWebhookWhoseBodyWasAltered() {
    GatewayPayment captured = authorize(DEFAULT_AMOUNT, CaptureMode.AUTOMATIC);
    WebhookRequest signed = signedPaymentWebhook(captured);
    JsonObject altered = new JsonObject(signed.body()).put("altered", true);
    WebhookRequest tampered = new WebhookRequest(signed.headers(), Buffer.buffer(altered.encode()), signed.url(),
        signed.receivedAt());

    assertInvalidSignature(tampered);
  }

  @Test
  void shouldRejectAWebhookSignedWithAnotherSecret() {
    assertInvalidSignature(webhookSignedWithWrongSecret(authorize(DEFAULT_AMOUNT, CaptureMode.AUTOMATIC)));
  }

  @Test
  void shouldRejectAStaleWebhook() {
    assertInvalidSignature(staleWebhook(authorize(DEFAULT_AMOUNT, CaptureMode.AUTOMATIC)));
  }

  protected void assertInvalidSignature(WebhookRequest request) {
    assertThatThrownBy(() -> gateway().parseWebhook(request).await())
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(GatewayException.Kind.INVALID_SIGNATURE));
  }
}
