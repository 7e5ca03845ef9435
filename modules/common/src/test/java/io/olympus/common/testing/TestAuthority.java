package io.olympus.common.testing;

import io.olympus.common.config.OlympusConfig;
import io.olympus.common.error.UnauthorizedException;
import io.olympus.common.event.Uuids;
import io.olympus.common.security.AuthKeys;
import io.olympus.common.security.AuthKeysBusAdapter;
import io.olympus.common.security.Principal;
import io.olympus.common.security.TestTokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.KeyPair;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The shared fake of the auth service's {@link AuthKeys}, for module tests that cannot deploy the auth service (domain
 * modules do not depend on each other): it answers {@code auth.jwks} with its public key and {@code auth.api_keys.verify}
 * for the API keys it {@link #apiKey issued}, through the real {@link AuthKeysBusAdapter}, and mints RS256 access tokens
 * with the issuer and audience the services expect. The services verify them with their real verifier. Checked against
 * the auth service by the same {@code AuthKeysContract} suite. Cross-service tests with the real auth service live in
 * modules/app.
 */
public final class TestAuthority implements AuthKeys {

  public static final String KID = "test-authority-key";
  /** One key pair for every authority of the test JVM (RSA key generation is slow). */
  private static final KeyPair KEYS = TestTokens.newRsaKeyPair();

  private final OlympusConfig.Tokens settings;
  private final Map<String, Principal> apiKeys = new ConcurrentHashMap<>();

  public TestAuthority(OlympusConfig config) {
    this.settings = config.tokens();
  }

  /** Starts answering {@code auth.jwks} and {@code auth.api_keys.verify}. */
  public Future<Void> start(Vertx vertx) {
    return AuthKeysBusAdapter.register(vertx, this).completion();
  }

  @Override
  public Future<JsonObject> jwks() {
    return Future.succeededFuture(TestTokens.jwks(KID, KEYS));
  }

  @Override
  public Future<Principal> verifyApiKey(String key) {
    Principal principal = key == null ? null : apiKeys.get(key);
    return principal != null && (principal.expiresAt() == null || Instant.now().isBefore(principal.expiresAt()))
        ? Future.succeededFuture(principal)
        : Future.failedFuture(new UnauthorizedException("Invalid API key"));
  }

  /** A new API key of {@code userId} in {@code tenantId} granting {@code scopes}. */
  public String apiKey(UUID tenantId, UUID userId, List<String> scopes) {
    byte[] secret = new byte[20];
    ThreadLocalRandom.current().nextBytes(secret);
    String key = "olym_" + HexFormat.of().formatHex(secret, 0, 8) + "_" + HexFormat.of().formatHex(secret, 8, 20);
    apiKeys.put(key, new Principal(userId, tenantId, null, List.of(), scopes, List.of(Principal.API_KEY_AMR), false,
        Uuids.v7().toString(), null));
    return key;
  }

  /** The key stops verifying. */
  public void revoke(String apiKey) {
    apiKeys.remove(apiKey);
  }

  /** An access token of {@code userId} in {@code tenantId} with a fresh session. */
  public String token(UUID tenantId, UUID userId, List<String> roles) {
    Instant now = Instant.now();
    JsonObject claims = new JsonObject()
        .put("iss", settings.issuer())
        .put("aud", settings.audience())
        .put("sub", userId.toString())
        .put("tid", tenantId.toString())
        .put("sid", Uuids.v7().toString())
        .put("roles", new JsonArray(roles))
        .put("amr", new JsonArray().add("pwd"))
        .put("email_verified", true)
        .put("typ", "at+jwt")
        .put("jti", Uuids.v7().toString())
        .put("iat", now.getEpochSecond())
        .put("exp", now.plusSeconds(900).getEpochSecond());
    return TestTokens.rs256(new JsonObject().put("typ", "at+jwt").put("kid", KID), claims, KEYS);
  }

  /** {@code Authorization} header value for {@link #token}. */
  public String bearer(UUID tenantId, UUID userId, List<String> roles) {
    return "Bearer " + token(tenantId, userId, roles);
  }
}
