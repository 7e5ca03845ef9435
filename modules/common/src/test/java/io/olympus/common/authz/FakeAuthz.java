package io.olympus.common.authz;

import io.olympus.common.error.NotFoundException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

/**
 * The shared fake of the platform's {@link Authz} (RBAC), for module tests that cannot deploy the platform. Served on
 * the bus through the real {@link AuthzBusAdapter} and checked against the real platform by the same
 * {@link AuthzContract} suite. Holds grants and locations in memory: a test {@link #grant}s permissions tenant-wide or
 * at a location it {@link #addLocation}ed; decisions use the one rule of {@link EffectivePermissions#decide}.
 */
public final class FakeAuthz implements Authz {

  private record UserKey(UUID tenantId, UUID userId) {}

  private record LocationKey(UUID tenantId, UUID locationId) {}

  private final Map<UserKey, List<PermissionGrant>> grants = new ConcurrentHashMap<>();
  private final Map<LocationKey, String> paths = new ConcurrentHashMap<>();
  private BiFunction<UUID, UUID, Future<List<String>>> derived;

  /** A fake not yet on any bus. */
  public static FakeAuthz inMemory() {
    return new FakeAuthz();
  }

  /** A fake answering the addresses of {@link AuthzAddresses} on {@code vertx}'s bus. */
  public static FakeAuthz install(Vertx vertx) {
    return new FakeAuthz().serve(vertx);
  }

  /**
   * A fake whose users hold, tenant-wide, what {@code permissionsOf} says (from the test's own state, e.g. the roles in
   * the real {@code auth_users} table), besides what is {@link #grant}ed.
   */
  public static FakeAuthz deriving(BiFunction<UUID, UUID, Future<List<String>>> permissionsOf) {
    FakeAuthz fake = new FakeAuthz();
    fake.derived = permissionsOf;
    return fake;
  }

  /** Answers the addresses of {@link AuthzAddresses} on {@code vertx}'s bus from now on. */
  public FakeAuthz serve(Vertx vertx) {
    AuthzBusAdapter.register(vertx, this);
    return this;
  }

  /** A top-level location of the tenant (no change when it is known already). */
  public UUID addLocation(UUID tenantId, UUID locationId) {
    paths.putIfAbsent(new LocationKey(tenantId, locationId), "/" + locationId + "/");
    return locationId;
  }

  /** A location of the tenant under {@code parentId} (null: top level); the parent must be known. */
  public UUID addLocation(UUID tenantId, UUID locationId, UUID parentId) {
    String parentPath = parentId == null ? "/" : paths.get(new LocationKey(tenantId, parentId));
    if (parentPath == null) {
      throw new IllegalArgumentException("unknown parent location " + parentId);
    }
    paths.put(new LocationKey(tenantId, locationId), parentPath + locationId + "/");
    return locationId;
  }

  /** The user holds {@code permissions} tenant-wide. */
  public void grant(UUID tenantId, UUID userId, List<String> permissions) {
    permissions.forEach(p -> grants(tenantId, userId).add(new PermissionGrant(p, null, null)));
  }

  /** The user holds {@code permission} over the subtree of a known location. */
  public void grantAt(UUID tenantId, UUID userId, String permission, UUID locationId) {
    String path = paths.get(new LocationKey(tenantId, locationId));
    if (path == null) {
      throw new IllegalArgumentException("unknown location " + locationId);
    }
    grants(tenantId, userId).add(new PermissionGrant(permission, locationId, path));
  }

  @Override
  public Future<Decision> check(Check request) {
    String path = request.locationId() == null ? null : paths.get(new LocationKey(request.tenantId(), request.locationId()));
    return effective(request.tenantId(), request.userId())
        .map(permissions -> permissions.decide(request.permission(), path, request.ownerId()));
  }

  @Override
  public Future<EffectivePermissions> effective(UUID tenantId, UUID userId) {
    List<PermissionGrant> granted = List.copyOf(grants.getOrDefault(new UserKey(tenantId, userId), List.of()));
    if (derived == null) {
      return Future.succeededFuture(new EffectivePermissions(tenantId, userId, granted));
    }
    return derived.apply(tenantId, userId).map(permissions -> {
      List<PermissionGrant> all = new ArrayList<>(granted);
      permissions.forEach(p -> all.add(new PermissionGrant(p, null, null)));
      return new EffectivePermissions(tenantId, userId, List.copyOf(all));
    });
  }

  @Override
  public Future<String> locationPath(UUID tenantId, UUID locationId) {
    String path = paths.get(new LocationKey(tenantId, locationId));
    return path != null
        ? Future.succeededFuture(path)
        : Future.failedFuture(new NotFoundException("location " + locationId + " not found"));
  }

  private List<PermissionGrant> grants(UUID tenantId, UUID userId) {
    return grants.computeIfAbsent(new UserKey(tenantId, userId), k -> new CopyOnWriteArrayList<>());
  }
}
