package io.olympus.commerce;

import io.olympus.commerce.analytics.repository.AnalyticsRepository;
import io.olympus.commerce.analytics.service.AnalyticsService;
import io.olympus.commerce.catalog.http.ProductCache;
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
import io.olympus.commerce.payment.provider.repository.ProviderAccountRepository;
import io.olympus.commerce.payment.provider.service.ConfiguredPaymentGateways;
import io.olympus.commerce.payment.provider.service.PaymentProviderService;
import io.olympus.commerce.payment.provider.service.ProviderGatewayFactory;
import io.olympus.commerce.payment.repository.PaymentRepository;
import io.olympus.commerce.payment.service.PaymentService;
import io.olympus.commerce.payment.service.ResilientGateways;
import io.olympus.commerce.pricing.repository.PricingRepository;
import io.olympus.commerce.pricing.service.PricingService;
import io.olympus.commerce.promotion.repository.PromotionRepository;
import io.olympus.commerce.promotion.service.PromotionService;
import io.olympus.commerce.search.repository.SearchRepository;
import io.olympus.commerce.search.service.CatalogVersions;
import io.olympus.commerce.search.service.SearchCache;
import io.olympus.commerce.search.service.SearchService;
import io.olympus.commerce.support.LocationDirectory;
import io.olympus.common.crypto.SecretEncryption;
import io.olympus.common.db.PgPools;
import io.olympus.common.http.idempotency.Idempotency;
import io.olympus.common.service.ServiceContext;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import java.util.List;

/**
 * Commerce's composition root: the object graph of one process, built once by {@link CommerceService#deploy} (tests
 * build it the same way) over one runtime-role pool and the process's shared parts ({@link ServiceContext}). Every
 * slice's service is built here, writing events through one sink (the transactional outbox, plus the after-commit
 * listeners), and the idempotency keys of its POSTs. A new slice adds its service here and its listener, if it has
 * one, to {@link #listeners}. Location ids in requests are checked against the platform's (through the process's
 * permission cache). Payments go through the tenant's provider (the built-in sandbox unless configured otherwise) behind
 * retries and a breaker per provider and tenant ({@link ResilientGateways}, one set for the whole process: the HTTP
 * verticles and the reconciler count into the same breakers); the sandbox's webhooks come back through the payment
 * service's webhook entry point.
 *
 * <p>Shared by every event loop: the services are stateless over the pool; the product cache, the search cache and the
 * catalog versions are Caffeine and concurrent counters; cached futures are handed back on the caller's context. The
 * graph is built outside any verticle, so its bus consumers (cache invalidations, catalog versions, payment account
 * changes), the pool and the providers' web client belong to no deployment and close with Vert.x, after the verticles
 * drained.
 */
public final class CommerceComponents {

  private final Pool pool;
  private final AuditChainer auditChainer;
  private final Idempotency idempotency;
  private final CatalogService catalog;
  private final ProductCache productCache;
  private final InventoryService inventory;
  private final SearchService search;
  private final PricingService pricing;
  private final OrderingServices ordering;
  private final PaymentService payments;
  private final PaymentProviderService paymentProviders;
  private final SandboxPaymentGateways sandbox;
  private final PromotionService promotions;
  private final AnalyticsService analytics;

  private CommerceComponents(Vertx vertx, ServiceContext context, CommerceConfig config) {
    this.pool = PgPools.service(vertx, CommerceService.NAME, context);
    this.auditChainer = new AuditChainer(vertx, pool);
    LocationDirectory locations = LocationDirectory.of(context.security().permissions());
    CatalogVersions versions = new CatalogVersions(vertx);
    EventSink events = new AfterCommitEventSink(new OutboxEventSink(), listeners(vertx, versions, auditChainer));
    this.idempotency = new Idempotency(pool, config.idempotency());
    this.catalog = new CatalogService(pool, new ProductRepository(), new CategoryRepository(), events);
    this.productCache = new ProductCache(vertx, config.productCache());
    this.inventory = new InventoryService(pool, new InventoryRepository(), events, locations);
    this.search = new SearchService(pool, new SearchRepository(), new SearchCache(versions, config.searchCache()));
    this.pricing = new PricingService(pool, new PricingRepository(), events, locations);
    this.promotions = new PromotionService(pool, new PromotionRepository(), events);
    this.ordering = OrderingServices.create(pool, events, inventory, pricing, promotions.policy(), config.cartTtlSeconds());
    this.sandbox = new SandboxPaymentGateways(vertx, pool, config.payments().sandbox());
    this.paymentProviders = new PaymentProviderService(pool, new ProviderAccountRepository(), events,
        new SecretEncryption(config.paymentProviders().credentialsKey()), vertx.eventBus());
    ConfiguredPaymentGateways providers = new ConfiguredPaymentGateways(paymentProviders,
        new ProviderGatewayFactory(WebClient.create(vertx), config.paymentProviders()), sandbox::sandbox,
        config.paymentProviders().gatewayCacheTtl());
    providers.listen(vertx.eventBus());
    this.payments = new PaymentService(pool, new PaymentRepository(), ordering.orders(), ordering.customers(),
        new ResilientGateways(vertx, providers, config.payments()), events, config.payments());
    sandbox.deliverWebhooksTo((tenant, webhook) -> payments.receiveWebhook(tenant, SandboxGateway.NAME, webhook));
    this.analytics = new AnalyticsService(pool, new AnalyticsRepository());
  }

  /** Builds the graph of one process on {@code vertx} with the process's shared parts in {@code context}. */
  public static CommerceComponents create(Vertx vertx, ServiceContext context, CommerceConfig config) {
    return new CommerceComponents(vertx, context, config);
  }

  /**
   * Told after every committed commerce change: the {@link CatalogVersions} bump (products, categories and prices
   * bump the catalog version, inventory the stock version), which the search cache checks; the {@link AuditChainer},
   * which links the change's audit entries into the tenant's hash chain; the {@link RelayWake}, which wakes this
   * process's outbox relays for the orders' events (their transactions skip the NOTIFY).
   */
  private static List<AfterCommitListener> listeners(Vertx vertx, CatalogVersions versions, AuditChainer chainer) {
    return List.of(versions, chainer, new RelayWake(vertx));
  }

  /** The runtime-role pool (row-level security applies). */
  public Pool pool() {
    return pool;
  }

  /** Links the audit entries of committed changes into their tenant's chain (after each commit, and by the sweep). */
  public AuditChainer auditChainer() {
    return auditChainer;
  }

  public Idempotency idempotency() {
    return idempotency;
  }

  public CatalogService catalog() {
    return catalog;
  }

  public ProductCache productCache() {
    return productCache;
  }

  public InventoryService inventory() {
    return inventory;
  }

  public SearchService search() {
    return search;
  }

  public PricingService pricing() {
    return pricing;
  }

  public OrderingServices ordering() {
    return ordering;
  }

  public PaymentService payments() {
    return payments;
  }

  public PaymentProviderService paymentProviders() {
    return paymentProviders;
  }

  /** The built-in sandbox provider (its disputes that come due are delivered by the payment reconciler). */
  public SandboxPaymentGateways sandbox() {
    return sandbox;
  }

  public PromotionService promotions() {
    return promotions;
  }

  public AnalyticsService analytics() {
    return analytics;
  }
}
