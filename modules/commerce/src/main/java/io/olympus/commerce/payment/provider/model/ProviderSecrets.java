package io.olympus.commerce.payment.provider.model;

import io.vertx.core.json.JsonObject;

/**
 * A tenant's provider account with its credentials decrypted, for building the provider's gateway only: the API
 * fields as {@link ProviderAccountInput} read them, and the webhook secret (Stripe's signing secret, Square's
 * signature key, PayPal's webhook id). Its {@code toString} shows no secret.
 */
public record ProviderSecrets(String provider, JsonObject credentials, String webhookSecret, boolean enabled,
                              boolean isDefault) {

  @Override
  public String toString() {
    return "ProviderSecrets[provider=" + provider + ", enabled=" + enabled + ", default=" + isDefault + ", ***]";
  }
}
