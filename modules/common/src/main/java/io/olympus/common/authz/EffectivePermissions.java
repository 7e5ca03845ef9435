package io.olympus.common.authz;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Everything a user may do in a tenant, and the one decision rule used everywhere: a tenant-wide
 * grant, or a grant scoped to a subtree containing the target location, or the "own" rule for
 * reading one's own records.
 */
public record EffectivePermissions(UUID tenantId, UUID userId, List<PermissionGrant> grants) {

  /** Permissions a user holds over records they own even without the permission itself. */
  public static final Set<String> OWN_RULE_PERMISSIONS = Set.of("orders:read", "customers:read", "users:read");

  /**
   * Decides {@code permission} for a resource at {@code locationPath} (null = tenant-wide resource)
   * owned by {@code ownerId} (null = not an owned record).
   */
  public Decision decide(String permission, String locationPath, UUID ownerId) {
    for (PermissionGrant grant : grants) {
      if (grant.permission().equals(permission) && grant.tenantWide()) {
        return Decision.allow("tenant-wide grant");
      }
    }
    if (locationPath != null) {
      for (PermissionGrant grant : grants) {
        if (grant.permission().equals(permission) && grant.scopePath() != null
            && locationPath.startsWith(grant.scopePath())) {
          return Decision.allow("grant scoped to location " + grant.locationId());
        }
      }
    }
    if (ownerId != null && ownerId.equals(userId) && OWN_RULE_PERMISSIONS.contains(permission)) {
      return Decision.allow("own record");
    }
    return Decision.deny("missing permission " + permission);
  }

  public JsonObject toJson() {
    JsonArray list = new JsonArray();
    grants.forEach(g -> list.add(g.toJson()));
    return new JsonObject()
        .put("tenant_id", tenantId.toString())
        .put("user_id", userId.toString())
        .put("grants", list);
  }

  public static EffectivePermissions fromJson(JsonObject json) {
    List<PermissionGrant> grants = new ArrayList<>();
    JsonArray list = json.getJsonArray("grants", new JsonArray());
    for (int i = 0; i < list.size(); i++) {
      grants.add(PermissionGrant.fromJson(list.getJsonObject(i)));
    }
    return new EffectivePermissions(UUID.fromString(json.getString("tenant_id")),
        UUID.fromString(json.getString("user_id")), List.copyOf(grants));
  }
}
