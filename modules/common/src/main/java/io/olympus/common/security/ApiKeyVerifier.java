package io.olympus.common.security;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.olympus.common.bus.BusClient;
import io.olympus.common.error.UnauthorizedException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Verifies API keys through the auth service ({@link AuthAddresses#VERIFY_API_KEY}) and keeps verified
 * keys briefly (keyed by their SHA-256, never the key itself): at most {@code ttl}, and never past the key's
 * {@code expires_at} (an expired key is refused from that instant on, cached or not); a revocation event drops every
 * entry. What a key may do is decided per request from its scopes and its creator's current permissions
 * ({@link Authorization}), so a role change of the creator needs no entry dropped here.
 */
public final class ApiKeyVerifier {


  private final Vertx vertx;
  private final BusClient bus;
  private final Clock clock;
  private final AsyncCache<String, Principal> cache;

  public ApiKeyVerifier(Vertx vertx, BusClient bus, Duration ttl) {
    this(vertx, bus, ttl, Clock.systemUTC());
  }

  /** With the clock that decides when a key has expired (tests move it). */
  public ApiKeyVerifier(Vertx vertx, BusClient bus, Duration ttl, Clock clock) {
    this.vertx = vertx;
    this.bus = bus;
    this.clock = clock;
    this.cache = Caffeine.newBuilder().maximumSize(50_000).expireAfter(new UntilKeyExpiry(ttl, clock)).buildAsync();
    vertx.eventBus().consumer(AuthAddresses.EVENT_API_KEY_REVOKED, msg -> cache.synchronous().invalidateAll());
  }

  /** The key's principal; fails with UnauthorizedException for an unknown, revoked or expired key. */
  public Future<Principal> verify(String apiKey) {
    String hash = sha256(apiKey);
    // a refused key loads as null: not cached, and not logged by the cache as a failed load
    return Future.fromCompletionStage(
            cache.get(hash, (key, executor) -> request(apiKey)
                .recover(err -> err instanceof UnauthorizedException ? Future.succeededFuture(null) : Future.failedFuture(err))
                .toCompletionStage().toCompletableFuture()),
            vertx.getOrCreateContext())
        .compose(principal -> {
          if (principal == null) {
            return Future.failedFuture(new UnauthorizedException("Invalid API key"));
          }
          if (principal.expiresAt() != null && !clock.instant().isBefore(principal.expiresAt())) {
            cache.synchronous().invalidate(hash);
            return Future.failedFuture(new UnauthorizedException("Invalid API key"));
          }
          return Future.succeededFuture(principal);
        });
  }

  private Future<Principal> request(String apiKey) {
    return new AuthKeysClient(bus).verifyApiKey(apiKey);
  }

  /** Entries live at most the cache's TTL, and never past the key's expiry. */
  private record UntilKeyExpiry(Duration maxTtl, Clock clock) implements Expiry<String, Principal> {

    @Override
    public long expireAfterCreate(String key, Principal value, long currentTime) {
      if (value.expiresAt() == null) {
        return maxTtl.toNanos();
      }
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

  static String sha256(String value) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }
}
