package io.olympus.common.error;

import io.vertx.core.json.JsonObject;

/** One invalid input field: a JSON pointer-like name ({@code items[3].sku}) and what is wrong with it. */
public record FieldError(String field, String message) {

  public JsonObject toJson() {
    return new JsonObject().put("field", field).put("message", message);
  }
}
