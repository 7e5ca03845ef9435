package io.olympus.common.tenant;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.olympus.common.bus.BusClient;
import io.olympus.common.bus.LastKnown;
import io.olympus.common.error.NotFoundException;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.micrometer.backends.BackendRegistries;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Per-process tenant cache in front of {@link Tenants} (the {@link TenantClient} in production): concurrent lookups of the same tenant
 * share one in-flight load (one event-bus request, one database query), entries expire after a TTL
 * and are dropped at once when a {@code tenant.updated} / {@code tenant.deleted} event arrives from
 * anywhere in the cluster. Cache statistics (loads, hits, misses) appear in /metrics as
 * {@code cache_*{cache="tenants_by_slug|tenants_by_id"}}.
 *
 * <p>While the platform cannot be reached (its breaker is open, it timed out or answered 503), a tenant this process
 * loaded within the TTL plus the stale window ({@code BUS_STALE_SECONDS}) is still served ({@link LastKnown}); a
 * tenant it never loaded gets 503 + {@code Retry-After}. Tenant events drop the last known value with the cache entry.
 */
public final class TenantResolver {

  private final Vertx vertx;
  private final AsyncLoadingCache<String, TenantInfo> bySlug;
  private final AsyncLoadingCache<UUID, TenantInfo> byId;
  private final LastKnown<String, TenantInfo> knownBySlug;
  private final LastKnown<UUID, TenantInfo> knownById;

  public TenantResolver(Vertx vertx, Tenants client, Duration ttl, long maxSize) {
    this(vertx, client, ttl, Duration.ofSeconds(BusClient.Settings.DEFAULTS.staleSeconds()), maxSize);
  }

  public TenantResolver(Vertx vertx, Tenants client, Duration ttl, Duration staleWindow, long maxSize) {
    this.vertx = vertx;
    this.knownBySlug = new LastKnown<>("tenants_by_slug", ttl, staleWindow, maxSize);
    this.knownById = new LastKnown<>("tenants_by_id", ttl, staleWindow, maxSize);
    this.bySlug = cache(ttl, maxSize, slug -> knownBySlug.loading(slug, client.bySlug(slug)));
    this.byId = cache(ttl, maxSize, id -> knownById.loading(id, client.byId(id)));
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    if (registry != null) {
      CaffeineCacheMetrics.monitor(registry, bySlug, "tenants_by_slug");
      CaffeineCacheMetrics.monitor(registry, byId, "tenants_by_id");
    }
    vertx.eventBus().<Object>consumer(TenantAddresses.EVENT_UPDATED, msg -> invalidateFrom(msg.body()));
    vertx.eventBus().<Object>consumer(TenantAddresses.EVENT_DELETED, msg -> invalidateFrom(msg.body()));
  }

  /** The tenant with this slug; fails with NotFoundException when there is none. */
  public Future<TenantInfo> bySlug(String slug) {
    return found(knownBySlug.orLastKnown(slug, onCaller(bySlug.get(slug))), "tenant '" + slug + "' not found");
  }

  /**
   * The tenant with this slug when this process has it loaded already (no round trip, no load started); empty when
   * it is not cached, still loading, or unknown.
   */
  public Optional<TenantInfo> cachedBySlug(String slug) {
    CompletableFuture<TenantInfo> cached = slug == null ? null : bySlug.getIfPresent(slug);
    return cached != null && cached.isDone() && !cached.isCompletedExceptionally()
        ? Optional.ofNullable(cached.getNow(null))
        : Optional.empty();
  }

  /** The tenant with this id; fails with NotFoundException when there is none. */
  public Future<TenantInfo> byId(UUID id) {
    return found(knownById.orLastKnown(id, onCaller(byId.get(id))), "tenant " + id + " not found");
  }

  /** Drops every cached entry of this tenant. */
  public void invalidate(UUID tenantId) {
    byId.synchronous().invalidate(tenantId);
    bySlug.synchronous().asMap().values().removeIf(t -> t.id().equals(tenantId));
    knownById.invalidate(tenantId);
    knownBySlug.invalidateValuesIf(t -> t.id().equals(tenantId));
  }

  private void invalidateFrom(Object body) {
    if (body instanceof io.vertx.core.json.JsonObject json) {
      String tenant = json.getString("tenant_id", json.getString("aggregate_id"));
      if (tenant != null) {
        try {
          invalidate(UUID.fromString(tenant));
        } catch (IllegalArgumentException ignored) {
          // not a tenant id: nothing cached under it
        }
      }
    }
  }

  private <K> AsyncLoadingCache<K, TenantInfo> cache(Duration ttl, long maxSize, Function<K, Future<TenantInfo>> loader) {
    return Caffeine.newBuilder()
        .maximumSize(maxSize)
        .expireAfterWrite(ttl)
        .recordStats()
        // an unknown tenant loads as null (not cached, not logged as a failed load)
        .buildAsync((key, executor) -> loader.apply(key)
            .recover(err -> err instanceof NotFoundException ? Future.succeededFuture(null) : Future.failedFuture(err))
            .toCompletionStage().toCompletableFuture());
  }

  /** Completes on the caller's Vert.x context, whichever event loop ran the shared load; null for an unknown tenant. */
  private Future<TenantInfo> onCaller(CompletableFuture<TenantInfo> future) {
    Context context = vertx.getOrCreateContext();
    return Future.fromCompletionStage(future, context);
  }

  private static Future<TenantInfo> found(Future<TenantInfo> future, String notFound) {
    return future.compose(tenant -> tenant == null
            ? Future.failedFuture(new NotFoundException(notFound))
            : Future.succeededFuture(tenant));
  }
}
