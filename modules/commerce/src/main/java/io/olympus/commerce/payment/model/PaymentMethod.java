package io.olympus.commerce.payment.model;

import io.olympus.common.json.JsonInput;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A customer's saved payment method: the provider's reference (a token or saved-method id), the provider's customer
 * reference, and what the provider tells about it for display (brand, last four digits, expiry). Never a card number.
 */
public record PaymentMethod(UUID id, UUID customerId, String provider, String reference, String customerReference,
                            String brand, String last4, Integer expMonth, Integer expYear, OffsetDateTime createdAt) {

  private static final Pattern PROVIDER = Pattern.compile("^[a-z][a-z0-9_]{1,31}$");
  private static final Pattern REFERENCE = Pattern.compile("^[A-Za-z0-9_:.\\-]{1,255}$");
  private static final Pattern LAST4 = Pattern.compile("^[0-9]{4}$");

  /** Parses {@code {provider?, reference, customer_reference?, brand?, last4?, exp_month?, exp_year?}}. */
  public static PaymentMethod fromJson(UUID customerId, JsonObject body) {
    JsonInput in = new JsonInput(body);
    String provider = in.has("provider")
        ? in.requiredMatching("provider", PROVIDER, "a provider name such as sandbox or stripe") : "sandbox";
    String reference = in.requiredMatching("reference", REFERENCE, "the provider's token or payment method id");
    String customerReference = in.has("customer_reference")
        ? in.requiredMatching("customer_reference", REFERENCE, "the provider's customer id") : null;
    String brand = in.optionalString("brand", 1, 40);
    String last4 = in.has("last4") ? in.requiredMatching("last4", LAST4, "the last four digits") : null;
    Integer month = in.optionalInt("exp_month", 1, 12);
    Integer year = in.optionalInt("exp_year", 2000, 2100);
    in.validate();
    return new PaymentMethod(null, customerId, provider, reference, customerReference, brand, last4, month, year,
        null);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("customer_id", customerId.toString())
        .put("provider", provider)
        .put("reference", reference)
        .put("customer_reference", customerReference)
        .put("brand", brand)
        .put("last4", last4)
        .put("exp_month", expMonth)
        .put("exp_year", expYear)
        .put("created_at", createdAt == null ? null : createdAt.toString());
  }
}
