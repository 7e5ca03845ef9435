package io.olympus.auth.token.http;

import io.olympus.auth.token.service.SigningKeyService;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** {@code GET /.well-known/jwks.json}: the public keys of every signing key whose tokens may still be valid. */
public final class JwksRoutes {

  private final SigningKeyService signingKeys;

  public JwksRoutes(SigningKeyService signingKeys) {
    this.signingKeys = signingKeys;
  }

  public void bind(RouterBuilder builder) {
    builder.getRoute("getJwks").addHandler(this::getJwks);
  }

  private void getJwks(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "public, max-age=300")
        .end(signingKeys.jwks().encode());
  }
}
