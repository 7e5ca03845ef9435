package io.olympus.platform.rbac;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** A role: built-in (shared by every tenant) or a tenant's custom role inheriting from a parent. */
public record Role(UUID id, UUID tenantId, String key, String name, String description, UUID parentRoleId,
                   boolean builtIn, List<String> permissions) {

  static final Function<Row, Role> MAPPER = row -> new Role(
      row.getUUID("id"),
      row.getUUID("tenant_id"),
      row.getString("key"),
      row.getString("name"),
      row.getString("description"),
      row.getUUID("parent_role_id"),
      row.getBoolean("built_in"),
      List.of(row.getArrayOfStrings("permissions")));

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("key", key)
        .put("name", name)
        .put("description", description)
        .put("parent_role_id", parentRoleId == null ? null : parentRoleId.toString())
        .put("built_in", builtIn)
        .put("permissions", new JsonArray(permissions));
  }
}
