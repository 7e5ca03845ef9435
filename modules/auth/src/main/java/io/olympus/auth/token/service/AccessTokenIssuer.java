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
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * Issues access tokens (JWT signed RS256 or ES256, {@code AUTH_ACCESS_TOKEN_TTL_SECONDS}, default 15 min) with the active
 * signing key. Claims: {@code sub} (user), {@code tid} (tenant), {@code sid} (session), {@code roles},
 * {@code scope} (space separated, when any), {@code email_verified}, {@code amr}, {@code iss}, {@code aud},
 * {@code iat}, {@code exp}, {@code jti} (and {@code typ}={@code at+jwt} as a claim, for verifiers that look there);
 * header {@code alg}, {@code typ}={@code at+jwt} (RFC 9068 §2.1) and {@code kid}. The compact JWS is built and signed
 * here (the JWT library would fix the header {@code typ} to {@code JWT}).
 *
 * <p>An RS256 signature costs about 1–2 ms of CPU (an RSA private-key operation; ES256 about half of that but its
 * verification, done by every service, ten times RS256's). {@link #sign} does it on a small worker pool
 * ({@value #POOL_NAME}, one thread per core) rather than on the event loop: the event loop serves other requests
 * meanwhile, and a sign-in's database round trips run while its token is being signed.
 */
public final class AccessTokenIssuer {

  /** The worker pool {@link #sign} runs on (shared by name within the process; in metrics as {@code pool_name}). */
  public static final String POOL_NAME = "olympus-auth-signing";
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

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
    String token = compactJws(key, payload);
    return new IssuedAccessToken(token, jti, key.kid(), Instant.ofEpochSecond(expiresAt.getEpochSecond()));
  }

  /** {@code base64url(header).base64url(payload).base64url(signature)} with header {@code typ: at+jwt}. */
  static String compactJws(SigningKey key, JsonObject payload) {
    JsonObject header = new JsonObject()
        .put("alg", key.algorithm())
        .put("typ", TokenVerifier.ACCESS_TOKEN_TYPE)
        .put("kid", key.kid());
    String signingInput = B64URL.encodeToString(header.encode().getBytes(StandardCharsets.UTF_8)) + "."
        + B64URL.encodeToString(payload.encode().getBytes(StandardCharsets.UTF_8));
    try {
      // JWS ES256 wants the raw R || S signature (P1363), not DER
      Signature signature = Signature.getInstance(key.algorithm().equals("RS256") ? "SHA256withRSA"
          : "SHA256withECDSAinP1363Format");
      signature.initSign(key.privateKey());
      signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + B64URL.encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with key " + key.kid(), e);
    }
  }
}
