package io.olympus.common.authz;

import io.vertx.core.json.JsonObject;

/** The answer of a permission check, with the rule that decided it. */
public record Decision(boolean allowed, String reason) {

  public static Decision allow(String reason) {
    return new Decision(true, reason);
  }

  public static Decision deny(String reason) {
    return new Decision(false, reason);
  }

  public JsonObject toJson() {
    return new JsonObject().put("allowed", allowed).put("reason", reason);
  }

  public static Decision fromJson(JsonObject json) {
    return new Decision(json.getBoolean("allowed", false), json.getString("reason"));
  }
}
