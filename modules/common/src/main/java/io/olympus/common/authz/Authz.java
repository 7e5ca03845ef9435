package io.olympus.common.authz;

import io.olympus.common.json.JsonInput;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * The platform's authorization contract (RBAC), as every other service sees it. Implemented by the platform (served
 * on the bus by {@link AuthzBusAdapter}), by {@link AuthzClient} for the consumers, and by the shared fake in common's
 * test-jar.
 *
 * <p>Wire format (failure code = HTTP status, message = JSON problem, {@code io.olympus.common.bus.BusErrors}; a
 * malformed request fails 400 naming the field):
 * <ul>
 *   <li>{@link AuthzAddresses#CHECK}: request {@code {tenant_id, user_id, permission, location_id?, owner_id?}}
 *       ({@link Check}); reply {@code {allowed, reason}} ({@link Decision}). A location the tenant does not have
 *       decides as if none were given.</li>
 *   <li>{@link AuthzAddresses#EFFECTIVE}: request {@code {tenant_id, user_id}} ({@link UserRef}); reply
 *       {@code {tenant_id, user_id, grants: [{permission, location_id, scope_path}]}} ({@link EffectivePermissions};
 *       {@code location_id} and {@code scope_path} null for a tenant-wide grant). A user without roles has no
 *       grants.</li>
 *   <li>{@link AuthzAddresses#LOCATION_PATH}: request {@code {tenant_id, location_id}} ({@link LocationRef}); reply
 *       {@code {path}}, the location's materialised path: a descendant's path starts with its ancestors'. 404 for a
 *       location of another tenant or none.</li>
 * </ul>
 */
public interface Authz {

  /** Decides one permission (tenant-wide, over the location's subtree, or by the "own" rule). */
  Future<Decision> check(Check request);

  /** Every permission the user holds in the tenant, with its location scope. */
  Future<EffectivePermissions> effective(UUID tenantId, UUID userId);

  /** The materialised path of one of the tenant's locations; NotFoundException when the tenant has no such location. */
  Future<String> locationPath(UUID tenantId, UUID locationId);

  /** The request of {@link AuthzAddresses#CHECK}. */
  record Check(UUID tenantId, UUID userId, String permission, UUID locationId, UUID ownerId) {

    public JsonObject toJson() {
      return new UserRef(tenantId, userId).toJson()
          .put("permission", permission)
          .put("location_id", locationId == null ? null : locationId.toString())
          .put("owner_id", ownerId == null ? null : ownerId.toString());
    }

    /** Decodes a request; ValidationException naming every bad field. */
    public static Check fromJson(JsonObject json) {
      JsonInput in = new JsonInput(json);
      UUID tenant = in.requiredUuid("tenant_id");
      UUID user = in.requiredUuid("user_id");
      String permission = in.requiredString("permission", 3, 100);
      UUID location = in.optionalUuid("location_id");
      UUID owner = in.optionalUuid("owner_id");
      in.validate();
      return new Check(tenant, user, permission, location, owner);
    }
  }

  /** The request of {@link AuthzAddresses#EFFECTIVE}: a user of a tenant. */
  record UserRef(UUID tenantId, UUID userId) {

    public JsonObject toJson() {
      return new JsonObject().put("tenant_id", tenantId.toString()).put("user_id", userId.toString());
    }

    public static UserRef fromJson(JsonObject json) {
      JsonInput in = new JsonInput(json);
      UUID tenant = in.requiredUuid("tenant_id");
      UUID user = in.requiredUuid("user_id");
      in.validate();
      return new UserRef(tenant, user);
    }
  }

  /** The request of {@link AuthzAddresses#LOCATION_PATH}: a location of a tenant. */
  record LocationRef(UUID tenantId, UUID locationId) {

    public JsonObject toJson() {
      return new JsonObject().put("tenant_id", tenantId.toString()).put("location_id", locationId.toString());
    }

    public static LocationRef fromJson(JsonObject json) {
      JsonInput in = new JsonInput(json);
      UUID tenant = in.requiredUuid("tenant_id");
      UUID location = in.requiredUuid("location_id");
      in.validate();
      return new LocationRef(tenant, location);
    }
  }
}
