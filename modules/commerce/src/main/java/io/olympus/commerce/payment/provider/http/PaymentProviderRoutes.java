package io.olympus.commerce.payment.provider.http;

import static io.olympus.commerce.http.CommercePermissions.PAYMENTS_READ;
import static io.olympus.commerce.http.CommercePermissions.PAYMENTS_WRITE;

import io.olympus.commerce.http.CommerceRoutes;
import io.olympus.commerce.http.Http;
import io.olympus.commerce.http.RouteBinder;
import io.olympus.commerce.payment.provider.model.ProviderAccount;
import io.olympus.commerce.payment.provider.model.ProviderAccountInput;
import io.olympus.commerce.payment.provider.service.ConfiguredPaymentGateways;
import io.olympus.commerce.payment.provider.service.PaymentProviderService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Handlers of the tenant's payment provider accounts: reads need {@code payments:read}, changes
 * {@code payments:write}. Credentials go in and are never shown again.
 */
public final class PaymentProviderRoutes implements CommerceRoutes {

  private final PaymentProviderService providers;

  public PaymentProviderRoutes(PaymentProviderService providers) {
    this.providers = providers;
  }

  @Override
  public void bind(RouteBinder binder) {
    binder.read("listPaymentProviders", PAYMENTS_READ, this::listProviders);
    binder.read("getPaymentProvider", PAYMENTS_READ, this::getProvider);
    binder.write("putPaymentProvider", PAYMENTS_WRITE, this::putProvider);
    binder.write("deletePaymentProvider", PAYMENTS_WRITE, this::deleteProvider);
  }

  private void listProviders(RoutingContext ctx) {
    providers.accounts(Http.tenant(ctx))
        .onSuccess(accounts -> Http.json(ctx, 200, new JsonObject()
            .put("items", new JsonArray(accounts.stream().map(ProviderAccount::toJson).toList()))
            .put("default_provider", defaultProvider(accounts))))
        .onFailure(ctx::fail);
  }

  private void getProvider(RoutingContext ctx) {
    providers.account(Http.tenant(ctx), ctx.pathParam("provider"))
        .onSuccess(account -> Http.json(ctx, 200, account.toJson()))
        .onFailure(ctx::fail);
  }

  private void putProvider(RoutingContext ctx) {
    ProviderAccountInput input = ProviderAccountInput.read(ctx.pathParam("provider"), Http.body(ctx));
    providers.save(Http.tenant(ctx), input)
        .onSuccess(account -> Http.json(ctx, 200, account.toJson()))
        .onFailure(ctx::fail);
  }

  private void deleteProvider(RoutingContext ctx) {
    providers.delete(Http.tenant(ctx), ctx.pathParam("provider"))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  /** As {@link ConfiguredPaymentGateways} chooses: the flagged account, else the only enabled one, else sandbox. */
  private static String defaultProvider(List<ProviderAccount> accounts) {
    List<ProviderAccount> enabled = accounts.stream().filter(ProviderAccount::enabled).toList();
    return enabled.stream().filter(ProviderAccount::isDefault).map(ProviderAccount::provider).findFirst()
        .orElse(enabled.size() == 1 ? enabled.get(0).provider() : ConfiguredPaymentGateways.SANDBOX);
  }
}
