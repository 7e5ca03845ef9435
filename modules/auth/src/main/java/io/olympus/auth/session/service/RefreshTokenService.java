package io.olympus.auth.session.service;

import io.olympus.auth.config.AuthConfig;
import io.olympus.auth.session.repository.RefreshTokenRepository;
import io.olympus.auth.session.repository.RefreshTokenState;
import io.olympus.auth.token.service.AccessTokenClaims;
import io.olympus.auth.token.service.AccessTokenIssuer;
import io.olympus.auth.token.service.IssuedAccessToken;
import io.olympus.common.crypto.SecretEncryption;
import io.olympus.common.db.Tenancy;
import io.olympus.common.error.UnauthorizedException;
import io.olympus.common.event.Uuids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refresh tokens with rotation and theft detection (OAuth 2.0 Security BCP §4.14.2).
 *
 * <ul>
 *   <li>A token is {@code ort_} + 32 random bytes (base64url); only its SHA-256 is stored.</li>
 *   <li>Sign-in opens a family (one per session) that dies {@code AUTH_REFRESH_TOKEN_TTL_DAYS} (30) after sign-in,
 *       whatever the refreshes.</li>
 *   <li>Every refresh rotates: the presented token is marked rotated, a new token (generation + 1) and a new
 *       access token are issued.</li>
 *   <li>Presenting a rotated token again revokes the whole family (and the session, in Redis, so its access tokens
 *       stop working at once) — except within the grace window ({@code AUTH_REFRESH_REUSE_GRACE_SECONDS}, 10 s)
 *       after its rotation, and only while its successor has not itself been rotated: then the very pair issued
 *       by that rotation is returned again, so two concurrent refreshes by one client (two tabs, a retry after a
 *       lost response) both succeed with the same pair.</li>
 * </ul>
 *
 * <p>To return the same pair, the rotation keeps it in the old token's row, AES-256-GCM encrypted under
 * HMAC-SHA256(AUTH_KEY_ENCRYPTION_KEY, old token): only a request presenting the old token can open it, never a
 * database dump. It is forgotten at the family's next rotation after the window. Concurrent refreshes of a family
 * are serialised by a row lock on the family, inside one tenant transaction as the runtime role.
 */
public final class RefreshTokenService {

  static final String TOKEN_PREFIX = "ort_";
  static final String REASON_REUSE = "reuse";
  static final String REASON_SIGN_OUT = "sign_out";

