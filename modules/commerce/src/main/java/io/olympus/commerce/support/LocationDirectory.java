package io.olympus.commerce.support;

import io.olympus.common.authz.PermissionCache;
import io.olympus.common.error.FieldError;
import io.olympus.common.error.ValidationException;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Which location ids are the tenant's: locations live in the platform, and commerce refuses a reference to any other
 * (a random id, another tenant's location) before it writes stock or prices for it.
 */
@FunctionalInterface
public interface LocationDirectory {

  /**
   * Accepts every id: only for callers whose location ids never come from a request (the reservation sweeper) and for
   * service tests without a platform.
   */
  LocationDirectory TRUSTED = (tenantId, locationsByField) -> Future.succeededFuture();

  /**
   * Succeeds when every location is one of the tenant's; fails with ValidationException naming every field (such as
   * {@code lines[2].location_id}) whose location is not, and with the platform's failure when it cannot be reached.
   */
  Future<Void> requireAll(UUID tenantId, Map<String, UUID> locationsByField);

  default Future<Void> require(UUID tenantId, String field, UUID locationId) {
    return locationId == null ? Future.succeededFuture() : requireAll(tenantId, Map.of(field, locationId));
  }

  /**
   * The platform's locations ({@code platform.locations.path}) through the process's permission cache: a known
   * location is cached like permissions (dropped by location events, at most {@code AUTHZ_CACHE_TTL_SECONDS}); an
   * unknown one is asked again each time.
   */
  static LocationDirectory of(PermissionCache cache) {
    return (tenantId, locationsByField) -> {
      Map<String, Future<String>> paths = new LinkedHashMap<>();
      Map<UUID, Future<String>> byId = new LinkedHashMap<>();
      locationsByField.forEach((field, id) ->
          paths.put(field, byId.computeIfAbsent(id, location -> cache.locationPath(tenantId, location))));
      return Future.all(new ArrayList<>(byId.values()))
          .compose(all -> {
            List<FieldError> unknown = new ArrayList<>();
            paths.forEach((field, path) -> {
              if (path.result() == null) {
                unknown.add(new FieldError(field, "is not a location of this tenant: " + locationsByField.get(field)));
              }
            });
            return unknown.isEmpty()
                ? Future.<Void>succeededFuture()
                : Future.<Void>failedFuture(new ValidationException("Unknown location", unknown));
          });
    };
  }
}
