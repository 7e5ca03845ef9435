package io.olympus.commerce.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.olympus.commerce.event.CommerceEvents;
import io.olympus.common.event.EventEnvelope;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-process cache of rendered product documents keyed by (tenant, product id), shared by every HTTP
 * verticle instance of one Vert.x. Entries are dropped on local writes and on the
 * {@code events.product.updated|archived} facts the outbox relay publishes on the bus (writes made by
 * other processes), and expire {@link #TTL} after they were stored in case such a fact is lost.
 * A load that raced with an invalidation is not stored ({@link #generation()}), so a slow read cannot
 * put back a document a write has just replaced.
 */
public final class ProductCache {

  /** Upper bound on how long a lost invalidation can leave a stale document in the cache. */
  public static final Duration TTL = Duration.ofSeconds(60);
  public static final long MAX_ENTRIES = 50_000;

  private static final Map<Vertx, ProductCache> INSTANCES = new WeakHashMap<>();

  /** A rendered product and its version (the ETag). */
  public record Entry(Buffer body, int version) {}

  private record Key(UUID tenantId, UUID productId) {}

  private final Cache<Key, Entry> entries;
  private final AtomicLong generation = new AtomicLong();

  private ProductCache(Vertx vertx) {
    this.entries = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).expireAfterWrite(TTL).build();
    for (String type : new String[] {CommerceEvents.PRODUCT_UPDATED, CommerceEvents.PRODUCT_ARCHIVED}) {
      vertx.eventBus().<Object>consumer(EventEnvelope.ADDRESS_PREFIX + type, msg -> onEvent(msg.body()));
    }
  }

  /** The instance of this Vert.x, created (and subscribed to product events) on first use. */
  public static ProductCache of(Vertx vertx) {
    synchronized (INSTANCES) {
      return INSTANCES.computeIfAbsent(Objects.requireNonNull(vertx), ProductCache::new);
    }
  }

  public Entry get(UUID tenantId, UUID productId) {
    return entries.getIfPresent(new Key(tenantId, productId));
  }

  /** Take before loading; pass to {@link #put} so a load that overlapped an invalidation is dropped. */
  public long generation() {
    return generation.get();
  }

  public void put(UUID tenantId, UUID productId, Entry entry, long loadedAtGeneration) {
    if (generation.get() == loadedAtGeneration) {
      entries.put(new Key(tenantId, productId), entry);
    }
  }

  public void invalidate(UUID tenantId, UUID productId) {
    generation.incrementAndGet();
    entries.invalidate(new Key(tenantId, productId));
  }

  public long size() {
    return entries.estimatedSize();
  }

  private void onEvent(Object body) {
    if (!(body instanceof JsonObject json)) {
      return;
    }
    try {
      invalidate(UUID.fromString(json.getString("tenant_id")), UUID.fromString(json.getString("aggregate_id")));
    } catch (RuntimeException ignored) {
      // not a product event we can key: nothing cached under it
    }
  }
}
