package io.olympus.commerce.http;

import io.olympus.commerce.event.AuditActor;
import io.olympus.common.error.ApiException;
import io.olympus.common.http.RequestIdHandler;
import io.olympus.common.net.ClientIp;
import io.olympus.common.security.AuthenticationHandler;
import io.olympus.common.security.Principal;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/**
 * The commerce route handlers' helpers. Every method but {@link #attachAuditActor} delegates to the shared kit,
 * {@link io.olympus.common.http.Http}, which has the same names and signatures (and the one {@code If-Match}
 * behaviour of every service), so a route class moves to the kit by changing its import. New code should use the kit.
 */
public final class Http {

  private Http() {}

  /** The caller's tenant: always from the authenticated principal, never from the request. */
  public static UUID tenant(RoutingContext ctx) {
    return io.olympus.common.http.Http.tenant(ctx);
  }

  /** A path or query parameter that must be a UUID; ValidationException naming it otherwise. */
  public static UUID uuidParam(RoutingContext ctx, String name) {
    return io.olympus.common.http.Http.uuidParam(ctx, name);
  }

  /** The request's JSON object body, or an empty object when there is none. */
  public static JsonObject body(RoutingContext ctx) {
    return io.olympus.common.http.Http.body(ctx);
  }

  public static String etag(int version) {
    return io.olympus.common.http.Http.etag(version);
  }

  /** See {@link io.olympus.common.http.Http#ifMatch}: {@code *} is {@link io.olympus.commerce.support.Versions#ANY_VERSION}. */
  public static Integer ifMatch(RoutingContext ctx) {
    return io.olympus.common.http.Http.ifMatch(ctx);
  }

  /** See {@link io.olympus.common.http.Http#requiredVersion}. */
  public static int requiredVersion(RoutingContext ctx, JsonObject body) {
    return io.olympus.common.http.Http.requiredVersion(ctx, body);
  }

  public static ApiException preconditionRequired() {
    return io.olympus.common.http.Http.preconditionRequired();
  }

  public static void json(RoutingContext ctx, int status, JsonObject body) {
    io.olympus.common.http.Http.json(ctx, status, body);
  }

  public static void created(RoutingContext ctx, String location, JsonObject body) {
    io.olympus.common.http.Http.created(ctx, location, body);
  }

  /** Route step for mutating operations: records who acts, so the change is audited in its transaction. */
  public static void attachAuditActor(RoutingContext ctx) {
    Principal principal = AuthenticationHandler.principal(ctx);
    String actorType = principal.isApiKey() ? "api_key" : "user";
    String actorId = principal.userId() != null ? principal.userId().toString() : principal.tokenId();
    String ip = ClientIp.of(ctx);
    new AuditActor(actorType, actorId, ip, RequestIdHandler.requestId(ctx)).attach();
    ctx.next();
  }
}
