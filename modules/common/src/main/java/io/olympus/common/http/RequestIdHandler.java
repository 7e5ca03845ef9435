package io.olympus.common.http;

import io.olympus.common.event.Uuids;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.util.regex.Pattern;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is sane (1–128 characters of
 * letters, digits and {@code -_.:}), otherwise a fresh UUID v7. The id is echoed in the response header,
 * stored in the request's {@link RequestContext} and so appears in every log line and problem body.
 */
public final class RequestIdHandler implements PlatformHandler {

  public static final String HEADER = "X-Request-Id";
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  @Override
  public void handle(RoutingContext ctx) {
    String given = ctx.request().getHeader(HEADER);
    String requestId = given != null && SANE.matcher(given).matches() ? given : Uuids.v7().toString();
    RequestContext.begin(requestId);
    ctx.put(HEADER, requestId);
    ctx.response().putHeader(HEADER, requestId);
    ctx.next();
  }

  /** The id of the request, also when called from a failure handler. */
  public static String requestId(RoutingContext ctx) {
    String id = ctx.get(HEADER);
    return id != null ? id : RequestContext.currentRequestId();
  }
}
