package io.olympus.common.authz;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.olympus.common.bus.BusClient;
import io.olympus.common.bus.LastKnown;
import io.olympus.common.error.NotFoundException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.backends.BackendRegistries;
import java.time.Duration;
import java.util.UUID;

/**
 * Each service's local copy of effective permissions (and of location paths), loaded from the platform over the event bus
 * (concurrent loads of one user coalesce) and checked locally. Staleness bound: an entry is dropped
 * as soon as a role, assignment, location-move or location-delete event for its tenant arrives, and lives at most
 * {@code ttl} even if such an event were lost.
 *
 * <p>While the platform cannot be reached (its breaker is open, it timed out or answered 503), permissions and location
 * paths this process loaded within the TTL plus the stale window ({@code BUS_STALE_SECONDS}) are still used
 * ({@link LastKnown}); the invalidating events drop them too. Anything never loaded gets 503 + {@code Retry-After}.
 */
public final class PermissionCache {

  private record UserKey(UUID tenantId, UUID userId) {}

  private record LocationKey(UUID tenantId, UUID locationId) {}

  private final Vertx vertx;
  private final AsyncLoadingCache<UserKey, EffectivePermissions> permissions;
  private final AsyncLoadingCache<LocationKey, String> locationPaths;
  private final LastKnown<UserKey, EffectivePermissions> knownPermissions;
  private final LastKnown<LocationKey, String> knownPaths;

  public PermissionCache(Vertx vertx, Authz client, Duration ttl, long maxSize) {
    this(vertx, client, ttl, Duration.ofSeconds(BusClient.Settings.DEFAULTS.staleSeconds()), maxSize);
  }

  public PermissionCache(Vertx vertx, Authz client, Duration ttl, Duration staleWindow, long maxSize) {
    this.vertx = vertx;
    this.knownPermissions = new LastKnown<>("effective_permissions", ttl, staleWindow, maxSize);
    this.knownPaths = new LastKnown<>("location_paths", ttl, staleWindow, maxSize);
    this.permissions = Caffeine.newBuilder()
        .maximumSize(maxSize)
        .expireAfterWrite(ttl)
        .recordStats()
        .buildAsync((key, executor) -> knownPermissions.loading(key, client.effective(key.tenantId(), key.userId()))
            .toCompletionStage().toCompletableFuture());
    this.locationPaths = Caffeine.newBuilder()
        .maximumSize(maxSize)
        .expireAfterWrite(ttl)
        // an unknown location loads as null (not cached, not logged as a failed load)
        .buildAsync((key, executor) -> knownPaths.loading(key, client.locationPath(key.tenantId(), key.locationId()))
            .recover(err -> err instanceof NotFoundException ? Future.succeededFuture(null) : Future.failedFuture(err))
            .toCompletionStage().toCompletableFuture());
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    if (registry != null) {
      CaffeineCacheMetrics.monitor(registry, permissions, "effective_permissions");
    }
    vertx.eventBus().<Object>consumer(AuthzAddresses.EVENT_USER_ROLE_CHANGED, msg -> invalidateTenantOf(msg.body()));
    vertx.eventBus().<Object>consumer(AuthzAddresses.EVENT_ROLE_UPDATED, msg -> invalidateTenantOf(msg.body()));
    vertx.eventBus().<Object>consumer(AuthzAddresses.EVENT_LOCATION_MOVED, msg -> invalidateTenantOf(msg.body()));
    vertx.eventBus().<Object>consumer(AuthzAddresses.EVENT_LOCATION_DELETED, msg -> invalidateTenantOf(msg.body()));
  }

  /**
   * The materialised path of one of the tenant's locations, or null when the tenant has no such location (another
   * tenant's included); cached like permissions (a miss asks the platform; unknown ids are not cached). Fails only
   * when the platform cannot be reached.
   */
  public Future<String> locationPath(UUID tenantId, UUID locationId) {
    LocationKey key = new LocationKey(tenantId, locationId);
    return knownPaths.orLastKnown(key,
        Future.fromCompletionStage(locationPaths.get(key), vertx.getOrCreateContext()));
  }

  /**
   * The user's effective permissions exactly as this process enforces them: the cached copy, loaded from the
   * platform on a miss. Fails only when the platform cannot be reached to load them.
   */
  public Future<EffectivePermissions> effective(UUID tenantId, UUID userId) {
    UserKey key = new UserKey(tenantId, userId);
    return knownPermissions.orLastKnown(key,
        Future.fromCompletionStage(permissions.get(key), vertx.getOrCreateContext()));
  }

  /** Decides locally; fails only when the platform cannot be reached to load the user's permissions. */
  public Future<Decision> check(UUID tenantId, UUID userId, String permission, UUID locationId, UUID ownerId) {
    Future<EffectivePermissions> effective = effective(tenantId, userId);
    if (locationId == null) {
      return effective.map(p -> p.decide(permission, null, ownerId));
    }
    Future<String> path = locationPath(tenantId, locationId)
        .compose(p -> p == null
            ? Future.failedFuture(new NotFoundException("location " + locationId + " not found"))
            : Future.succeededFuture(p));
    return Future.all(effective, path)
        .map(all -> ((EffectivePermissions) all.resultAt(0)).decide(permission, all.resultAt(1), ownerId));
  }

  /** Drops every cached entry of the tenant. */
  public void invalidateTenant(UUID tenantId) {
    permissions.synchronous().asMap().keySet().removeIf(k -> k.tenantId().equals(tenantId));
    locationPaths.synchronous().asMap().keySet().removeIf(k -> k.tenantId().equals(tenantId));
    knownPermissions.invalidateIf(k -> k.tenantId().equals(tenantId));
    knownPaths.invalidateIf(k -> k.tenantId().equals(tenantId));
  }

  private void invalidateTenantOf(Object body) {
    if (body instanceof JsonObject json && json.getString("tenant_id") != null) {
      try {
        invalidateTenant(UUID.fromString(json.getString("tenant_id")));
      } catch (IllegalArgumentException ignored) {
        // not a tenant id: nothing cached under it
      }
    }
  }
}
