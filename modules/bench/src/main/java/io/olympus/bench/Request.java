package io.olympus.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/** One HTTP request to 127.0.0.1: method, port, URI, optional bearer token, JSON body and extra headers. */
public record Request(HttpMethod method, int port, String uri, String bearer, Buffer body, Map<String, String> headers) {

  public Request(HttpMethod method, int port, String uri, String bearer, Buffer body) {
    this(method, port, uri, bearer, body, Map.of());
  }

  public static Request get(int port, String uri, String bearer) {
    return new Request(HttpMethod.GET, port, uri, bearer, null);
  }

  public static Request post(int port, String uri, String bearer, JsonObject body) {
    return new Request(HttpMethod.POST, port, uri, bearer, body.toBuffer());
  }

  /** This request with one more header (such as {@code Idempotency-Key}). */
  public Request withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new Request(method, port, uri, bearer, body, more);
  }
}