  private static final Logger LOG = LoggerFactory.getLogger(RefreshTokenService.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
  private static final byte[] SUCCESSOR_LABEL = "olympus/refresh-successor/v1:".getBytes(StandardCharsets.US_ASCII);

  private final Pool pool;
  private final RefreshTokenRepository repository;
  private final AccessTokenIssuer accessTokens;
  private final SessionRevoker sessionRevoker;
  private final AuthConfig config;
  private final Clock clock;

  /** Marks a session revoked for the services' token verifiers (e.g. {@code RedisSessionRevocations::revoke}). */
  @FunctionalInterface
  public interface SessionRevoker {
    SessionRevoker NONE = (sessionId, remaining) -> Future.succeededFuture();

    Future<Void> revoke(UUID sessionId, Duration remainingTokenLife);
  }

  public RefreshTokenService(Pool pool, RefreshTokenRepository repository, AccessTokenIssuer accessTokens,
      SessionRevoker sessionRevoker, AuthConfig config, Clock clock) {
    this.pool = pool;
    this.repository = repository;
    this.accessTokens = accessTokens;
    this.sessionRevoker = sessionRevoker;
    this.config = config;
    this.clock = clock;
  }

  /**
   * Starts a new family for a fresh sign-in: its access token is signed at once on the signing pool
   * ({@link AccessTokenIssuer#sign}) while the caller opens its transaction, and {@link NewFamily#storeIn} writes the
   * family's rows in that transaction. The pair is only good once the caller's transaction commits.
   */
  public NewFamily open(UUID tenantId, UUID userId, UUID sessionId, List<String> roles, boolean emailVerified,
      List<String> amr) {
    Future<IssuedAccessToken> access = accessTokens.sign(
        new AccessTokenClaims(userId, tenantId, sessionId, roles, List.of(), amr, emailVerified));
    return new NewFamily(tenantId, userId, sessionId, amr, clock.instant(), access);
  }

  /** A family being opened: its access token is being signed; nothing is stored until {@link #storeIn}. */
  public final class NewFamily {

    private final UUID tenantId;
    private final UUID userId;
    private final UUID sessionId;
    private final List<String> amr;
    private final Instant now;
    private final Future<IssuedAccessToken> access;

    private NewFamily(UUID tenantId, UUID userId, UUID sessionId, List<String> amr, Instant now,
        Future<IssuedAccessToken> access) {
      this.tenantId = tenantId;
      this.userId = userId;
      this.sessionId = sessionId;
      this.amr = amr;
      this.now = now;
      this.access = access;
    }

    /**
     * Writes the family and its first refresh token through {@code conn} (a transaction of the caller's, its tenant
     * set), the two rows sent one behind the other without waiting (the connection runs them in order), and
     * completes with the pair once they are written and the access token is signed. Fails when either fails.
     */
    public Future<TokenPair> storeIn(SqlConnection conn) {
      Instant familyExpiresAt = now.plus(config.refreshTokenTtl()).truncatedTo(ChronoUnit.SECONDS);
      UUID familyId = Uuids.v7();
      String refreshToken = newToken();
      Future<?> family = repository.insertFamily(conn, familyId, tenantId, userId, sessionId, amr, now, familyExpiresAt);
      Future<?> first = repository.insertToken(conn, hash(refreshToken), tenantId, familyId, 0, now);
      return Future.all(access, family, first)
          .map(stored -> new TokenPair(access.result().token(), access.result().expiresAt(), refreshToken,
              familyExpiresAt, sessionId));
    }
  }

  /**
   * Exchanges a refresh token for a new pair. Fails with {@link UnauthorizedException} for an unknown (or other
   * tenant's), expired or revoked token, and for the reuse of a rotated token outside the grace window — which
   * also revokes its family and session.
   */
  public Future<TokenPair> refresh(UUID tenantId, String refreshToken) {
    if (refreshToken == null || !refreshToken.startsWith(TOKEN_PREFIX) || refreshToken.length() > 128) {
      return Future.failedFuture(new UnauthorizedException("Invalid refresh token"));
    }
    byte[] tokenHash = hash(refreshToken);
    return Tenancy.inTenant(pool, tenantId, conn -> repository.lockAndFind(conn, tokenHash, tenantId)
            .compose(state -> state.isEmpty()
                ? Future.succeededFuture(Outcome.refused("Invalid refresh token"))
                : decide(conn, tenantId, refreshToken, tokenHash, state.get())))
        .compose(this::complete);
  }

  /**
   * The user of a refresh token of the tenant, whatever its state (rotated, revoked): for the security event of a
   * detected reuse. Empty for an unknown (or another tenant's) token.
   */
  public Future<Optional<UUID>> userOf(UUID tenantId, String refreshToken) {
    if (refreshToken == null || !refreshToken.startsWith(TOKEN_PREFIX) || refreshToken.length() > 128) {
      return Future.succeededFuture(Optional.empty());
    }
    byte[] tokenHash = hash(refreshToken);
    return Tenancy.inTenant(pool, tenantId, conn -> repository.lockAndFind(conn, tokenHash, tenantId))
        .map(state -> state.map(RefreshTokenState::userId));
  }

  /** Revokes every refresh token of a session and the session itself (sign-out). */
  public Future<Void> revokeSession(UUID tenantId, UUID sessionId) {
    return Tenancy.inTenant(pool, tenantId, conn -> repository.revokeSession(conn, tenantId, sessionId, REASON_SIGN_OUT, clock.instant()))
        .compose(count -> sessionRevoker.revoke(sessionId, revocationLife()));
  }

  private Future<Outcome> decide(SqlConnection conn, UUID tenantId, String refreshToken, byte[] tokenHash, RefreshTokenState state) {
    Instant now = clock.instant();
    if (state.revoked()) {
      return Future.succeededFuture(Outcome.refused("Refresh token revoked"));
    }
    if (!now.isBefore(state.familyExpiresAt())) {
      return Future.succeededFuture(Outcome.refused("Refresh token expired"));
    }
    if (!state.rotated()) {
      return rotate(conn, tenantId, refreshToken, tokenHash, state, now);
    }
    boolean inGrace = now.isBefore(state.rotatedAt().plus(config.refreshReuseGrace()))
        && state.generation() == state.familyGeneration() - 1
        && state.successorEnc() != null;
    if (inGrace) {
      TokenPair same = openSuccessor(refreshToken, tokenHash, state.successorEnc());
      return Future.succeededFuture(Outcome.issued(same));
    }
    LOG.warn("Refresh token reuse detected: family {} of session {} (tenant {}) revoked", state.familyId(), state.sessionId(), tenantId);
    return repository.revokeFamily(conn, tenantId, state.familyId(), REASON_REUSE, now)
        .map(revoked -> Outcome.reused(state.sessionId()));
  }

  private Future<Outcome> rotate(SqlConnection conn, UUID tenantId, String refreshToken, byte[] tokenHash,
      RefreshTokenState state, Instant now) {
    String next = newToken();
    // signed on the signing pool, not on the event loop; the family's row stays locked meanwhile
    return accessTokens.sign(new AccessTokenClaims(state.userId(), tenantId, state.sessionId(), state.roles(), List.of(),
            state.amr(), state.emailVerified()))
        .compose(access -> {
          TokenPair pair = new TokenPair(access.token(), access.expiresAt(), next, state.familyExpiresAt(),
              state.sessionId());
          byte[] successorEnc = sealSuccessor(refreshToken, tokenHash, pair);
          int nextGeneration = state.familyGeneration() + 1;
          Instant forgetBefore = now.minus(config.refreshReuseGrace());
          return repository.rotate(conn, tenantId, state.familyId(), tokenHash, successorEnc, hash(next), nextGeneration,
                  now, forgetBefore)
              .map(rotated -> Outcome.issued(pair));
        });
  }

  private Future<TokenPair> complete(Outcome outcome) {
    if (outcome.pair() != null) {
      return Future.succeededFuture(outcome.pair());
    }
    if (outcome.reusedSession() == null) {
      return Future.failedFuture(new UnauthorizedException(outcome.refusal()));
    }
    // the family is revoked (committed); make the session's access tokens stop working too
    return sessionRevoker.revoke(outcome.reusedSession(), revocationLife())
        .transform(revoked -> {
          if (revoked.failed()) {
            LOG.error("Could not revoke session {} after refresh token reuse", outcome.reusedSession(), revoked.cause());
          }
          return Future.failedFuture(new UnauthorizedException("Refresh token reuse detected; session revoked"));
        });
  }

  private Duration revocationLife() {
    return config.accessTokenTtl().plusMinutes(1);
  }

  private byte[] sealSuccessor(String refreshToken, byte[] tokenHash, TokenPair pair) {
    return successorCipher(refreshToken).encrypt(pair.toJson().encode().getBytes(StandardCharsets.UTF_8), tokenHash);
  }

  private TokenPair openSuccessor(String refreshToken, byte[] tokenHash, byte[] sealed) {
    byte[] json = successorCipher(refreshToken).decrypt(sealed, tokenHash);
    return TokenPair.fromJson(new JsonObject(new String(json, StandardCharsets.UTF_8)));
  }

  private SecretEncryption successorCipher(String refreshToken) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(config.keyEncryptionKey().getEncoded(), "HmacSHA256"));
      mac.update(SUCCESSOR_LABEL);
      byte[] key = mac.doFinal(refreshToken.getBytes(StandardCharsets.US_ASCII));
      return new SecretEncryption(new SecretKeySpec(key, "AES"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", e);
    }
  }

  static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return TOKEN_PREFIX + B64URL.encodeToString(bytes);
  }

  /** SHA-256 of the token as stored. */
  public static byte[] hash(String refreshToken) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(refreshToken.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /** What a refresh came to inside the transaction: a pair, a refusal, or a detected reuse (family revoked). */
  private record Outcome(TokenPair pair, String refusal, UUID reusedSession) {

    static Outcome issued(TokenPair pair) {
      return new Outcome(pair, null, null);
    }

    static Outcome refused(String reason) {
      return new Outcome(null, reason, null);
    }

    static Outcome reused(UUID sessionId) {
      return new Outcome(null, "Refresh token reuse detected", sessionId);
    }
  }
}
