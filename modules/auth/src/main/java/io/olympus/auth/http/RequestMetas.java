package io.olympus.auth.http;

import io.olympus.auth.account.repository.RequestMeta;
import io.olympus.common.http.RequestIdHandler;
import io.olympus.common.net.ClientIp;
import io.vertx.ext.web.RoutingContext;

/**
 * Where an auth request came from ({@link RequestMeta}, recorded with security events, audit entries and devices). The
 * one request helper auth keeps for itself: bodies, ids and answers come from the shared kit,
 * {@link io.olympus.common.http.Http}.
 */
public final class RequestMetas {

  private RequestMetas() {}

  /**
   * The caller's IP ({@link ClientIp}: the TCP peer, or the forwarded client behind a trusted proxy), user agent and
   * request id.
   */
  public static RequestMeta of(RoutingContext ctx) {
    return new RequestMeta(ClientIp.of(ctx), ctx.request().getHeader("User-Agent"), RequestIdHandler.requestId(ctx));
  }
}
