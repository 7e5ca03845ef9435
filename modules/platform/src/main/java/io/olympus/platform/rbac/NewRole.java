package io.olympus.platform.rbac;

import io.olympus.common.json.JsonInput;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/** A validated request to create a custom role. */
public record NewRole(String key, String name, String description, UUID parentRoleId, List<String> permissions) {

  static final Pattern KEY = Pattern.compile("^[a-z][a-z0-9_-]{1,62}$");

  /** Parses and validates; throws ValidationException naming every bad field. */
  public static NewRole fromJson(JsonObject json) {
    JsonInput in = new JsonInput(json);
    String key = in.requiredMatching("key", KEY, "2 to 63 lowercase letters, digits, '_' or '-', starting with a letter");
    String name = in.requiredString("name", 1, 100);
    String description = in.optionalString("description", 0, 500);
    UUID parent = json.getValue("parent_role_id") == null ? null : in.requiredUuid("parent_role_id");
    List<String> permissions = new ArrayList<>();
    Object raw = json.getValue("permissions");
    if (raw != null && !(raw instanceof JsonArray)) {
      in.error("permissions", "must be an array of permission strings");
    } else if (raw instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        if (array.getValue(i) instanceof String p && p.matches("^[a-z_]+:[a-z_]+$")) {
          permissions.add(p);
        } else {
          in.error("permissions[" + i + "]", "must be a resource:action string");
        }
      }
    }
    in.validate();
    return new NewRole(key, name, description, parent, List.copyOf(permissions));
  }
}
