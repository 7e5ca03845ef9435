package io.olympus.common.security;

import io.olympus.common.bus.BusClient;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** The consumers' side of {@link AuthKeys} over the auth service's addresses (through {@link BusClient}). */
public final class AuthKeysClient implements AuthKeys {

  private final BusClient bus;

  public AuthKeysClient(BusClient bus) {
    this.bus = bus;
  }

  @Override
  public Future<JsonObject> jwks() {
    return bus.request(AuthAddresses.JWKS, new JsonObject());
  }

  @Override
  public Future<Principal> verifyApiKey(String key) {
    return bus.request(AuthAddresses.VERIFY_API_KEY, new KeyRef(key).toJson()).map(Principal::fromJson);
  }
}
