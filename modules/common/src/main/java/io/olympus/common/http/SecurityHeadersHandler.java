package io.olympus.common.http;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;

/**
 * Adds security headers to every response, error answers included: nosniff, no framing, no referrer,
 * a Content-Security-Policy that allows nothing for the JSON API (a relaxed one for Swagger UI under
 * {@code /docs}), and {@code Cache-Control: no-store} on API answers.
 */
public final class SecurityHeadersHandler implements PlatformHandler {

  static final String API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
  static final String DOCS_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
      + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'none'";

  @Override
  public void handle(RoutingContext ctx) {
    boolean docs = ctx.normalizedPath().startsWith(SwaggerUi.PATH);
    ctx.addHeadersEndHandler(v -> {
      MultiMap headers = ctx.response().headers();
      headers.set("X-Content-Type-Options", "nosniff");
      headers.set("X-Frame-Options", "DENY");
      headers.set("Referrer-Policy", "no-referrer");
      headers.set("Cross-Origin-Resource-Policy", "same-origin");
      headers.set("Content-Security-Policy", docs ? DOCS_CSP : API_CSP);
      if (!docs) {
        headers.set("Cache-Control", "no-store");
      }
    });
    ctx.next();
  }
}
