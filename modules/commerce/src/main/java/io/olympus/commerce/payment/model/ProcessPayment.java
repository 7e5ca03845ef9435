package io.olympus.commerce.payment.model;

import io.olympus.commerce.payment.gateway.CaptureMode;
import io.olympus.common.json.JsonInput;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A request to pay an order: {@code amount} null means what is still owed; exactly one of {@code token} (a
 * provider token) and {@code paymentMethod} (a saved payment method's id, or a provider's method reference);
 * {@code provider} null means the tenant's default.
 */
public record ProcessPayment(UUID orderId, Long amount, String currency, String token, String paymentMethod,
                             String provider, CaptureMode capture) {

  private static final Pattern PROVIDER = Pattern.compile("^[a-z][a-z0-9_]{1,31}$");
  private static final Pattern REFERENCE = Pattern.compile("^[A-Za-z0-9_:.\\-]{1,255}$");

  /** Parses and validates; ValidationException naming every bad field. */
  public static ProcessPayment fromJson(JsonObject body) {
    JsonInput in = new JsonInput(body);
    UUID order = in.requiredUuid("order_id");
    Long amount = in.optionalLong("amount", 1, 1_000_000_000_000L);
    String currency = in.requiredCurrency("currency");
    String token = in.has("token")
        ? in.requiredMatching("token", REFERENCE, "a provider token of letters, digits and _ : . -") : null;
    String method = in.has("payment_method")
        ? in.requiredMatching("payment_method", REFERENCE, "a saved payment method id or a provider reference") : null;
    if (!in.has("token") && !in.has("payment_method")) {
      in.error("token", "either token or payment_method is required");
    } else if (in.has("token") && in.has("payment_method")) {
      in.error("payment_method", "send either token or payment_method, not both");
    }
    String provider = in.has("provider")
        ? in.requiredMatching("provider", PROVIDER, "a provider name such as sandbox or stripe") : null;
    String capture = in.oneOf("capture", Set.of("automatic", "manual"), "automatic");
    in.validate();
    return new ProcessPayment(order, amount, currency, token, method, provider,
        "manual".equals(capture) ? CaptureMode.MANUAL : CaptureMode.AUTOMATIC);
  }
}
