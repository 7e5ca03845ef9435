package io.olympus.common.audit;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * Who performs a change, as the audit log and events record it: a user, an API key or the system,
 * with the request it came from.
 */
public record Actor(String type, String id, String ip, String requestId) {

  public static final Actor SYSTEM = new Actor("system", null, null, null);

  public static Actor user(UUID userId, String ip, String requestId) {
    return new Actor("user", userId == null ? null : userId.toString(), ip, requestId);
  }

  public static Actor apiKey(String keyId, String ip, String requestId) {
    return new Actor("api_key", keyId, ip, requestId);
  }

  /** As sent over the event bus: {@code {type, id, ip, request_id}}. */
  public JsonObject toJson() {
    return new JsonObject().put("type", type).put("id", id).put("ip", ip).put("request_id", requestId);
  }

  /** The actor of {@link #toJson}; {@link #SYSTEM} when {@code json} is null or has no type. */
  public static Actor fromJson(JsonObject json) {
    if (json == null || !(json.getValue("type") instanceof String type)) {
      return SYSTEM;
    }
    return new Actor(type, json.getValue("id") instanceof String id ? id : null,
        json.getValue("ip") instanceof String ip ? ip : null,
        json.getValue("request_id") instanceof String requestId ? requestId : null);
  }

  /** An audit entry of this actor's change to one resource. */
  public AuditEntry entry(UUID tenantId, String action, String resourceType, String resourceId, String changesJson) {
    return AuditLog.entry(tenantId, type, id, action, resourceType, resourceId, changesJson, ip, requestId);
  }
}
