package io.olympus.commerce.payment.gateway.square;

import io.olympus.commerce.payment.gateway.GatewayDispute;
import io.olympus.commerce.payment.gateway.GatewayPayment;
import io.olympus.commerce.payment.gateway.GatewayRefund;
import io.olympus.commerce.payment.gateway.GatewayStatus;
import io.olympus.commerce.support.Money;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Reads Square's Payment, PaymentRefund and Dispute objects into the provider-neutral records. */
final class SquareObjects {

  private SquareObjects() {}

  static Money money(JsonObject money, String fallbackCurrency) {
    if (money == null) {
      return new Money(0, fallbackCurrency);
    }
    return new Money(money.getLong("amount", 0L), money.getString("currency", fallbackCurrency));
  }

  static JsonObject moneyJson(Money money) {
    return new JsonObject().put("amount", money.amount()).put("currency", money.currency());
  }

  /**
   * A Payment: {@code APPROVED} is authorized, {@code COMPLETED} captured, {@code CANCELED} voided, {@code FAILED}
   * declined (with the card error's code, lower case), {@code PENDING} pending. {@code approved_money} is what was
   * authorized (it stays when {@code amount_money} is lowered before completing); the fee is the sum of
   * {@code processing_fee} when Square reports it.
   */
  static GatewayPayment payment(JsonObject payment) {
    JsonObject amountJson = payment.getJsonObject("amount_money");
    String currency = amountJson == null ? "USD" : amountJson.getString("currency", "USD");
    Money amount = money(amountJson, currency);
    Money approved = payment.getJsonObject("approved_money") == null ? amount
        : money(payment.getJsonObject("approved_money"), currency);
    Money zero = new Money(0, currency);
    String id = payment.getString("id");
    String reference = payment.getString("reference_id");
    Money fee = fee(payment.getJsonArray("processing_fee"), currency);
    return switch (payment.getString("status", "")) {
      case "APPROVED" -> new GatewayPayment(id, reference, GatewayStatus.AUTHORIZED, approved, zero, fee, null, null);
      case "COMPLETED" -> new GatewayPayment(id, reference, GatewayStatus.CAPTURED, approved, amount, fee, null, null);
      case "CANCELED" -> new GatewayPayment(id, reference, GatewayStatus.VOIDED, approved, zero, fee, null, null);
      case "FAILED" -> {
        JsonObject error = cardError(payment);
        yield new GatewayPayment(id, reference, GatewayStatus.DECLINED, zero, zero, null,
            error == null ? "generic_decline" : error.getString("code", "GENERIC_DECLINE").toLowerCase(Locale.ROOT),
            error == null ? null : error.getString("detail"));
      }
      default -> new GatewayPayment(id, reference, GatewayStatus.PENDING, zero, zero, null, null, null);
    };
  }

  /** A decline as Square answers it: 402 with the card error and, in current versions, the failed payment. */
  static GatewayPayment declined(JsonObject body, String reference, Money amount) {
    JsonArray errors = body.getJsonArray("errors", new JsonArray());
    JsonObject error = errors.isEmpty() ? new JsonObject() : errors.getJsonObject(0);
    JsonObject payment = body.getJsonObject("payment");
    Money zero = new Money(0, amount.currency());
    return new GatewayPayment(payment == null ? null : payment.getString("id"),
        payment == null ? reference : payment.getString("reference_id", reference), GatewayStatus.DECLINED, zero,
        zero, null, error.getString("code", "GENERIC_DECLINE").toLowerCase(Locale.ROOT), error.getString("detail"));
  }

  private static JsonObject cardError(JsonObject payment) {
    JsonObject card = payment.getJsonObject("card_details");
    JsonArray errors = card == null ? null : card.getJsonArray("errors");
    return errors == null || errors.isEmpty() ? null : errors.getJsonObject(0);
  }

  private static Money fee(JsonArray fees, String currency) {
    if (fees == null || fees.isEmpty()) {
      return null;
    }
    long total = 0;
    for (int i = 0; i < fees.size(); i++) {
      total += fees.getJsonObject(i).getJsonObject("amount_money", new JsonObject()).getLong("amount", 0L);
    }
    return new Money(total, currency);
  }

  /** A PaymentRefund; {@code reference} is ours when we know it (Square keeps no reference on refunds). */
  static GatewayRefund refund(JsonObject refund, String reference) {
    GatewayRefund.Status status = switch (refund.getString("status", "")) {
      case "COMPLETED" -> GatewayRefund.Status.SUCCEEDED;
      case "REJECTED", "FAILED" -> GatewayRefund.Status.FAILED;
      default -> GatewayRefund.Status.PENDING;
    };
    JsonObject amount = refund.getJsonObject("amount_money");
    return new GatewayRefund(refund.getString("id"), reference, status,
        money(amount, amount == null ? "USD" : amount.getString("currency")),
        status == GatewayRefund.Status.FAILED ? refund.getString("status") : null);
  }

  /**
   * A Dispute: {@code (INQUIRY_)EVIDENCE_REQUIRED} needs a response, {@code (INQUIRY_)PROCESSING} is under review,
   * {@code WON} and {@code INQUIRY_CLOSED} are won, {@code LOST} and {@code ACCEPTED} lost.
   */
  static GatewayDispute dispute(JsonObject dispute) {
    GatewayDispute.Status status = switch (dispute.getString("state", "")) {
      case "EVIDENCE_REQUIRED", "INQUIRY_EVIDENCE_REQUIRED" -> GatewayDispute.Status.NEEDS_RESPONSE;
      case "WON", "INQUIRY_CLOSED" -> GatewayDispute.Status.WON;
      case "LOST", "ACCEPTED" -> GatewayDispute.Status.LOST;
      default -> GatewayDispute.Status.UNDER_REVIEW;
    };
    JsonObject disputed = dispute.getJsonObject("disputed_payment");
    JsonObject amount = dispute.getJsonObject("amount_money");
    String id = dispute.getString("dispute_id", dispute.getString("id"));
    return new GatewayDispute(id, disputed == null ? null : disputed.getString("payment_id"), status,
        money(amount, amount == null ? "USD" : amount.getString("currency")), dispute.getString("reason"),
        instant(dispute.getString("due_at")));
  }

  static Instant instant(String value) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException bad) {
      return null;
    }
  }
}
