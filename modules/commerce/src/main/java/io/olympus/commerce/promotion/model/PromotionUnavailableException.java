package io.olympus.commerce.promotion.model;

import io.olympus.common.error.ApiException;
import io.olympus.common.error.FieldError;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Conflict (409, type {@code promotion-unavailable}): a promotion or code the order would use has reached a usage
 * limit (total, per code, per customer) or its first-order condition; nothing was placed. The problem names the code
 * (field {@code promotion_code}, member {@code code}) or, for an automatic promotion, the promotion.
 */
public final class PromotionUnavailableException extends ApiException {

  private final String code;
  private final String promotionId;

  public PromotionUnavailableException(String code, String promotionId, String reason) {
    super(409, "promotion-unavailable", "Promotion unavailable",
        (code != null ? "promotion code " + code : "promotion " + promotionId) + " " + reason,
        List.of(new FieldError(code != null ? "promotion_code" : "promotion_id",
            (code != null ? code : promotionId) + " " + reason)));
    this.code = code;
    this.promotionId = promotionId;
  }

  @Override
  public JsonObject extensions() {
    return new JsonObject().put("code", code).put("promotion_id", promotionId);
  }
}
