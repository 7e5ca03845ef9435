package io.olympus.commerce.payment.provider.model;

import io.olympus.common.error.ValidationException;
import io.olympus.common.json.JsonInput;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A tenant's account at one provider as {@code PUT /api/v1/payments/providers/{provider}} takes it:
 * {@code credentials} (per provider, below), {@code enabled} (default true) and {@code default} (default false).
 *
 * <ul>
 *   <li>stripe: {@code secret_key} ({@code sk_live_...}, {@code sk_test_...} or restricted {@code rk_...}),
 *       {@code webhook_secret} ({@code whsec_...}).</li>
 *   <li>square: {@code access_token}, {@code webhook_signature_key}, optional {@code location_id} and
 *       {@code notification_url} (the https URL the webhook subscription posts to; Square signs it).</li>
 *   <li>paypal: {@code client_id}, {@code client_secret}, {@code webhook_id}.</li>
 * </ul>
 * No value is ever echoed in an error.
 */
public record ProviderAccountInput(String provider, JsonObject credentials, String webhookSecret, String keyLast4,
                                   boolean enabled, boolean isDefault) {

  public static final Set<String> PROVIDERS = Set.of("stripe", "square", "paypal");

  private static final Pattern STRIPE_KEY = Pattern.compile("^(sk|rk)_(test|live)_[A-Za-z0-9]{8,240}$");
  private static final Pattern STRIPE_WEBHOOK = Pattern.compile("^whsec_[A-Za-z0-9+/=_-]{8,240}$");
  private static final Pattern TOKEN = Pattern.compile("^[\\x21-\\x7E]{8,512}$");
  private static final Pattern SQUARE_LOCATION = Pattern.compile("^[A-Za-z0-9]{1,32}$");
  private static final Pattern PAYPAL_ID = Pattern.compile("^[A-Za-z0-9_-]{8,256}$");
  private static final Pattern PAYPAL_WEBHOOK = Pattern.compile("^[A-Za-z0-9]{1,64}$");

  @Override
  public String toString() {
    return "ProviderAccountInput[provider=" + provider + ", enabled=" + enabled + ", default=" + isDefault
        + ", key_last4=" + keyLast4 + ", ***]";
  }

  /** Reads and checks the body for {@code provider}; ValidationException naming every bad field. */
  public static ProviderAccountInput read(String provider, JsonObject body) {
    if (!PROVIDERS.contains(provider)) {
      throw new ValidationException("provider", "must be one of stripe, square, paypal");
    }
    JsonInput in = new JsonInput(body);
    Boolean enabled = in.optionalBoolean("enabled");
    Boolean isDefault = in.optionalBoolean("default");
    JsonInput credentials = in.child("credentials", true);
    JsonObject api = new JsonObject();
    String webhookSecret = null;
    String keyId = null;
    if (credentials != null) {
      switch (provider) {
        case "stripe" -> {
          keyId = credentials.requiredMatching("secret_key", STRIPE_KEY,
              "a Stripe secret or restricted key (sk_live_..., sk_test_..., rk_...)");
          webhookSecret = credentials.requiredMatching("webhook_secret", STRIPE_WEBHOOK,
              "the endpoint's signing secret (whsec_...)");
          api.put("secret_key", keyId);
        }
        case "square" -> {
          keyId = credentials.requiredMatching("access_token", TOKEN, "a Square access token");
          webhookSecret = credentials.requiredMatching("webhook_signature_key", TOKEN,
              "the webhook subscription's signature key");
          String location = credentials.optionalString("location_id", 1, 32);
          if (location != null && !SQUARE_LOCATION.matcher(location).matches()) {
            credentials.error("location_id", "must be a Square location id (letters and digits)");
          }
          String url = credentials.optionalString("notification_url", 1, 2000);
          if (url != null && !httpsUrl(url)) {
            credentials.error("notification_url", "must be an https URL");
          }
          api.put("access_token", keyId).put("location_id", location).put("notification_url", url);
        }
        default -> {
          keyId = credentials.requiredMatching("client_id", PAYPAL_ID, "a PayPal REST app client id");
          String secret = credentials.requiredMatching("client_secret", PAYPAL_ID, "a PayPal REST app secret");
          webhookSecret = credentials.requiredMatching("webhook_id", PAYPAL_WEBHOOK, "a PayPal webhook id");
          api.put("client_id", keyId).put("client_secret", secret);
        }
      }
    }
    if (Boolean.TRUE.equals(isDefault) && Boolean.FALSE.equals(enabled)) {
      in.error("default", "cannot be true for an account that is not enabled");
    }
    in.validate();
    String last4 = keyId.length() <= 4 ? "" : keyId.substring(keyId.length() - 4);
    return new ProviderAccountInput(provider, api, webhookSecret, last4, enabled == null || enabled,
        isDefault != null && isDefault);
  }

  private static boolean httpsUrl(String value) {
    try {
      URI uri = URI.create(value);
      return "https".equals(uri.getScheme()) && uri.getHost() != null && uri.getUserInfo() == null;
    } catch (IllegalArgumentException bad) {
      return false;
    }
  }
}
