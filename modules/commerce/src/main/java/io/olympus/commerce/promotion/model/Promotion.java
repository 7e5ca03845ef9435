package io.olympus.commerce.promotion.model;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * A promotion of a tenant: its {@link Terms}, how often it was used by orders not cancelled ({@code usageCount}),
 * and its version for conditional changes.
 */
public record Promotion(UUID id, Terms terms, int usageCount, int codeCount, int version, Instant createdAt,
                        Instant updatedAt) {

  /** Whether it is switched on and {@code now} lies in its window. */
  public boolean runningAt(Instant now) {
    return terms.active() && (terms.startsAt() == null || !now.isBefore(terms.startsAt()))
        && (terms.endsAt() == null || now.isBefore(terms.endsAt()));
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .mergeIn(terms.toJson())
        .put("usage_count", usageCount)
        .put("code_count", codeCount)
        .put("version", version)
        .put("created_at", createdAt.toString())
        .put("updated_at", updatedAt.toString());
  }

  /** The event payload: the promotion without its description. */
  public JsonObject eventPayload() {
    JsonObject json = toJson();
    json.remove("description");
    return json;
  }
}
