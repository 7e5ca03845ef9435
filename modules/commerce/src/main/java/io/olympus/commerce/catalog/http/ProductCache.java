package io.olympus.commerce.catalog.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.olympus.commerce.event.CommerceEvents;
import io.olympus.common.event.EventEnvelope;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-process cache of rendered product documents keyed by (tenant, product id), built once by commerce's composition
 * root and shared by every HTTP verticle instance (Caffeine, thread-safe, bounded by {@code COMMERCE_PRODUCT_CACHE_SIZE}).
 * Its bus consumers are registered where the root runs, outside any verticle, so they live until Vert.x closes. A write drops the
 * entry here at once and, after its transaction, announces it on {@link #INVALIDATE_ADDRESS} (published on the
 * clustered bus, so every node drops it within a bus hop); the {@code events.product.updated|archived} facts the
 * outbox relay publishes drop it again (writes whose announcement was lost). Entries expire
 * {@code COMMERCE_PRODUCT_CACHE_TTL_SECONDS} after they were stored in case both are lost. A load that raced with
 * an invalidation is not stored ({@link #generation()}), so a slow read cannot put back a document a write has
 * just replaced. Callers check authentication and permission before asking; the tenant is part of the key.
 */
public final class ProductCache {

  /** Where writers announce a changed product: {@code {"tenant_id", "product_id"}}, published to every node. */
  public static final String INVALIDATE_ADDRESS = "commerce.product_cache.invalidate";

  /** A rendered product and its version (the ETag). */
  public record Entry(Buffer body, int version) {}

  private record Key(UUID tenantId, UUID productId) {}

  private final Vertx vertx;
  private final Cache<Key, Entry> entries;
  private final AtomicLong generation = new AtomicLong();

  /** The process's cache, subscribed to the invalidations and product events on {@code vertx}'s bus. */
  public ProductCache(Vertx vertx, ProductCacheConfig config) {
    this.vertx = vertx;
    this.entries = config.enabled()
        ? Caffeine.newBuilder().maximumSize(config.size()).expireAfterWrite(config.ttl()).build()
        : null;
    vertx.eventBus().<JsonObject>consumer(INVALIDATE_ADDRESS, msg -> onAnnouncement(msg.body()));
    for (String type : new String[] {CommerceEvents.PRODUCT_UPDATED, CommerceEvents.PRODUCT_ARCHIVED}) {
      vertx.eventBus().<Object>consumer(EventEnvelope.ADDRESS_PREFIX + type, msg -> onEvent(msg.body()));
    }
  }

  /** The cached document, or null (also when the cache is off). */
  public Entry get(UUID tenantId, UUID productId) {
    return entries == null ? null : entries.getIfPresent(new Key(tenantId, productId));
  }

  /** Take before loading; pass to {@link #put} so a load that overlapped an invalidation is dropped. */
  public long generation() {
    return generation.get();
  }

  public void put(UUID tenantId, UUID productId, Entry entry, long loadedAtGeneration) {
    if (entries != null && generation.get() == loadedAtGeneration) {
      entries.put(new Key(tenantId, productId), entry);
    }
  }

  /**
   * Drops the product here and announces it to every node; call once the write's transaction has ended (also when
   * it failed: a failed commit may still have committed).
   */
  public void invalidate(UUID tenantId, UUID productId) {
    drop(tenantId, productId);
    vertx.eventBus().publish(INVALIDATE_ADDRESS,
        new JsonObject().put("tenant_id", tenantId.toString()).put("product_id", productId.toString()));
  }

  public long size() {
    return entries == null ? 0 : entries.estimatedSize();
  }

  private void drop(UUID tenantId, UUID productId) {
    generation.incrementAndGet();
    if (entries != null) {
      entries.invalidate(new Key(tenantId, productId));
    }
  }

  private void onAnnouncement(JsonObject body) {
    dropByIds(body, "product_id");
  }

  private void onEvent(Object body) {
    if (body instanceof JsonObject json) {
      dropByIds(json, "aggregate_id");
    }
  }

  private void dropByIds(JsonObject json, String productField) {
    try {
      drop(UUID.fromString(json.getString("tenant_id")), UUID.fromString(json.getString(productField)));
    } catch (RuntimeException ignored) {
      // not a product we can key: nothing cached under it
    }
  }
}
