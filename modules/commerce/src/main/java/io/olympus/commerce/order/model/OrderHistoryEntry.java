package io.olympus.commerce.order.model;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/** One change of an order: what kind, what changed, who did it and when. */
public record OrderHistoryEntry(UUID id, String kind, JsonObject changes, String actorType, String actorId,
                                Instant occurredAt) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("kind", kind)
        .put("changes", changes)
        .put("actor_type", actorType)
        .put("actor_id", actorId)
        .put("occurred_at", occurredAt.toString());
  }
}
