package io.olympus.commerce.support;

import io.olympus.common.json.JsonInput;
import io.vertx.core.json.JsonObject;

/** An amount in integer minor units of an ISO 4217 currency. */
public record Money(long amount, String currency) {

  /** Reads {@code {"amount": 1999, "currency": "EUR"}}; null (with errors recorded) when invalid. */
  public static Money read(JsonInput in, String field, boolean required) {
    JsonInput money = in.child(field, required);
    if (money == null) {
      return null;
    }
    Long amount = money.requiredLong("amount", 0, 1_000_000_000_000L);
    String currency = money.requiredCurrency("currency");
    return amount == null || currency == null ? null : new Money(amount, currency);
  }

  public JsonObject toJson() {
    return new JsonObject().put("amount", amount).put("currency", currency);
  }
}
