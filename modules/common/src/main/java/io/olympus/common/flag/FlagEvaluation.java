package io.olympus.common.flag;

import io.vertx.core.json.JsonObject;

/**
 * One flag evaluated for one user: on or off, the A/B variant when on (null without variants), and why
 * ({@code disabled}, {@code role not targeted}, {@code location not targeted}, {@code outside rollout}, {@code rollout}).
 * JSON {@code {enabled, variant, reason}}.
 */
public record FlagEvaluation(boolean enabled, String variant, String reason) {

  public JsonObject toJson() {
    return new JsonObject().put("enabled", enabled).put("variant", variant).put("reason", reason);
  }

  public static FlagEvaluation fromJson(JsonObject json) {
    return new FlagEvaluation(json.getBoolean("enabled", false), json.getString("variant"), json.getString("reason"));
  }
}
