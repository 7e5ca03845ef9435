package io.olympus.common.http;

import io.olympus.common.error.ApiException;
import io.olympus.common.error.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Builds RFC 9457 problem documents with the stable {@code urn:olympus:problem:<slug>} types. */
public final class Problems {

  public static final String CONTENT_TYPE = "application/problem+json";
  public static final String TYPE_PREFIX = "urn:olympus:problem:";

  private Problems() {}

  /** The problem body for one answer; {@code errors} is written only when non-empty. */
  public static JsonObject body(int status, String slug, String title, String detail, String instance,
      String requestId, List<FieldError> errors) {
    JsonObject body = new JsonObject()
        .put("type", TYPE_PREFIX + slug)
        .put("title", title)
        .put("status", status);
    if (detail != null) {
      body.put("detail", detail);
    }
    body.put("instance", instance);
    if (requestId != null) {
      body.put("request_id", requestId);
    }
    if (!errors.isEmpty()) {
      JsonArray list = new JsonArray();
      errors.forEach(e -> list.add(e.toJson()));
      body.put("errors", list);
    }
    return body;
  }

  /** The problem body for a known failure. */
  public static JsonObject body(ApiException e, String instance, String requestId) {
    JsonObject body = body(e.status(), e.type(), e.title(), e.detail(), instance, requestId, e.errors());
    e.extensions().forEach(member -> body.getMap().putIfAbsent(member.getKey(), member.getValue()));
    return body;
  }
}
