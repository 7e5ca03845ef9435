package io.olympus.auth.session.store;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/** A signed-in session (one per device sign-in), kept in Redis. */
public record Session(
    UUID id,
    UUID tenantId,
    UUID userId,
    UUID deviceId,
    String ip,
    String userAgent,
    Instant createdAt,
    Instant lastSeenAt) {

  public JsonObject toJson(UUID current) {
    return new JsonObject()
        .put("id", id.toString())
        .put("device_id", deviceId == null ? null : deviceId.toString())
        .put("ip", ip)
        .put("user_agent", userAgent)
        .put("created_at", createdAt.toString())
        .put("last_seen_at", lastSeenAt.toString())
        .put("current", id.equals(current));
  }
}
