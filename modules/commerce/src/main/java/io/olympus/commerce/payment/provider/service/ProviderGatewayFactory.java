package io.olympus.commerce.payment.provider.service;

import io.olympus.commerce.payment.gateway.PaymentGateway;
import io.olympus.commerce.payment.gateway.paypal.PayPalCredentials;
import io.olympus.commerce.payment.gateway.paypal.PayPalGateway;
import io.olympus.commerce.payment.gateway.square.SquareCredentials;
import io.olympus.commerce.payment.gateway.square.SquareGateway;
import io.olympus.commerce.payment.gateway.stripe.StripeCredentials;
import io.olympus.commerce.payment.gateway.stripe.StripeGateway;
import io.olympus.commerce.payment.provider.model.ProviderSecrets;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

/** Builds a provider's gateway from a tenant's opened credentials and the configured endpoints. */
public final class ProviderGatewayFactory {

  private final WebClient client;
  private final PaymentProvidersConfig config;

  public ProviderGatewayFactory(WebClient client, PaymentProvidersConfig config) {
    this.client = client;
    this.config = config;
  }

  public PaymentGateway create(ProviderSecrets account) {
    JsonObject c = account.credentials();
    return switch (account.provider()) {
      case StripeGateway.PROVIDER -> new StripeGateway(client, config.stripe(),
          new StripeCredentials(c.getString("secret_key"), account.webhookSecret()));
      case SquareGateway.PROVIDER -> new SquareGateway(client, config.square(),
          new SquareCredentials(c.getString("access_token"), c.getString("location_id"), account.webhookSecret(),
              c.getString("notification_url")));
      case PayPalGateway.PROVIDER -> new PayPalGateway(client, config.paypal(),
          new PayPalCredentials(c.getString("client_id"), c.getString("client_secret"), account.webhookSecret()));
      default -> throw new IllegalArgumentException("no gateway for provider " + account.provider());
    };
  }
}
