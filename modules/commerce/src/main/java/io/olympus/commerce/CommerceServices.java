package io.olympus.commerce;

import io.olympus.commerce.analytics.repository.AnalyticsRepository;
import io.olympus.commerce.analytics.service.AnalyticsService;
import io.olympus.commerce.catalog.repository.CategoryRepository;
import io.olympus.commerce.catalog.repository.ProductRepository;
import io.olympus.commerce.catalog.service.CatalogService;
import io.olympus.commerce.event.AfterCommitEventSink;
import io.olympus.commerce.event.AfterCommitListener;
import io.olympus.commerce.event.AuditChainer;
import io.olympus.commerce.event.EventSink;
import io.olympus.commerce.event.OutboxEventSink;
import io.olympus.commerce.event.RelayWake;
import io.olympus.commerce.inventory.repository.InventoryRepository;
import io.olympus.commerce.inventory.service.InventoryService;
import io.olympus.commerce.order.service.OrderingServices;
import io.olympus.commerce.payment.gateway.sandbox.SandboxGateway;
import io.olympus.commerce.payment.gateway.sandbox.SandboxPaymentGateways;
import io.olympus.commerce.payment.repository.PaymentRepository;
import io.olympus.commerce.payment.service.PaymentService;
import io.olympus.commerce.payment.service.ResilientGateways;
import io.olympus.commerce.payment.provider.repository.ProviderAccountRepository;
import io.olympus.commerce.payment.provider.service.PaymentProviderService;
import io.olympus.commerce.payment.provider.service.ConfiguredPaymentGateways;
import io.olympus.commerce.payment.provider.service.ProviderGatewayFactory;
import io.olympus.common.crypto.SecretEncryption;
import io.vertx.ext.web.client.WebClient;
import io.olympus.commerce.pricing.repository.PricingRepository;
import io.olympus.commerce.pricing.service.PricingService;
import io.olympus.commerce.promotion.repository.PromotionRepository;
import io.olympus.commerce.promotion.service.PromotionService;
import io.olympus.commerce.search.repository.SearchRepository;
import io.olympus.commerce.search.service.CatalogVersions;
import io.olympus.commerce.search.service.SearchCache;
import io.olympus.commerce.search.service.SearchService;
import io.olympus.commerce.support.LocationDirectory;
import io.olympus.common.http.idempotency.Idempotency;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.List;

/**
 * The commerce object graph over one pool: every slice's service, built in this one place, writing events through
 * one sink (the transactional outbox, plus the after-commit listeners), and the idempotency keys of its POSTs. A new slice adds its service here and its
 * listener, if it has one, to {@link #listeners}. Location ids in requests are checked against the platform's
 * ({@code locations}). Payments go through the tenant's provider ({@code providers}: the built-in sandbox unless
 * configured otherwise) behind retries and a breaker per provider and tenant ({@link ResilientGateways}); the
 * sandbox's webhooks come back through the payment service's webhook entry point.
 */
public record CommerceServices(EventSink events, Idempotency idempotency, CatalogService catalog,
                               InventoryService inventory, SearchService search, PricingService pricing,
                               OrderingServices ordering, PaymentService payments,
                               PaymentProviderService paymentProviders, PromotionService promotions,
                               AnalyticsService analytics) {

  public static CommerceServices create(Vertx vertx, Pool pool, CommerceConfig config, LocationDirectory locations) {
    CatalogVersions versions = CatalogVersions.of(vertx);
    EventSink events = new AfterCommitEventSink(new OutboxEventSink(), listeners(vertx, pool, versions));
    CatalogService catalog = new CatalogService(pool, new ProductRepository(), new CategoryRepository(), events);
    InventoryService inventory = new InventoryService(pool, new InventoryRepository(), events, locations);
    PricingService pricing = new PricingService(pool, new PricingRepository(), events, locations);
    PromotionService promotions = new PromotionService(pool, new PromotionRepository(), events);
    OrderingServices ordering = OrderingServices.create(pool, events, inventory, pricing, promotions.policy(),
        config.cartTtlSeconds());
    SandboxPaymentGateways sandbox = new SandboxPaymentGateways(vertx, pool, config.payments().sandbox());
    PaymentProviderService providerAccounts = new PaymentProviderService(pool, new ProviderAccountRepository(), events,
        new SecretEncryption(config.paymentProviders().credentialsKey()), vertx.eventBus());
    ConfiguredPaymentGateways providers = new ConfiguredPaymentGateways(providerAccounts,
        new ProviderGatewayFactory(WebClient.create(vertx), config.paymentProviders()), sandbox::sandbox,
        config.paymentProviders().gatewayCacheTtl());
    providers.listen(vertx.eventBus());
    PaymentService payments = new PaymentService(pool, new PaymentRepository(), ordering.orders(),
        ordering.customers(), new ResilientGateways(vertx, providers, config.payments()), events, config.payments());
    sandbox.deliverWebhooksTo((tenant, webhook) -> payments.receiveWebhook(tenant, SandboxGateway.NAME, webhook));
    return new CommerceServices(
        events,
        new Idempotency(pool, config.idempotency()),
        catalog,
        inventory,
        new SearchService(pool, new SearchRepository(), SearchCache.of(vertx, config.searchCache())),
        pricing,
        ordering,
        payments,
        providerAccounts,
        promotions,
        new AnalyticsService(pool, new AnalyticsRepository()));
  }

  /**
   * Told after every committed commerce change: the {@link CatalogVersions} bump (products, categories and prices
   * bump the catalog version, inventory the stock version), which the search cache checks; the {@link AuditChainer},
   * which links the change's audit entries into the tenant's hash chain; the {@link RelayWake}, which wakes this
   * process's outbox relays for the orders' events (their transactions skip the NOTIFY).
   */
  private static List<AfterCommitListener> listeners(Vertx vertx, Pool pool, CatalogVersions versions) {
    return List.of(versions, new AuditChainer(vertx, pool), new RelayWake(vertx));
  }
}
