package io.olympus.commerce.payment.gateway.stripe;

import io.olympus.commerce.payment.gateway.GatewayDispute;
import io.olympus.commerce.payment.gateway.GatewayPayment;
import io.olympus.commerce.payment.gateway.GatewayRefund;
import io.olympus.commerce.payment.gateway.GatewayStatus;
import io.olympus.commerce.support.Money;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Locale;

/** Reads Stripe's PaymentIntent, Refund and Dispute objects into the provider-neutral records. */
final class StripeObjects {

  static final String REFERENCE = "olympus_reference";

  private StripeObjects() {}

  static String reference(JsonObject object) {
    JsonObject metadata = object.getJsonObject("metadata");
    return metadata == null ? null : metadata.getString(REFERENCE);
  }

  static String currency(JsonObject object) {
    return object.getString("currency", "").toUpperCase(Locale.ROOT);
  }

  /**
   * A PaymentIntent: {@code requires_capture} is authorized, {@code succeeded} captured ({@code amount_received}),
   * {@code canceled} voided, {@code requires_payment_method} after an error declined, anything else pending.
   */
  static GatewayPayment payment(JsonObject intent) {
    String currency = currency(intent);
    long amount = intent.getLong("amount", 0L);
    long received = intent.getLong("amount_received", 0L);
    JsonObject error = intent.getJsonObject("last_payment_error");
    Money zero = new Money(0, currency);
    String status = intent.getString("status", "");
    return switch (status) {
      case "requires_capture" -> new GatewayPayment(intent.getString("id"), reference(intent), GatewayStatus.AUTHORIZED,
          new Money(amount, currency), zero, null, null, null);
      case "succeeded" -> new GatewayPayment(intent.getString("id"), reference(intent), GatewayStatus.CAPTURED,
          new Money(amount, currency), new Money(received, currency), null, null, null);
      case "canceled" -> error != null && received == 0
          ? declined(intent, error)
          : new GatewayPayment(intent.getString("id"), reference(intent), GatewayStatus.VOIDED,
              new Money(amount, currency), new Money(received, currency), null, null, null);
      case "requires_payment_method" -> error != null ? declined(intent, error)
          : new GatewayPayment(intent.getString("id"), reference(intent), GatewayStatus.PENDING, zero, zero, null,
              null, null);
      default -> new GatewayPayment(intent.getString("id"), reference(intent), GatewayStatus.PENDING, zero, zero, null,
          null, null);
    };
  }

  /** A decline: the issuer's {@code decline_code} when Stripe passes one on, else Stripe's error {@code code}. */
  static GatewayPayment declined(JsonObject intent, JsonObject error) {
    String currency = currency(intent);
    Money zero = new Money(0, currency);
    return new GatewayPayment(intent.getString("id"), reference(intent), GatewayStatus.DECLINED, zero, zero, null,
        declineCode(error), error.getString("message"));
  }

  static String declineCode(JsonObject error) {
    String code = error.getString("decline_code");
    return code != null ? code : error.getString("code", "card_declined");
  }

  static GatewayRefund refund(JsonObject refund) {
    GatewayRefund.Status status = switch (refund.getString("status", "")) {
      case "succeeded" -> GatewayRefund.Status.SUCCEEDED;
      case "failed", "canceled" -> GatewayRefund.Status.FAILED;
      default -> GatewayRefund.Status.PENDING;
    };
    return new GatewayRefund(refund.getString("id"), reference(refund), status,
        new Money(refund.getLong("amount", 0L), currency(refund)), refund.getString("failure_reason"));
  }

  /** The latest refund a Charge carries ({@code charge.refunded}), or null when the charge lists none. */
  static JsonObject latestRefund(JsonObject charge) {
    JsonObject refunds = charge.getJsonObject("refunds");
    JsonArray data = refunds == null ? null : refunds.getJsonArray("data");
    if (data == null || data.isEmpty()) {
      return null;
    }
    JsonObject latest = data.getJsonObject(0);
    for (int i = 1; i < data.size(); i++) {
      JsonObject candidate = data.getJsonObject(i);
      if (candidate.getLong("created", 0L) > latest.getLong("created", 0L)) {
        latest = candidate;
      }
    }
    return latest;
  }

  /**
   * A Dispute: {@code (warning_)needs_response} needs a response, {@code (warning_)under_review} is under review,
   * {@code won} and {@code warning_closed} (an inquiry closed without a chargeback) are won, {@code lost} lost.
   */
  static GatewayDispute dispute(JsonObject dispute) {
    GatewayDispute.Status status = switch (dispute.getString("status", "")) {
      case "needs_response", "warning_needs_response" -> GatewayDispute.Status.NEEDS_RESPONSE;
      case "won", "warning_closed" -> GatewayDispute.Status.WON;
      case "lost" -> GatewayDispute.Status.LOST;
      default -> GatewayDispute.Status.UNDER_REVIEW;
    };
    JsonObject details = dispute.getJsonObject("evidence_details");
    Long dueBy = details == null ? null : details.getLong("due_by");
    String payment = dispute.getValue("payment_intent") instanceof String intent ? intent
        : dispute.getValue("charge") instanceof String charge ? charge : null;
    return new GatewayDispute(dispute.getString("id"), payment, status,
        new Money(dispute.getLong("amount", 0L), currency(dispute)), dispute.getString("reason"),
        dueBy == null ? null : Instant.ofEpochSecond(dueBy));
  }
}
