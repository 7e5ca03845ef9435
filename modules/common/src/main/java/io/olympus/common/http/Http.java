package io.olympus.common.http;

import io.olympus.common.error.ApiException;
import io.olympus.common.error.PreconditionFailedException;
import io.olympus.common.error.ValidationException;
import io.olympus.common.security.AuthenticationHandler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The request and reply helpers every service's route handlers share: the caller's tenant, ids and paging from the
 * request, the JSON body, ETags and {@code If-Match}, and JSON, created and no-content answers. Failures are the
 * common API exceptions, so the problem handler answers them as {@code application/problem+json}.
 *
 * <p>{@code If-Match} (RFC 9110 §13.1.1), one behaviour in every service: absent → no precondition; {@code *} →
 * {@link #ANY_VERSION} (the change applies to whatever version is stored; a missing resource still answers 404); an
 * entity tag naming a version ({@code "3"}, also {@code W/"3"} and a bare {@code 3}) → that version; well-formed
 * entity tags that name no version of ours ({@code "abc"}, a quoted {@code "*"}) can never match → 412; a header that
 * is not an entity-tag list at all → 400 naming {@code If-Match}.
 */
public final class Http {

  /** What {@link #ifMatch} answers for {@code If-Match: *}: any current version. */
  public static final int ANY_VERSION = 0;

  /** One entity tag: optional weak prefix, then a quoted opaque tag of etagc characters (RFC 9110 §8.8.3). */
  private static final Pattern ENTITY_TAG = Pattern.compile("(W/)?\"[\\x21\\x23-\\x7E\\x80-\\xFF]*\"");
  private static final Pattern BARE_VERSION = Pattern.compile("[0-9]{1,9}");

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
    return uuid(name, raw);
  }

  /** An optional UUID query parameter: null when absent or blank; ValidationException naming it when malformed. */
  public static UUID optionalUuidQuery(RoutingContext ctx, String name) {
    String raw = ctx.queryParams().get(name);
    return raw == null || raw.isBlank() ? null : uuid(name, raw);
  }

  /** The {@code limit} query parameter (validated by the contract), or {@code defaultLimit}. */
  public static int limit(RoutingContext ctx, int defaultLimit) {
    String raw = ctx.queryParams().get("limit");
    if (raw == null) {
      return defaultLimit;
    }
    try {
      return Integer.parseInt(raw.trim());
    } catch (NumberFormatException e) {
      throw new ValidationException("limit", "must be an integer");
    }
  }

  /** The request's JSON object body, or an empty object when there is none. */
  public static JsonObject body(RoutingContext ctx) {
    JsonObject body = ctx.body() == null || ctx.body().length() == 0 ? null : ctx.body().asJsonObject();
    return body == null ? new JsonObject() : body;
  }

  /** The strong ETag of a version: {@code "3"}. */
  public static String etag(int version) {
    return "\"" + version + "\"";
  }

  /**
   * The version an {@code If-Match} header names; {@link #ANY_VERSION} for {@code *}; null when absent. Fails with
   * PreconditionFailedException (412) for entity tags that name no version of ours, and with ValidationException
   * (400 naming {@code If-Match}) for a header that is not an entity-tag list. A list naming more than one version
   * cannot be told apart from a stale one here and answers 412.
   */
  public static Integer ifMatch(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.IF_MATCH);
    if (header == null || header.isBlank()) {
      return null;
    }
    String value = header.trim();
    if (value.equals("*")) {
      return ANY_VERSION;
    }
    if (BARE_VERSION.matcher(value).matches()) {
      return positiveOrNoMatch(Integer.parseInt(value), header);
    }
    Integer named = null;
    int versions = 0;
    int tags = 0;
    for (String member : value.split(",", -1)) {
      String tag = member.trim();
      if (tag.isEmpty()) {
        continue;
      }
      tags++;
      if (!ENTITY_TAG.matcher(tag).matches()) {
        throw new ValidationException("If-Match", "must be * or a list of entity tags, e.g. \"3\"");
      }
      String opaque = tag.substring(tag.indexOf('"') + 1, tag.length() - 1);
      if (BARE_VERSION.matcher(opaque).matches()) {
        named = Integer.parseInt(opaque);
        versions++;
      }
    }
    if (tags == 0) {
      throw new ValidationException("If-Match", "must be * or a list of entity tags, e.g. \"3\"");
    }
    if (versions != 1) {
      throw new PreconditionFailedException("If-Match " + header + " does not name a version of this resource");
    }
    return positiveOrNoMatch(named, header);
  }

  /**
   * The If-Match version ({@link #ANY_VERSION} for {@code *}), else the body's {@code version}; 428 when the request
   * carries neither.
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

  /** 428: a change that needs {@code If-Match} came without it. */
  public static ApiException preconditionRequired() {
    return new ApiException(428, "precondition-required", "Precondition Required",
        "Send If-Match with the ETag of the version you are changing");
  }

  /** A page of items: {@code {items: [...], next_cursor}}. */
  public static <T> JsonObject page(List<T> items, Function<T, JsonObject> render, String nextCursor) {
    JsonArray array = new JsonArray();
    items.forEach(item -> array.add(render.apply(item)));
    return new JsonObject().put("items", array).put("next_cursor", nextCursor);
  }

  /** A JSON answer. */
  public static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(body.toBuffer());
  }

  /** A JSON answer no cache may keep ({@code Cache-Control: no-store}): tokens, accounts, secrets. */
  public static void jsonNoStore(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    json(ctx, status, body);
  }

  /** 201 with {@code Location} and the created resource. */
  public static void created(RoutingContext ctx, String location, JsonObject body) {
    ctx.response().putHeader(HttpHeaders.LOCATION, location);
    json(ctx, 201, body);
  }

  /** 204 without a body. */
  public static void noContent(RoutingContext ctx) {
    ctx.response().setStatusCode(204).end();
  }

  private static UUID uuid(String name, String raw) {
    try {
      return UUID.fromString(raw);
    } catch (IllegalArgumentException e) {
      throw new ValidationException(name, "must be a UUID");
    }
  }

  private static int positiveOrNoMatch(int version, String header) {
    if (version < 1) {
      throw new PreconditionFailedException("If-Match " + header + " does not name a version of this resource");
    }
    return version;
  }
}
