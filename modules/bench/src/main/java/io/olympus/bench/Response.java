package io.olympus.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/** Status and body of one answer. */
public record Response(int status, Buffer body) {

  public boolean ok() {
    return status >= 200 && status < 300;
  }

  /** 404, 405 and 501 mean the endpoint is not there (yet). */
  public boolean missing() {
    return status == 404 || status == 405 || status == 501;
  }

  public JsonObject json() {
    return body == null || body.length() == 0 ? new JsonObject() : body.toJsonObject();
  }
}
