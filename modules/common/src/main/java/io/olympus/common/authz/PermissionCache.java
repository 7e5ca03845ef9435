package io.olympus.common.authz;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
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
 */
public final class PermissionCache {

  private record UserKey(UUID tenantId, UUID userId) {}

  private record LocationKey(UUID tenantId, UUID locationId) {}

  private final Vertx vertx;
  private final AsyncLoadingCache<UserKey, EffectivePermissions> permissions;
  private final AsyncLoadingCache<LocationKey, String> locationPaths;

  public PermissionCache(Vertx vertx, AuthzClient client, Duration ttl, long maxSize) {
    this.vertx = vertx;
    this.permissions = Caffeine.newBuilder()
        .maximumSize(maxSize)
        .expireAfterWrite(ttl)
        .recordStats()
        .buildAsync((key, executor) -> client.effective(key.tenantId(), key.userId())
            .toCompletionStage().toCompletableFuture());
    this.locationPaths = Caffeine.newBuilder()
        .maximumSize(maxSize)
        .expireAfterWrite(ttl)
        // an unknown location loads as null (not cached, not logged as a failed load)
        .buildAsync((key, executor) -> client.locationPath(key.tenantId(), key.locationId())
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
    return Future.fromCompletionStage(locationPaths.get(new LocationKey(tenantId, locationId)),
        vertx.getOrCreateContext());
  }

  /**
   * The user's effective permissions exactly as this process enforces them: the cached copy, loaded from the
   * platform on a miss. Fails only when the platform cannot be reached to load them.
   */
  public Future<EffectivePermissions> effective(UUID tenantId, UUID userId) {
    return Future.fromCompletionStage(permissions.get(new UserKey(tenantId, userId)), vertx.getOrCreateContext());
  }

  /** Decides locally; fails only when the platform cannot be reached to load the user's permissions. */
  public Future<Decision> check(UUID tenantId, UUID userId, String permission, UUID locationId, UUID ownerId) {
    Future<EffectivePermissions> effective = effective(tenantId, userId);
    if (locationId == null) {
      return effective.map(p -> p.decide(permission, null, ownerId));
    }
    Future<String> path = Future.fromCompletionStage(
            locationPaths.get(new LocationKey(tenantId, locationId)), vertx.getOrCreateContext())
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
