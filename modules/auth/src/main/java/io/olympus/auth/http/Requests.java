package io.olympus.auth.http;

import io.olympus.auth.account.repository.RequestMeta;
import io.olympus.common.error.ValidationException;
import io.olympus.common.http.RequestIdHandler;
import io.olympus.common.net.ClientIp;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/** Small helpers shared by the auth routes: request metadata, validated body, path ids, JSON answers. */
public final class Requests {

  private Requests() {}

  /** The caller's IP ({@link ClientIp}: the TCP peer, or the forwarded client behind a trusted proxy), user agent and request id. */
  public static RequestMeta meta(RoutingContext ctx) {
    String ip = ClientIp.of(ctx);
    return new RequestMeta(ip, ctx.request().getHeader("User-Agent"), RequestIdHandler.requestId(ctx));
  }

  /** The JSON body (already validated against the contract). */
  public static JsonObject body(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    return body == null ? new JsonObject() : body;
  }

  /** A UUID path parameter; 400 naming it when malformed. */
  public static UUID pathId(RoutingContext ctx, String name) {
    try {
      return UUID.fromString(ctx.pathParam(name));
    } catch (RuntimeException e) {
      throw new ValidationException(name, "must be a UUID");
    }
  }

  public static void json(RoutingContext ctx, int status, Object body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(body instanceof JsonObject json ? json.encode() : String.valueOf(body));
  }
}
