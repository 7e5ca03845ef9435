package io.olympus.common.security;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.olympus.common.bus.BusErrors;
import io.olympus.common.error.UnauthorizedException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Verifies API keys through the auth service ({@link AuthAddresses#VERIFY_API_KEY}) and keeps verified
 * keys briefly (keyed by their SHA-256, never the key itself); a revocation event drops every entry.
 */
public final class ApiKeyVerifier {

  private static final DeliveryOptions OPTIONS = new DeliveryOptions().setSendTimeout(5_000);

  private final Vertx vertx;
  private final AsyncCache<String, Principal> cache;

  public ApiKeyVerifier(Vertx vertx, Duration ttl) {
    this.vertx = vertx;
    this.cache = Caffeine.newBuilder().maximumSize(50_000).expireAfterWrite(ttl).buildAsync();
    vertx.eventBus().consumer(AuthAddresses.EVENT_API_KEY_REVOKED, msg -> cache.synchronous().invalidateAll());
  }

  /** The key's principal; fails with UnauthorizedException for an unknown, revoked or expired key. */
  public Future<Principal> verify(String apiKey) {
    // a refused key loads as null: not cached, and not logged by the cache as a failed load
    return Future.fromCompletionStage(
            cache.get(sha256(apiKey), (hash, executor) -> request(apiKey)
                .recover(err -> err instanceof UnauthorizedException ? Future.succeededFuture(null) : Future.failedFuture(err))
                .toCompletionStage().toCompletableFuture()),
            vertx.getOrCreateContext())
        .compose(principal -> principal == null
            ? Future.failedFuture(new UnauthorizedException("Invalid API key"))
            : Future.succeededFuture(principal));
  }

  private Future<Principal> request(String apiKey) {
    return vertx.eventBus()
        .<JsonObject>request(AuthAddresses.VERIFY_API_KEY, new JsonObject().put("key", apiKey), OPTIONS)
        .recover(err -> Future.failedFuture(BusErrors.toDomain(err)))
        .map(reply -> Principal.fromJson(reply.body()));
  }

  static String sha256(String value) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }
}
