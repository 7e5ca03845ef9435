package io.olympus.auth.token.service;

import io.olympus.auth.config.AuthConfig;
import io.olympus.common.error.UnavailableException;
import io.olympus.common.event.Uuids;
import io.olympus.common.security.TokenVerifier;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Issues access tokens (JWT signed RS256 or ES256, {@code AUTH_ACCESS_TOKEN_TTL_SECONDS}, default 15 min) with the active
 * signing key. Claims: {@code sub} (user), {@code tid} (tenant), {@code sid} (session), {@code roles},
 * {@code scope} (space separated, when any), {@code email_verified}, {@code amr}, {@code iss}, {@code aud},
 * {@code iat}, {@code exp}, {@code jti} and {@code typ}={@code at+jwt} (a claim: the JWT library fixes the
 * header {@code typ} to {@code JWT}); header {@code kid}.
 *
 * <p>An RS256 signature costs about 1–2 ms of CPU (an RSA private-key operation; ES256 about half of that but its
 * verification, done by every service, ten times RS256's). {@link #sign} does it on a small worker pool
 * ({@value #POOL_NAME}, one thread per core) rather than on the event loop: the event loop serves other requests
 * meanwhile, and a sign-in's database round trips run while its token is being signed.
 */
public final class AccessTokenIssuer {

  /** The worker pool {@link #sign} runs on (shared by name within the process; in metrics as {@code pool_name}). */
  public static final String POOL_NAME = "olympus-auth-signing";

  private final SigningKeyService keys;
  private final AuthConfig config;
  private final Clock clock;
  private final WorkerExecutor signer;

  public AccessTokenIssuer(Vertx vertx, SigningKeyService keys, AuthConfig config, Clock clock) {
    this.keys = keys;
    this.config = config;
    this.clock = clock;
    this.signer = vertx.createSharedWorkerExecutor(POOL_NAME, Math.max(1, Runtime.getRuntime().availableProcessors()),
        10, TimeUnit.SECONDS);
  }

  /**
   * Signs a token for {@code claims} on the signing pool; the future completes on the caller's context. Fails with
   * {@link UnavailableException} when no signing key is active.
   */
  public Future<IssuedAccessToken> sign(AccessTokenClaims claims) {
    return signer.executeBlocking(() -> issue(claims), false);
  }

  /**
   * Signs a token for {@code claims} on the calling thread (not for an event loop: see {@link #sign}); throws
   * {@link UnavailableException} when no signing key is active.
   */
  public IssuedAccessToken issue(AccessTokenClaims claims) {
    SigningKey key = keys.activeKey()
        .orElseThrow(() -> new UnavailableException("No active token signing key", 1));
    Instant now = clock.instant();
    Instant expiresAt = now.plus(config.accessTokenTtl());
    String jti = Uuids.v7().toString();
    JsonObject payload = new JsonObject()
        .put("iss", config.issuer())
        .put("aud", config.audience())
        .put("sub", claims.userId().toString())
        .put("tid", claims.tenantId().toString())
        .put("sid", claims.sessionId().toString())
        .put("roles", new JsonArray(claims.roles()))
        .put("email_verified", claims.emailVerified())
        .put("amr", new JsonArray(claims.amr()))
        .put("typ", TokenVerifier.ACCESS_TOKEN_TYPE)
        .put("jti", jti)
        .put("iat", now.getEpochSecond())
        .put("exp", expiresAt.getEpochSecond());
    if (!claims.scopes().isEmpty()) {
      payload.put("scope", String.join(" ", claims.scopes()));
    }
    JWTOptions options = new JWTOptions()
        .setAlgorithm(key.algorithm())
        .setNoTimestamp(true);
    String token = key.signer().generateToken(payload, options);
    return new IssuedAccessToken(token, jti, key.kid(), Instant.ofEpochSecond(expiresAt.getEpochSecond()));
  }
}
