package io.olympus.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

/** One HTTP request to 127.0.0.1: method, port, URI, optional bearer token and JSON body. */
public record Request(HttpMethod method, int port, String uri, String bearer, Buffer body) {

  public static Request get(int port, String uri, String bearer) {
    return new Request(HttpMethod.GET, port, uri, bearer, null);
  }

  public static Request post(int port, String uri, String bearer, JsonObject body) {
    return new Request(HttpMethod.POST, port, uri, bearer, body.toBuffer());
  }
}
