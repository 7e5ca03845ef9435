package io.olympus.auth;

import io.olympus.auth.apikey.service.ApiKeyService;
import io.olympus.auth.token.service.SigningKeyService;
import io.olympus.common.security.AuthKeys;
import io.olympus.common.security.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** Auth's side of {@link AuthKeys}: the JWKS of the live signing keys and API-key verification. */
final class AuthKeysEndpoint implements AuthKeys {

  private final SigningKeyService signingKeys;
  private final ApiKeyService apiKeys;

  AuthKeysEndpoint(SigningKeyService signingKeys, ApiKeyService apiKeys) {
    this.signingKeys = signingKeys;
    this.apiKeys = apiKeys;
  }

  @Override
  public Future<JsonObject> jwks() {
    return Future.succeededFuture(signingKeys.jwks());
  }

  @Override
  public Future<Principal> verifyApiKey(String key) {
    return apiKeys.verify(key);
  }
}
