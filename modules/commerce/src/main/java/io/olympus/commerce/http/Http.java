package io.olympus.commerce.http;

import io.olympus.commerce.event.AuditActor;
import io.olympus.commerce.support.Versions;
import io.olympus.common.error.ApiException;
import io.olympus.common.error.PreconditionFailedException;
import io.olympus.common.error.ValidationException;
import io.olympus.common.http.RequestIdHandler;
import io.olympus.common.net.ClientIp;
import io.olympus.common.security.AuthenticationHandler;
import io.olympus.common.security.Principal;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/** Small request/response helpers shared by the commerce route handlers. */
public final class Http {

  private Http() {}

  /** The caller's tenant: always from the authenticated principal, never from the request. */
  public static UUID tenant(RoutingContext ctx) {
    return AuthenticationHandler.principal(ctx).tenantId();
  }

  /** A path or query parameter that must be a UUID; ValidationException naming it otherwise. */
  public static UUID uuidParam(RoutingContext ctx, String name) {
    String raw = ctx.pathParam(name) != null ? ctx.pathParam(name) : ctx.queryParams().get(name);
    if (raw == null || raw.isBlank()) {
      throw new ValidationException(name, "is required");
    }
    try {
      return UUID.fromString(raw);
    } catch (IllegalArgumentException e) {
      throw new ValidationException(name, "must be a UUID");
    }
  }

  /** The request's JSON object body, or an empty object when there is none. */
  public static JsonObject body(RoutingContext ctx) {
    JsonObject body = ctx.body() == null || ctx.body().length() == 0 ? null : ctx.body().asJsonObject();
    return body == null ? new JsonObject() : body;
  }

  public static String etag(int version) {
    return "\"" + version + "\"";
  }

  /**
   * The version an {@code If-Match} header names ({@code "3"} or {@code W/"3"}); {@link Versions#ANY_VERSION}
   * for {@code *} (any current version: the change applies to whatever version is stored, and a missing resource
   * still answers 404); null when absent. An ETag that is not one of ours can never match:
   * PreconditionFailedException.
   */
  public static Integer ifMatch(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.IF_MATCH);
    if (header == null || header.isBlank()) {
      return null;
    }
    String tag = header.trim();
    if (tag.equals("*")) {
      return Versions.ANY_VERSION;
    }
    if (tag.startsWith("W/")) {
      tag = tag.substring(2);
    }
    if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
      tag = tag.substring(1, tag.length() - 1);
    }
    try {
      int version = Integer.parseInt(tag);
      if (version < 1) {
        throw new NumberFormatException();
      }
      return version;
    } catch (NumberFormatException e) {
      throw new PreconditionFailedException("If-Match " + header + " does not name a version of this resource");
    }
  }

  /**
   * The If-Match version ({@link Versions#ANY_VERSION} for {@code *}), else the body's {@code version}; 428
   * when the request carries neither.
   */
  public static int requiredVersion(RoutingContext ctx, JsonObject body) {
    Integer version = ifMatch(ctx);
    if (version != null) {
      return version;
    }
    Object fromBody = body.getValue("version");
    if (fromBody instanceof Integer i && i >= 1) {
      return i;
    }
    if (fromBody != null) {
      throw new ValidationException("version", "must be a positive integer");
    }
    throw preconditionRequired();
  }

  public static ApiException preconditionRequired() {
    return new ApiException(428, "precondition-required", "Precondition Required",
        "Send If-Match with the ETag of the version you are changing");
  }

  public static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(body.toBuffer());
  }

  public static void created(RoutingContext ctx, String location, JsonObject body) {
    ctx.response().putHeader(HttpHeaders.LOCATION, location);
    json(ctx, 201, body);
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
