package io.olympus.commerce.payment.provider.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.olympus.commerce.payment.gateway.GatewayException;
import io.olympus.commerce.payment.gateway.PaymentGateway;
import io.olympus.commerce.payment.gateway.PaymentGateways;
import io.olympus.commerce.support.CallerContext;
import io.olympus.commerce.payment.provider.model.ProviderAccountInput;
import io.olympus.commerce.payment.provider.model.ProviderSecrets;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The gateways of each tenant as it configured them: {@code sandbox} is always the built-in sandbox given to the
 * constructor; {@code stripe}, {@code square} and {@code paypal} are the tenant's enabled accounts; no provider means
 * the tenant's default account, else its only enabled account, else the sandbox. A provider the tenant has not
 * configured (or disabled) fails with {@link GatewayException.Kind#INVALID_REQUEST}.
 *
 * <p>A tenant's gateways are built once and cached (Caffeine, {@code COMMERCE_PAYMENT_GATEWAY_CACHE_SECONDS}), so a
 * PayPal token is reused across payments; a change to the tenant's accounts drops the entry at once in this process
 * ({@link #invalidate}) and, through {@link #listen}, in every process of the cluster.
 */
public final class ConfiguredPaymentGateways implements PaymentGateways {

  public static final String SANDBOX = "sandbox";

  private record TenantGateways(Map<String, PaymentGateway> byProvider, String defaultProvider) {}

  private final PaymentProviderService accounts;
  private final ProviderGatewayFactory factory;
  private final Function<UUID, PaymentGateway> sandbox;
  private final Cache<UUID, Future<TenantGateways>> cache;

  public ConfiguredPaymentGateways(PaymentProviderService accounts, ProviderGatewayFactory factory,
                                   PaymentGateway sandbox, Duration cacheTtl) {
    this(accounts, factory, tenantId -> sandbox, cacheTtl);
  }

  /** With a sandbox per tenant ({@code sandbox.apply(tenantId)}), as the built-in sandbox keeps each tenant apart. */
  public ConfiguredPaymentGateways(PaymentProviderService accounts, ProviderGatewayFactory factory,
                                   Function<UUID, PaymentGateway> sandbox, Duration cacheTtl) {
    this.accounts = accounts;
    this.factory = factory;
    this.sandbox = sandbox;
    this.cache = Caffeine.newBuilder()
        .expireAfterWrite(cacheTtl)
        .maximumSize(100_000)
        .build();
  }

  /** Drops cached gateways of a tenant whenever {@link PaymentProviderService} reports a change. */
  public MessageConsumer<String> listen(EventBus bus) {
    return bus.consumer(PaymentProviderService.CHANGED_ADDRESS, message -> invalidate(UUID.fromString(message.body())));
  }

  public void invalidate(UUID tenantId) {
    cache.invalidate(tenantId);
  }

  @Override
  public Future<PaymentGateway> gateway(UUID tenantId, String provider) {
    if (SANDBOX.equals(provider)) {
      return Future.succeededFuture(sandbox.apply(tenantId));
    }
    if (provider != null && !ProviderAccountInput.PROVIDERS.contains(provider)) {
      return Future.failedFuture(new GatewayException(GatewayException.Kind.INVALID_REQUEST, provider,
          "unknown payment provider"));
    }
    return tenant(tenantId).compose(gateways -> {
      String chosen = provider != null ? provider : gateways.defaultProvider();
      if (chosen == null) {
        return Future.succeededFuture(sandbox.apply(tenantId));
      }
      PaymentGateway gateway = gateways.byProvider().get(chosen);
      return gateway != null ? Future.succeededFuture(gateway)
          : Future.failedFuture(new GatewayException(GatewayException.Kind.INVALID_REQUEST, chosen,
              chosen + " is not configured or not enabled for this tenant"));
    });
  }

  private Future<TenantGateways> tenant(UUID tenantId) {
    Future<TenantGateways> cached = cache.get(tenantId, id -> accounts.secrets(id).map(this::build));
    // one instance per process: the cached future may belong to another event loop
    return CallerContext.of(cached).recover(err -> {
      cache.asMap().remove(tenantId, cached);
      return Future.failedFuture(err);
    });
  }

  private TenantGateways build(List<ProviderSecrets> configured) {
    Map<String, PaymentGateway> byProvider = new HashMap<>();
    String flagged = null;
    for (ProviderSecrets account : configured) {
      if (account.enabled()) {
        byProvider.put(account.provider(), factory.create(account));
        if (account.isDefault()) {
          flagged = account.provider();
        }
      }
    }
    String defaultProvider = flagged != null ? flagged
        : byProvider.size() == 1 ? byProvider.keySet().iterator().next() : null;
    return new TenantGateways(Map.copyOf(byProvider), defaultProvider);
  }
}
