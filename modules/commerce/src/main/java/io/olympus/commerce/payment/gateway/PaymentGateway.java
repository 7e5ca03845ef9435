package io.olympus.commerce.payment.gateway;

import io.vertx.core.Future;
import java.util.Optional;

/**
 * One payment provider, spoken to over its own HTTP API without blocking. Every call makes one attempt, bounded by
 * the adapter's timeout; retries, back-off and the circuit breaker are the caller's. A call fails with a
 * {@link GatewayException} whose {@link GatewayException.Kind} says whether a retry with the same idempotency key
 * may help. A decline is not a failure: it is a {@link GatewayPayment} with status {@link GatewayStatus#DECLINED}.
 *
 * <p>{@code reference} is always our id (payment or refund id); adapters send it as the provider's idempotency key
 * and attach it as metadata, so that {@link #retrieve} finds the provider's record by it after a crash.
 */
public interface PaymentGateway {

  /** The provider's name as it appears in the API: {@code sandbox}, {@code stripe}, {@code square}, {@code paypal}. */
  String provider();

  /** Authorizes, and with {@link CaptureMode#AUTOMATIC} also captures, the amount. */
  Future<GatewayPayment> authorize(AuthorizeRequest request);

  /** Captures all or part of an authorization. */
  Future<GatewayPayment> capture(CaptureRequest request);

  /** Releases an authorization that was not captured. */
  Future<GatewayPayment> voidAuthorization(VoidRequest request);

  /** Refunds all or part of a captured payment. */
  Future<GatewayRefund> refund(RefundRequest request);

  /** The provider's record of the payment made with our reference, if the provider has one. */
  Future<Optional<GatewayPayment>> retrieve(String reference);

  /** Sends evidence for a dispute; answers the dispute as the provider now reports it. */
  Future<GatewayDispute> submitDisputeEvidence(DisputeEvidenceRequest request);

  /**
   * Verifies a webhook delivery (signature, timestamp tolerance) and reads it into a provider-neutral event. Fails
   * with {@link GatewayException.Kind#INVALID_SIGNATURE} when it cannot be trusted.
   */
  Future<GatewayEvent> parseWebhook(WebhookRequest request);
}
