package io.olympus.commerce.promotion.model;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/** A code of a promotion (stored upper-case), its own usage limit (1 for a single-use code) and uses. */
public record PromotionCode(UUID id, UUID promotionId, String code, Integer usageLimit, int usageCount,
                            Instant createdAt) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("promotion_id", promotionId.toString())
        .put("code", code)
        .put("usage_limit", usageLimit)
        .put("usage_count", usageCount)
        .put("created_at", createdAt.toString());
  }
}
