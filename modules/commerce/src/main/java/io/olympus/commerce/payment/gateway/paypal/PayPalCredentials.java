package io.olympus.commerce.payment.gateway.paypal;

/**
 * A tenant's PayPal REST app: client id and secret (exchanged for OAuth2 access tokens) and the id of the webhook
 * PayPal posts to (webhook signatures are verified by PayPal against it).
 */
public record PayPalCredentials(String clientId, String clientSecret, String webhookId) {

  @Override
  public String toString() {
    return "PayPalCredentials[redacted]";
  }
}
