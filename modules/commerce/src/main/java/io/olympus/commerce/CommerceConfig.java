package io.olympus.commerce;

import io.olympus.commerce.catalog.http.ProductCacheConfig;
import io.olympus.commerce.payment.service.PaymentConfig;
import io.olympus.commerce.payment.provider.service.PaymentProvidersConfig;
import io.olympus.commerce.search.service.SearchCacheConfig;
import io.olympus.common.config.Settings;
import io.olympus.common.http.idempotency.IdempotencyConfig;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * Settings of the commerce service.
 *
 * <p>Keys and defaults: {@code COMMERCE_PRODUCT_CACHE_TTL_SECONDS}=60 (longest life of a cached product document
 * when an invalidating event is lost; 0 turns the cache off), {@code COMMERCE_PRODUCT_CACHE_SIZE}=50000 (rendered
 * product documents kept per process; 0 turns the cache off), the search cache's ({@link SearchCacheConfig}:
 * {@code SEARCH_CACHE_TTL_MS}, {@code SEARCH_CACHE_MAX_MB}) and the idempotency keys' ({@link IdempotencyConfig}:
 * {@code IDEMPOTENCY_KEY_TTL_HOURS}, {@code IDEMPOTENCY_LOCK_SECONDS}, {@code IDEMPOTENCY_SWEEP_INTERVAL_SECONDS}),
 * {@code COMMERCE_CART_TTL_SECONDS}=604800 (a cart lives this long after its last change; 60 .. 90 days), and the
 * payments' ({@link PaymentConfig}: {@code COMMERCE_PAYMENT_*}, {@code COMMERCE_SANDBOX_*}) and the
 * payment providers' ({@link PaymentProvidersConfig}: {@code COMMERCE_STRIPE_BASE_URL}, {@code COMMERCE_SQUARE_BASE_URL},
 * {@code COMMERCE_PAYPAL_BASE_URL}, their {@code _TIMEOUT_MS}, {@code COMMERCE_PAYMENT_CREDENTIALS_KEY},
 * {@code COMMERCE_PAYMENT_GATEWAY_CACHE_SECONDS}).
 */
public record CommerceConfig(Duration productCacheTtl, long productCacheSize, SearchCacheConfig searchCache,
                             IdempotencyConfig idempotency, int cartTtlSeconds, PaymentConfig payments,
                             PaymentProvidersConfig paymentProviders) {

  /** How long a cart lives after its last change unless {@code COMMERCE_CART_TTL_SECONDS} says otherwise (7 days). */
  public static final int DEFAULT_CART_TTL_SECONDS = 7 * 24 * 3600;

  public static final CommerceConfig DEFAULTS = new CommerceConfig(Duration.ofSeconds(60), 50_000,
      SearchCacheConfig.DEFAULTS, IdempotencyConfig.DEFAULTS);

  public CommerceConfig(Duration productCacheTtl, long productCacheSize, SearchCacheConfig searchCache,
                        IdempotencyConfig idempotency, int cartTtlSeconds) {
    this(productCacheTtl, productCacheSize, searchCache, idempotency, cartTtlSeconds, PaymentConfig.DEFAULTS,
        PaymentProvidersConfig.DEFAULTS);
  }

  public CommerceConfig(Duration productCacheTtl, long productCacheSize, SearchCacheConfig searchCache,
                        IdempotencyConfig idempotency) {
    this(productCacheTtl, productCacheSize, searchCache, idempotency, DEFAULT_CART_TTL_SECONDS);
  }

  public CommerceConfig(Duration productCacheTtl, long productCacheSize) {
    this(productCacheTtl, productCacheSize, SearchCacheConfig.DEFAULTS);
  }

  public CommerceConfig(Duration productCacheTtl, long productCacheSize, SearchCacheConfig searchCache) {
    this(productCacheTtl, productCacheSize, searchCache, IdempotencyConfig.DEFAULTS);
  }

  /** Parses and validates; throws {@code ConfigException} naming every bad variable. */
  public static CommerceConfig from(JsonObject source) {
    Settings s = new Settings(source);
    int ttl = s.integer("COMMERCE_PRODUCT_CACHE_TTL_SECONDS", 60, 0, 86_400);
    int size = s.integer("COMMERCE_PRODUCT_CACHE_SIZE", 50_000, 0, 10_000_000);
    int cartTtl = s.integer("COMMERCE_CART_TTL_SECONDS", DEFAULT_CART_TTL_SECONDS, 60, 90 * 24 * 3600);
    PaymentConfig payments = PaymentConfig.from(s);
    s.validate();
    return new CommerceConfig(Duration.ofSeconds(ttl), size, SearchCacheConfig.from(source),
        IdempotencyConfig.from(source), cartTtl, payments,
        PaymentProvidersConfig.from(source));
  }

  /** The product cache's part of these settings. */
  public ProductCacheConfig productCache() {
    return new ProductCacheConfig(productCacheTtl, productCacheSize);
  }
}
