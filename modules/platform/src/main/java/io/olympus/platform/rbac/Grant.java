package io.olympus.platform.rbac;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * One effective permission of a user: tenant-wide when {@code locationId} is null, otherwise limited
 * to the subtree whose materialised path is {@code scopePath}.
 */
public record Grant(String permission, UUID locationId, String scopePath) {

  public boolean tenantWide() {
    return locationId == null;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("permission", permission)
        .put("location_id", locationId == null ? null : locationId.toString());
  }
}
