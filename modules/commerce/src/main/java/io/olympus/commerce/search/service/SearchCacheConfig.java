package io.olympus.commerce.search.service;

import io.olympus.common.config.Settings;
import io.vertx.core.json.JsonObject;

/**
 * Settings of the first-page search cache: {@code SEARCH_CACHE_TTL_MS} (default 5,000; 0 disables the cache)
 * bounds how long a page may be served when no invalidating change reached this process, and
 * {@code SEARCH_CACHE_MAX_MB} (default 32) bounds the rendered pages kept.
 */
public record SearchCacheConfig(long ttlMillis, long maxBytes) {

  public static final SearchCacheConfig DEFAULTS = new SearchCacheConfig(5_000, 32L * 1024 * 1024);
  public static final SearchCacheConfig DISABLED = new SearchCacheConfig(0, 0);

  /** Parses and validates; throws ConfigException naming every bad variable. */
  public static SearchCacheConfig from(JsonObject source) {
    Settings s = new Settings(source);
    int ttl = s.integer("SEARCH_CACHE_TTL_MS", (int) DEFAULTS.ttlMillis(), 0, 600_000);
    int megabytes = s.integer("SEARCH_CACHE_MAX_MB", (int) (DEFAULTS.maxBytes() >> 20), 1, 4096);
    s.validate();
    return new SearchCacheConfig(ttl, (long) megabytes << 20);
  }

  public boolean enabled() {
    return ttlMillis > 0 && maxBytes > 0;
  }
}
