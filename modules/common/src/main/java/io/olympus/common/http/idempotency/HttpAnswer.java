package io.olympus.common.http.idempotency;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An HTTP answer as data: status, the headers that matter to a client retrying the request ({@code Location},
 * {@code Content-Type}, {@code ETag}, ...) and the body bytes. {@link Idempotency} stores it with the change that
 * produced it and replays it byte for byte.
 */
public record HttpAnswer(int status, Map<String, String> headers, Buffer body) {

  public HttpAnswer {
    headers = Map.copyOf(headers);
    body = body == null ? Buffer.buffer() : body;
  }

  /** {@code status} with a JSON body. */
  public static HttpAnswer json(int status, JsonObject body) {
    return new HttpAnswer(status, Map.of(HttpHeaders.CONTENT_TYPE.toString(), "application/json"), body.toBuffer());
  }

  /** 201 with {@code Location} and a JSON body. */
  public static HttpAnswer created(String location, JsonObject body) {
    return json(201, body).withHeader(HttpHeaders.LOCATION.toString(), location);
  }

  /** This answer with one more header (replacing one of the same name). */
  public HttpAnswer withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, Objects.requireNonNull(value));
    return new HttpAnswer(status, more, body);
  }

  /** Sends the answer. */
  public void send(RoutingContext ctx) {
    HttpServerResponse response = ctx.response().setStatusCode(status);
    headers.forEach(response::putHeader);
    response.end(body);
  }

  JsonObject headersJson() {
    return new JsonObject(new LinkedHashMap<>(headers));
  }
}
