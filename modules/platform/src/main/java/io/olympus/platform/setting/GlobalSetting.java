package io.olympus.platform.setting;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** A global setting as system administrators see it: its schema, effective global value and who set it. */
public record GlobalSetting(String key, String scope, String description, Object value, Object defaultValue,
                            boolean overridden, String updatedBy, Instant updatedAt) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("key", key)
        .put("scope", scope)
        .put("description", description)
        .put("value", value)
        .put("default_value", defaultValue)
        .put("overridden", overridden)
        .put("updated_by", updatedBy)
        .put("updated_at", updatedAt == null ? null : updatedAt.toString());
  }
}
