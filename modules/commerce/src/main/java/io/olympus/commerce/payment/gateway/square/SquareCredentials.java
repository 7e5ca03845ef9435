package io.olympus.commerce.payment.gateway.square;

/**
 * A tenant's Square account: the access token (a personal access token or an OAuth access token), the location
 * payments are taken for (null: the account's main location), the signature key of its webhook subscription and
 * the notification URL that subscription posts to (Square signs the URL together with the body; null: the URL the
 * delivery arrived at).
 */
public record SquareCredentials(String accessToken, String locationId, String webhookSignatureKey,
                                String notificationUrl) {

  @Override
  public String toString() {
    return "SquareCredentials[redacted]";
  }
}
