package io.olympus.commerce.catalog.http;

import java.time.Duration;

/**
 * Settings of the {@link ProductCache}: how long a rendered product may live when every invalidation of it was lost
 * ({@code COMMERCE_PRODUCT_CACHE_TTL_SECONDS}) and how many are kept per process ({@code COMMERCE_PRODUCT_CACHE_SIZE});
 * either at 0 turns the cache off.
 */
public record ProductCacheConfig(Duration ttl, long size) {

  public static final ProductCacheConfig DEFAULTS = new ProductCacheConfig(Duration.ofSeconds(60), 50_000);

  /** Whether product documents are cached at all. */
  public boolean enabled() {
    return !ttl.isZero() && size > 0;
  }
}
