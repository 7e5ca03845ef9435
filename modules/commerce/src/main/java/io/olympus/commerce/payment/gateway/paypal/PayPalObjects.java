package io.olympus.commerce.payment.gateway.paypal;

import io.olympus.commerce.payment.gateway.GatewayDispute;
import io.olympus.commerce.payment.gateway.GatewayPayment;
import io.olympus.commerce.payment.gateway.GatewayRefund;
import io.olympus.commerce.payment.gateway.GatewayStatus;
import io.olympus.commerce.payment.gateway.support.MinorUnits;
import io.olympus.commerce.support.Money;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;

/** Reads PayPal's Order, Capture, Refund and Dispute objects into the provider-neutral records. */
final class PayPalObjects {

  /** PayPal's processor response codes for card declines, by the names PayPal gives them. */
  private static final Map<String, String> PROCESSOR_CODES = Map.ofEntries(
      Map.entry("0500", "do_not_honor"),
      Map.entry("5100", "generic_decline"),
      Map.entry("5110", "cvv2_failure"),
      Map.entry("5120", "insufficient_funds"),
      Map.entry("5140", "card_closed"),
      Map.entry("5150", "pickup_card_stolen"),
      Map.entry("5180", "invalid_or_restricted_card"),
      Map.entry("5400", "expired_card"),
      Map.entry("9500", "suspected_fraud"));

  private PayPalObjects() {}

  static JsonObject amount(Money money) {
    return new JsonObject().put("currency_code", money.currency()).put("value", MinorUnits.toDecimal(money));
  }

  static Money money(JsonObject amount, String fallbackCurrency) {
    if (amount == null || amount.getString("value") == null) {
      return new Money(0, fallbackCurrency);
    }
    String currency = amount.getString("currency_code", fallbackCurrency);
    return new Money(MinorUnits.fromDecimal(amount.getString("value"), currency), currency);
  }

  static JsonObject purchaseUnit(JsonObject order) {
    JsonArray units = order.getJsonArray("purchase_units");
    return units == null || units.isEmpty() ? new JsonObject() : units.getJsonObject(0);
  }

  static JsonArray list(JsonObject unit, String name) {
    JsonObject payments = unit.getJsonObject("payments");
    JsonArray list = payments == null ? null : payments.getJsonArray(name);
    return list == null ? new JsonArray() : list;
  }

  static JsonObject first(JsonArray list) {
    return list.isEmpty() ? null : list.getJsonObject(0);
  }

  /**
   * An Order: its captures (sum of completed ones, with PayPal's fee) or else its authorization decide the state;
   * a declined capture or denied authorization is a decline with the processor's response code by name; an order
   * not yet completed is pending, a voided order voided.
   */
  static GatewayPayment payment(JsonObject order) {
    JsonObject unit = purchaseUnit(order);
    JsonObject unitAmount = unit.getJsonObject("amount", new JsonObject());
    String currency = unitAmount.getString("currency_code", "USD");
    Money zero = new Money(0, currency);
    String id = order.getString("id");
    String reference = unit.getString("custom_id", unit.getString("reference_id"));
    JsonArray captures = list(unit, "captures");
    JsonObject authorization = first(list(unit, "authorizations"));
    Money authorized = authorization != null ? money(authorization.getJsonObject("amount"), currency)
        : money(unitAmount, currency);
    String orderStatus = order.getString("status", "");
    if (orderStatus.equals("VOIDED")) {
      return new GatewayPayment(id, reference, GatewayStatus.VOIDED, authorized, zero, null, null, null);
    }
    if (!orderStatus.equals("COMPLETED")) {
      return new GatewayPayment(id, reference, GatewayStatus.PENDING, zero, zero, null, null, null);
    }
    if (!captures.isEmpty()) {
      long captured = 0;
      long fee = 0;
      boolean anyFee = false;
      boolean pending = false;
      JsonObject declined = null;
      for (int i = 0; i < captures.size(); i++) {
        JsonObject capture = captures.getJsonObject(i);
        String status = capture.getString("status", "");
        switch (status) {
          case "COMPLETED", "PARTIALLY_REFUNDED", "REFUNDED" -> {
            captured += money(capture.getJsonObject("amount"), currency).amount();
            JsonObject breakdown = capture.getJsonObject("seller_receivable_breakdown");
            JsonObject paypalFee = breakdown == null ? null : breakdown.getJsonObject("paypal_fee");
            if (paypalFee != null) {
              fee += money(paypalFee, currency).amount();
              anyFee = true;
            }
          }
          case "DECLINED", "FAILED" -> declined = capture;
          default -> pending = true;
        }
      }
      if (captured > 0) {
        return new GatewayPayment(id, reference, GatewayStatus.CAPTURED,
            authorization != null ? authorized : new Money(captured, currency), new Money(captured, currency),
            anyFee ? new Money(fee, currency) : null, null, null);
      }
      if (declined != null) {
        return declined(id, reference, currency, declined);
      }
      if (pending) {
        return new GatewayPayment(id, reference, GatewayStatus.PENDING, zero, zero, null, null, null);
      }
    }
    if (authorization != null) {
      return switch (authorization.getString("status", "")) {
        case "CREATED", "PENDING" -> new GatewayPayment(id, reference, GatewayStatus.AUTHORIZED, authorized, zero,
            null, null, null);
        case "DENIED" -> declined(id, reference, currency, authorization);
        default -> new GatewayPayment(id, reference, GatewayStatus.VOIDED, authorized, zero, null, null, null);
      };
    }
    return new GatewayPayment(id, reference, GatewayStatus.PENDING, zero, zero, null, null, null);
  }

