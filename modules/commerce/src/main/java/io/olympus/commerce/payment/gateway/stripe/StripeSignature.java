package io.olympus.commerce.payment.gateway.stripe;

import io.olympus.commerce.payment.gateway.support.Hmac;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Stripe's webhook signature: {@code Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>...][,v0=...]}, where
 * each {@code v1} is HMAC-SHA256 under the endpoint's signing secret of {@code "<t>.<raw body>"}. Valid when any
 * {@code v1} matches (several appear while a secret is rolled) and {@code t} is within the tolerance of now.
 */
public final class StripeSignature {

  /** Stripe's own libraries' default tolerance. */
  public static final Duration TOLERANCE = Duration.ofMinutes(5);

  private StripeSignature() {}

  /** Why the delivery is not trusted, or null when it is. */
  static String problem(String header, byte[] body, String secret, Instant now, Duration tolerance) {
    if (header == null || header.isBlank()) {
      return "no Stripe-Signature header";
    }
    if (secret == null || secret.isEmpty()) {
      return "no webhook signing secret configured";
    }
    Long timestamp = null;
    List<String> signatures = new ArrayList<>();
    for (String part : header.split(",")) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String key = part.substring(0, eq).trim();
      String value = part.substring(eq + 1).trim();
      if (key.equals("t")) {
        try {
          timestamp = Long.parseLong(value);
        } catch (NumberFormatException bad) {
          return "malformed timestamp";
        }
      } else if (key.equals("v1")) {
        signatures.add(value);
      }
    }
    if (timestamp == null) {
      return "no timestamp in Stripe-Signature";
    }
    if (signatures.isEmpty()) {
      return "no v1 signature in Stripe-Signature";
    }
    byte[] expected = Hmac.sha256(secret, signedPayload(timestamp, body));
    boolean matched = false;
    for (String signature : signatures) {
      byte[] given;
      try {
        given = HexFormat.of().parseHex(signature);
      } catch (IllegalArgumentException notHex) {
        continue;
      }
      matched |= Hmac.equal(expected, given);
    }
    if (!matched) {
      return "no v1 signature matches";
    }
    if (Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
      return "timestamp outside the tolerance of " + tolerance.toSeconds() + " s";
    }
    return null;
  }

  /** The header Stripe would send for {@code body} at {@code timestamp} under {@code secret}. */
  public static String header(long timestamp, byte[] body, String secret) {
    return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(Hmac.sha256(secret, signedPayload(timestamp, body)));
  }

  private static byte[] signedPayload(long timestamp, byte[] body) {
    byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.UTF_8);
    byte[] payload = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, payload, 0, prefix.length);
    System.arraycopy(body, 0, payload, prefix.length, body.length);
    return payload;
  }
}
