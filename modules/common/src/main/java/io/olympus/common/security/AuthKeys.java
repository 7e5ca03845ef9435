package io.olympus.common.security;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The auth service's key contract, what every service needs to authenticate callers: the signing keys of access tokens
 * and the verification of API keys. Implemented by the auth service (served on the bus by {@link AuthKeysBusAdapter}),
 * by {@link AuthKeysClient} for the consumers, and by the shared fake in common's test-jar ({@code TestAuthority}).
 *
 * <p>Wire format (failure code = HTTP status, message = JSON problem, {@code io.olympus.common.bus.BusErrors}):
 * <ul>
 *   <li>{@link AuthAddresses#JWKS}: request {@code {}}; reply the JWKS (RFC 7517) {@code {"keys": [{kty, kid, use: "sig",
 *       alg, n, e} | {kty: "EC", crv, x, y, kid, use, alg}]}} of every key whose tokens may still be live.</li>
 *   <li>{@link AuthAddresses#VERIFY_API_KEY}: request {@code {"key": "olym_…"}} ({@link KeyRef}); reply the key's
 *       principal {@code {user_id, tenant_id, session_id: null, roles, scopes, amr: ["api_key"], email_verified,
 *       token_id, expires_at}} ({@link Principal#toJson()}); 401 for an unknown, malformed, revoked or expired key,
 *       and for a missing {@code key}.</li>
 * </ul>
 */
public interface AuthKeys {

  /** The JWKS document of every signing key whose tokens may still be live. */
  Future<JsonObject> jwks();

  /** The key's principal; fails with UnauthorizedException for an unknown, revoked or expired key. */
  Future<Principal> verifyApiKey(String key);

  /** The request of {@link AuthAddresses#VERIFY_API_KEY}. */
  record KeyRef(String key) {

    public JsonObject toJson() {
      return new JsonObject().put("key", key);
    }

    /** A missing or non-text key decodes as null (refused 401 by the service, as any bad key). */
    public static KeyRef fromJson(JsonObject json) {
      return new KeyRef(json.getValue("key") instanceof String key ? key : null);
    }
  }
}
