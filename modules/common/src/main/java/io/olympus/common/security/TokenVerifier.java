package io.olympus.common.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.olympus.common.error.UnauthorizedException;
import io.olympus.common.error.UnavailableException;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies Olympus access tokens (compact JWS) against a JWKS. The accepted algorithms are fixed here,
 * never taken from the token: only RS256 and ES256, and each key verifies only the one algorithm its JWK
 * declares, so {@code none}, HS256 (including HMAC keyed with the public key's bytes), an algorithm that
 * does not match the key, and everything else are refused before any signature check. It also enforces a known
 * {@code kid}, {@code iss}, {@code aud}, {@code exp}/{@code nbf} with a small leeway, and the access
 * token type {@code at+jwt} (header {@code typ} or claim {@code typ}).
 *
 * <p>Verified tokens are cached briefly (bounded, keyed by the token's SHA-256, never past {@code exp}), so a
 * token's signature is checked once, not per request; {@link #verify} consults the session revocation hook on every
 * call, cached or not ({@link #verifySignature} leaves that to its caller, which batches it). Thread-safe.
 */
public final class TokenVerifier {

  /** The only signing algorithms accepted, whatever a token's header says. */
  public static final Set<String> ALLOWED_ALGORITHMS = Set.of("RS256", "ES256");
  public static final String ACCESS_TOKEN_TYPE = "at+jwt";

  private static final Logger LOG = LoggerFactory.getLogger(TokenVerifier.class);
  private static final Base64.Decoder B64URL = Base64.getUrlDecoder();
  private static final ThreadLocal<Signature> ES256 = ThreadLocal.withInitial(() -> signature("SHA256withECDSAinP1363Format"));
  private static final ThreadLocal<Signature> RS256 = ThreadLocal.withInitial(() -> signature("SHA256withRSA"));
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(TokenVerifier::sha256);

  private final TokenVerifierOptions options;
  private final SessionRevocations revocations;
  private final Clock clock;
  private final Cache<String, Principal> cache;
  private volatile Map<String, VerificationKey> keys = Map.of();

  public TokenVerifier(TokenVerifierOptions options, SessionRevocations revocations, Clock clock) {
    this.options = options;
    this.revocations = revocations;
    this.clock = clock;
    this.cache = Caffeine.newBuilder()
        .maximumSize(options.cacheMaxEntries())
        .expireAfter(new UntilTokenExpiry(options.cacheMaxTtl(), clock))
        .build();
  }

  public TokenVerifier(TokenVerifierOptions options, SessionRevocations revocations) {
    this(options, revocations, Clock.systemUTC());
  }

  /** Replaces the trusted keys with the RS256/ES256 keys of {@code jwks}; cached verdicts are dropped. */
  public void updateKeys(JsonObject jwks) {
    Map<String, VerificationKey> parsed = Jwks.parse(jwks);
    keys = Map.copyOf(parsed);
    cache.invalidateAll();
    LOG.info("Token verifier trusts signing keys {}", parsed.keySet());
  }

  public Set<String> knownKeyIds() {
    return keys.keySet();
  }

  /**
   * Verifies {@code token} and that its session is not revoked. Fails with {@link UnauthorizedException}
   * for any invalid, expired or revoked token, and with {@link UnavailableException} when revocation
   * cannot be checked (fails closed).
   */
  public Future<Principal> verify(String token) {
    Principal principal;
    try {
      principal = verifyCached(token);
    } catch (UnauthorizedException e) {
      return Future.failedFuture(e);
    }
    return revocations.isRevoked(principal.sessionId())
        .recover(err -> Future.failedFuture(new UnavailableException("Session revocation check unavailable", 1)))
        .compose(revoked -> revoked
            ? Future.failedFuture(new UnauthorizedException("Session revoked"))
            : Future.succeededFuture(principal));
  }

  /** As {@link #verify(String)}, for an {@code Authorization} header value ({@code Bearer <token>}). */
  public Future<Principal> verifyAuthorization(String authorizationHeader) {
    if (!isBearer(authorizationHeader)) {
      return Future.failedFuture(new UnauthorizedException("Bearer token required"));
    }
    return verify(authorizationHeader.substring(7).trim());
  }

  /**
   * Signature and claims of the bearer token of an {@code Authorization} header, through the cache, <b>without</b>
   * the revocation check: only for callers that check the session themselves in the same request
   * ({@link RequestAdmission}, which batches it with the rate limit).
   */
  public Future<Principal> verifySignature(String authorizationHeader) {
    if (!isBearer(authorizationHeader)) {
      return Future.failedFuture(new UnauthorizedException("Bearer token required"));
    }
    try {
      return Future.succeededFuture(verifyCached(authorizationHeader.substring(7).trim()));
    } catch (UnauthorizedException e) {
      return Future.failedFuture(e);
    }
  }

  private static boolean isBearer(String authorizationHeader) {
    return authorizationHeader != null && authorizationHeader.length() >= 8
        && authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7);
  }

  /** Signature and claims only, through the cache; no revocation check. */
  Principal verifyCached(String token) {
    if (token == null || token.isEmpty() || token.length() > 8192) {
      throw new UnauthorizedException("Malformed token");
    }
    String cacheKey = cacheKey(token);
    Principal cached = cache.getIfPresent(cacheKey);
    if (cached != null) {
      if (clock.instant().isBefore(cached.expiresAt())) {
        return cached;
      }
      cache.invalidate(cacheKey);
    }
    Principal verified = verifyUncached(token);
    cache.put(cacheKey, verified);
    return verified;
  }

  /** Signature and claims only, no cache, no revocation check. */
  Principal verifyUncached(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new UnauthorizedException("Malformed token");
    }
    JsonObject header = decodeJson(parts[0]);
    String alg = header.getValue("alg") instanceof String s ? s : null;
    if (alg == null || !ALLOWED_ALGORITHMS.contains(alg)) {
      throw new UnauthorizedException("Token algorithm not accepted");
    }
    if (header.containsKey("crit") || header.containsKey("jku") || header.containsKey("jwk") || header.containsKey("x5u")) {
      throw new UnauthorizedException("Token header not accepted");
    }
    String kid = header.getValue("kid") instanceof String s ? s : null;
    VerificationKey key = kid == null ? null : keys.get(kid);
    if (key == null) {
      throw new UnauthorizedException("Unknown token signing key");
    }
    if (!key.algorithm().equals(alg)) {
      throw new UnauthorizedException("Token algorithm not accepted");
    }
    byte[] signatureBytes = decode(parts[2]);
    if (!signatureValid(key, parts[0], parts[1], signatureBytes)) {
      throw new UnauthorizedException("Invalid token signature");
    }
    JsonObject claims = decodeJson(parts[1]);
    return checkClaims(header, claims);
  }

  private Principal checkClaims(JsonObject header, JsonObject claims) {
    long now = clock.instant().getEpochSecond();
    long leeway = options.leeway().toSeconds();
    Long exp = longClaim(claims, "exp");
    if (exp == null) {
      throw new UnauthorizedException("Token has no expiry");
    }
    if (now > exp + leeway) {
      throw new UnauthorizedException("Token expired");
    }
    Long nbf = longClaim(claims, "nbf");
    if (nbf != null && now + leeway < nbf) {
      throw new UnauthorizedException("Token not yet valid");
    }
    Long iat = longClaim(claims, "iat");
    if (iat != null && now + leeway < iat) {
      throw new UnauthorizedException("Token issued in the future");
    }
    if (!options.issuer().equals(claims.getValue("iss"))) {
      throw new UnauthorizedException("Token issuer not accepted");
    }
    if (!audienceMatches(claims.getValue("aud"))) {
      throw new UnauthorizedException("Token audience not accepted");
    }
    String headerType = header.getValue("typ") instanceof String s ? s.toLowerCase() : "";
    boolean accessType = headerType.equals(ACCESS_TOKEN_TYPE) || headerType.equals("application/" + ACCESS_TOKEN_TYPE)
        || ACCESS_TOKEN_TYPE.equals(claims.getValue("typ"));
    if (!accessType) {
      throw new UnauthorizedException("Not an access token");
    }
    UUID userId = uuidClaim(claims, "sub");
    UUID tenantId = uuidClaim(claims, "tid");
    UUID sessionId = uuidClaim(claims, "sid");
    String jti = claims.getValue("jti") instanceof String s ? s : "";
    Object scope = claims.getValue("scope");
    List<String> scopes = scope instanceof String s && !s.isBlank() ? List.of(s.trim().split("\\s+")) : List.of();
    return new Principal(userId, tenantId, sessionId, strings(claims, "roles"), scopes, strings(claims, "amr"),
        Boolean.TRUE.equals(claims.getValue("email_verified")), jti, Instant.ofEpochSecond(exp));
  }

  private boolean audienceMatches(Object aud) {
    if (aud instanceof String s) {
      return s.equals(options.audience());
    }
    if (aud instanceof JsonArray array) {
      return array.contains(options.audience());
    }
    return false;
  }

  private static boolean signatureValid(VerificationKey key, String header, String payload, byte[] signatureBytes) {
    boolean ec = key.algorithm().equals("ES256");
    if (ec && signatureBytes.length != 64) {
      return false;
    }
    try {
      Signature sig = ec ? ES256.get() : RS256.get();
      sig.initVerify(key.key());
      sig.update(header.getBytes(StandardCharsets.US_ASCII));
      sig.update((byte) '.');
      sig.update(payload.getBytes(StandardCharsets.US_ASCII));
      return sig.verify(signatureBytes);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static JsonObject decodeJson(String part) {
    try {
      return new JsonObject(new String(decode(part), StandardCharsets.UTF_8));
    } catch (DecodeException | ClassCastException e) {
      throw new UnauthorizedException("Malformed token");
    }
  }

  private static byte[] decode(String part) {
    try {
      return B64URL.decode(part);
    } catch (IllegalArgumentException e) {
      throw new UnauthorizedException("Malformed token");
    }
  }

  private static Long longClaim(JsonObject claims, String name) {
    Object value = claims.getValue(name);
    if (value == null) {
      return null;
    }
    if (value instanceof Number n) {
      return n.longValue();
    }
    throw new UnauthorizedException("Malformed token claim " + name);
  }

  private static UUID uuidClaim(JsonObject claims, String name) {
    Object value = claims.getValue(name);
    if (value instanceof String s) {
      try {
        return UUID.fromString(s);
      } catch (IllegalArgumentException e) {
        // falls through to the refusal below
      }
    }
    throw new UnauthorizedException("Token claim " + name + " missing or malformed");
  }

  private static List<String> strings(JsonObject claims, String name) {
    Object value = claims.getValue(name);
    if (!(value instanceof JsonArray array)) {
      return List.of();
    }
    List<String> out = new ArrayList<>(array.size());
    for (Object item : array) {
      if (item instanceof String s) {
        out.add(s);
      }
    }
    return out;
  }

  private static String cacheKey(String token) {
    MessageDigest digest = SHA256.get();
    return Base64.getEncoder().encodeToString(digest.digest(token.getBytes(StandardCharsets.US_ASCII)));
  }

  private static Signature signature(String algorithm) {
    try {
      return Signature.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is not available in this JDK", e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JDK", e);
    }
  }

  /** Cache entries live until the token expires, and never longer than the cache's maximum TTL. */
  private record UntilTokenExpiry(Duration maxTtl, Clock clock) implements Expiry<String, Principal> {

    @Override
    public long expireAfterCreate(String key, Principal value, long currentTime) {
      long untilExpiry = Duration.between(clock.instant(), value.expiresAt()).toNanos();
      return Math.max(0, Math.min(maxTtl.toNanos(), untilExpiry));
    }

    @Override
    public long expireAfterUpdate(String key, Principal value, long currentTime, long currentDuration) {
      return expireAfterCreate(key, value, currentTime);
    }

    @Override
    public long expireAfterRead(String key, Principal value, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
