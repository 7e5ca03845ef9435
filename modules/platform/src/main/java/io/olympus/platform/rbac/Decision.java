package io.olympus.platform.rbac;

import io.vertx.core.json.JsonObject;

/** The answer of a permission check, with the rule that decided it. */
public record Decision(boolean allowed, String reason) {

  static Decision allow(String reason) {
    return new Decision(true, reason);
  }

  static Decision deny(String reason) {
    return new Decision(false, reason);
  }

  public JsonObject toJson() {
    return new JsonObject().put("allowed", allowed).put("reason", reason);
  }
}
