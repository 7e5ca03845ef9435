package io.olympus.commerce.payment.gateway.stripe;

/**
 * A tenant's Stripe account: the secret API key ({@code sk_live_...}, {@code sk_test_...} or a restricted
 * {@code rk_...}) and the signing secret of its webhook endpoint ({@code whsec_...}).
 */
public record StripeCredentials(String secretKey, String webhookSecret) {

  @Override
  public String toString() {
    return "StripeCredentials[redacted]";
  }
}
