package io.olympus.common.authz;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * One effective permission of a user: tenant-wide when {@code locationId} is null, otherwise limited
 * to the location subtree whose materialised path is {@code scopePath}.
 */
public record PermissionGrant(String permission, UUID locationId, String scopePath) {

  public boolean tenantWide() {
    return locationId == null;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("permission", permission)
        .put("location_id", locationId == null ? null : locationId.toString())
        .put("scope_path", scopePath);
  }

  public static PermissionGrant fromJson(JsonObject json) {
    String location = json.getString("location_id");
    return new PermissionGrant(json.getString("permission"), location == null ? null : UUID.fromString(location),
        json.getString("scope_path"));
  }
}