  private static GatewayPayment declined(String id, String reference, String currency, JsonObject transaction) {
    JsonObject processor = transaction.getJsonObject("processor_response", new JsonObject());
    String code = processor.getString("response_code");
    String name = code == null ? "declined" : PROCESSOR_CODES.getOrDefault(code, "processor_" + code);
    Money zero = new Money(0, currency);
    JsonObject details = transaction.getJsonObject("status_details");
    return new GatewayPayment(id, reference, GatewayStatus.DECLINED, zero, zero, null, name,
        details == null ? null : details.getString("reason"));
  }

  static GatewayRefund refund(JsonObject refund, String reference, Money requested) {
    GatewayRefund.Status status = switch (refund.getString("status", "")) {
      case "COMPLETED" -> GatewayRefund.Status.SUCCEEDED;
      case "CANCELLED", "FAILED" -> GatewayRefund.Status.FAILED;
      default -> GatewayRefund.Status.PENDING;
    };
    Money amount = refund.getJsonObject("amount") != null
        ? money(refund.getJsonObject("amount"), requested == null ? "USD" : requested.currency()) : requested;
    JsonObject details = refund.getJsonObject("status_details");
    return new GatewayRefund(refund.getString("id"), reference != null ? reference : refund.getString("custom_id"),
        status, amount, status == GatewayRefund.Status.FAILED && details != null ? details.getString("reason") : null);
  }

  /**
   * A Dispute: waiting for the seller needs a response; open, waiting for the buyer and under review are under
   * review; resolved is won when the outcome is in the seller's favour (or the buyer cancelled), else lost.
   */
  static GatewayDispute dispute(JsonObject dispute, String providerPaymentId) {
    GatewayDispute.Status status = switch (dispute.getString("status", "")) {
      case "WAITING_FOR_SELLER_RESPONSE" -> GatewayDispute.Status.NEEDS_RESPONSE;
      case "RESOLVED" -> {
        JsonObject outcome = dispute.getJsonObject("dispute_outcome", new JsonObject());
        String code = outcome.getString("outcome_code", "");
        yield code.equals("RESOLVED_SELLER_FAVOUR") || code.equals("CANCELED_BY_BUYER") || code.equals("DENIED")
            ? GatewayDispute.Status.WON : GatewayDispute.Status.LOST;
      }
      default -> GatewayDispute.Status.UNDER_REVIEW;
    };
    JsonObject amount = dispute.getJsonObject("dispute_amount");
    return new GatewayDispute(dispute.getString("dispute_id"), providerPaymentId, status,
        money(amount, amount == null ? "USD" : amount.getString("currency_code", "USD")),
        dispute.getString("reason"), instant(dispute.getString("seller_response_due_date")));
  }

  /** The capture id a dispute is about (its first disputed transaction), or null. */
  static String disputedCapture(JsonObject dispute) {
    JsonArray transactions = dispute.getJsonArray("disputed_transactions");
    JsonObject first = transactions == null || transactions.isEmpty() ? null : transactions.getJsonObject(0);
    return first == null ? null : first.getString("seller_transaction_id");
  }

  static Instant instant(String value) {
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException bad) {
      return null;
    }
  }

  static String lower(String value) {
    return value == null ? null : value.toLowerCase(Locale.ROOT);
  }
}
