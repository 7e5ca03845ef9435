package io.olympus.common.security;

import io.olympus.common.bus.BusEndpoints;
import io.vertx.core.Vertx;

/** Serves {@link AuthAddresses#JWKS} and {@link AuthAddresses#VERIFY_API_KEY} from an {@link AuthKeys} (wire format there). */
public final class AuthKeysBusAdapter {

  private AuthKeysBusAdapter() {}

  /** Registers the consumers; unregister the returned handle to stop. */
  public static BusEndpoints.Registration register(Vertx vertx, AuthKeys keys) {
    return BusEndpoints.on(vertx)
        .serve(AuthAddresses.JWKS, body -> keys.jwks())
        .serve(AuthAddresses.VERIFY_API_KEY, body -> keys.verifyApiKey(AuthKeys.KeyRef.fromJson(body).key())
            .map(Principal::toJson))
        .registration();
  }
}
