package io.olympus.common.security;

import io.olympus.common.bus.BusClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** The consumers' side of {@link AuthKeys} over the auth service's addresses (through {@link BusClient}). */
public final class AuthKeysClient implements AuthKeys {

  private final Vertx vertx;

  public AuthKeysClient(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public Future<JsonObject> jwks() {
    return BusClient.of(vertx).request(AuthAddresses.JWKS, new JsonObject());
  }

  @Override
  public Future<Principal> verifyApiKey(String key) {
    return BusClient.of(vertx).request(AuthAddresses.VERIFY_API_KEY, new KeyRef(key).toJson()).map(Principal::fromJson);
  }
}
