package io.olympus.commerce.payment.provider.service;

import io.olympus.commerce.payment.gateway.paypal.PayPalGateway;
import io.olympus.commerce.payment.gateway.square.SquareGateway;
import io.olympus.commerce.payment.gateway.stripe.StripeGateway;
import io.olympus.commerce.payment.gateway.support.ProviderEndpoint;
import io.olympus.common.config.Settings;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settings of the payment providers: where each provider's API answers and how long one call may take
 * ({@code COMMERCE_STRIPE_BASE_URL}=https://api.stripe.com, {@code COMMERCE_SQUARE_BASE_URL}=https://connect.squareup.com,
 * {@code COMMERCE_PAYPAL_BASE_URL}=https://api-m.paypal.com, {@code COMMERCE_STRIPE_TIMEOUT_MS},
 * {@code COMMERCE_SQUARE_TIMEOUT_MS}, {@code COMMERCE_PAYPAL_TIMEOUT_MS}=10000 each), the key the tenants'
 * credentials are sealed with ({@code COMMERCE_PAYMENT_CREDENTIALS_KEY}: base64 of 32 random bytes; unset means a
 * publicly known development key, with a warning at start-up) and how long a tenant's resolved gateways stay cached
 * ({@code COMMERCE_PAYMENT_GATEWAY_CACHE_SECONDS}=300; changes through the API invalidate at once).
 */
public record PaymentProvidersConfig(ProviderEndpoint stripe, ProviderEndpoint square, ProviderEndpoint paypal,
                                     SecretKey credentialsKey, boolean developmentKey, Duration gatewayCacheTtl) {

  private static final Logger LOG = LoggerFactory.getLogger(PaymentProvidersConfig.class);
  private static final String DEV_KEY_SEED = "olympus-development-payment-credentials-key-not-for-production";
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** Production URLs, 10 s timeouts and the development key (no warning: for tests and tools). */
  public static final PaymentProvidersConfig DEFAULTS = new PaymentProvidersConfig(
      new ProviderEndpoint(StripeGateway.DEFAULT_BASE_URL, DEFAULT_TIMEOUT),
      new ProviderEndpoint(SquareGateway.DEFAULT_BASE_URL, DEFAULT_TIMEOUT),
      new ProviderEndpoint(PayPalGateway.DEFAULT_BASE_URL, DEFAULT_TIMEOUT),
      devKey(), true, Duration.ofMinutes(5));

  @Override
  public String toString() {
    return "PaymentProvidersConfig[stripe=" + stripe + ", square=" + square + ", paypal=" + paypal
        + ", credentialsKey=***, developmentKey=" + developmentKey + ", gatewayCacheTtl=" + gatewayCacheTtl + "]";
  }

  /** Parses and validates; throws {@code ConfigException} naming every bad variable (never echoing the key). */
  public static PaymentProvidersConfig from(JsonObject source) {
    Settings s = new Settings(source);
    ProviderEndpoint stripe = endpoint(s, "STRIPE", StripeGateway.DEFAULT_BASE_URL);
    ProviderEndpoint square = endpoint(s, "SQUARE", SquareGateway.DEFAULT_BASE_URL);
    ProviderEndpoint paypal = endpoint(s, "PAYPAL", PayPalGateway.DEFAULT_BASE_URL);
    int cacheSeconds = s.integer("COMMERCE_PAYMENT_GATEWAY_CACHE_SECONDS", 300, 1, 86_400);
    SecretKey key = devKey();
    boolean development = true;
    var raw = s.optional("COMMERCE_PAYMENT_CREDENTIALS_KEY");
    if (raw.isPresent()) {
      development = false;
      try {
        key = parseKey(raw.get());
      } catch (IllegalArgumentException e) {
        s.problem("COMMERCE_PAYMENT_CREDENTIALS_KEY", "***", e.getMessage());
      }
    }
    s.validate();
    if (development) {
      LOG.warn("*** COMMERCE_PAYMENT_CREDENTIALS_KEY is not set: payment provider credentials are encrypted with a "
          + "PUBLICLY KNOWN DEVELOPMENT KEY. Set COMMERCE_PAYMENT_CREDENTIALS_KEY (base64 of 32 random bytes, "
          + "e.g. `openssl rand -base64 32`) before running anywhere but a developer machine. ***");
    }
    return new PaymentProvidersConfig(stripe == null ? DEFAULTS.stripe : stripe,
        square == null ? DEFAULTS.square : square, paypal == null ? DEFAULTS.paypal : paypal, key, development,
        Duration.ofSeconds(cacheSeconds));
  }

  /** The same settings with other endpoints (a provider's sandbox, a local fake). */
  public PaymentProvidersConfig withEndpoints(ProviderEndpoint stripe, ProviderEndpoint square,
                                              ProviderEndpoint paypal) {
    return new PaymentProvidersConfig(stripe, square, paypal, credentialsKey, developmentKey, gatewayCacheTtl);
  }

  private static ProviderEndpoint endpoint(Settings s, String provider, String defaultUrl) {
    String key = "COMMERCE_" + provider + "_BASE_URL";
    String url = s.string(key, defaultUrl);
    int timeout = s.integer("COMMERCE_" + provider + "_TIMEOUT_MS", (int) DEFAULT_TIMEOUT.toMillis(), 100, 120_000);
    try {
      URI uri = URI.create(url);
      if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
        s.problem(key, url, "an http(s) URL such as " + defaultUrl);
        return null;
      }
    } catch (IllegalArgumentException bad) {
      s.problem(key, url, "an http(s) URL such as " + defaultUrl);
      return null;
    }
    return new ProviderEndpoint(url, Duration.ofMillis(timeout));
  }

  private static SecretKey parseKey(String base64) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("base64 of exactly 32 random bytes");
    }
    if (bytes.length != 32) {
      throw new IllegalArgumentException("base64 of exactly 32 random bytes (got " + bytes.length + " bytes)");
    }
    return new SecretKeySpec(bytes, "AES");
  }

  private static SecretKey devKey() {
    try {
      byte[] key = MessageDigest.getInstance("SHA-256").digest(DEV_KEY_SEED.getBytes(StandardCharsets.UTF_8));
      return new SecretKeySpec(key, "AES");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
