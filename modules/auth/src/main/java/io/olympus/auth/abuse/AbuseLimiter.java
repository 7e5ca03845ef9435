package io.olympus.auth.abuse;

import io.olympus.common.error.RateLimitedException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.List;

/**
 * Abuse limits of auth's public account endpoints (sign-in, registration, verification resend, forgotten password):
 * fixed-window counters in Redis (one atomic script: INCR, expiry on the first hit, remaining TTL), shared by every
 * process. {@link #enforce} checks several limits at once (e.g. per IP and per account), sets the
 * {@code RateLimit-Limit/Remaining/Reset} headers of the tightest <em>disclosed</em> one and fails with
 * {@link RateLimitedException} (429 with {@code Retry-After}) when any is exceeded. A limit keyed by something the
 * caller does not own (an account, which strangers can name) is counted but not disclosed: its remaining count would
 * tell anyone how often the account was tried lately.
 *
 * <p>Not the same job as common's {@link io.olympus.common.ratelimit.RateLimiter}, the request budget (a tenant plan's
 * API requests per minute, the per-IP sign-up limit): that one counts one key per hit in windows aligned to the clock,
 * can ride in the caller's pipelined Redis batch, and lets requests through when Redis fails. This one counts several
 * keys per request, each window starting at its first hit, hides the limits keyed by accounts, and fails with the
 * Redis error (the callers decide whether to fail open).
 */
public final class AbuseLimiter {

  static final String SCRIPT = """
      local n = redis.call('INCR', KEYS[1])
      if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
      local ttl = redis.call('PTTL', KEYS[1])
      if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
      return {n, ttl}
      """;

  private static final String PREFIX = "auth:rl:";
  /** Exceeded first, then the fewest remaining. */
  private static final java.util.Comparator<Usage> TIGHTEST = (a, b) -> a.exceeded() != b.exceeded()
      ? (a.exceeded() ? -1 : 1) : Long.compare(a.remaining(), b.remaining());

  /** One limit: {@code max} hits per {@code window} for {@code key}; {@code disclosed} when its headers may be sent. */
  public record Limit(String key, int max, Duration window, boolean disclosed) {

    public Limit(String key, int max, Duration window) {
      this(key, max, window, true);
    }

    /** A limit that is enforced but never shown in the {@code RateLimit-*} headers. */
    public static Limit undisclosed(String key, int max, Duration window) {
      return new Limit(key, max, window, false);
    }
  }

  /** The outcome of one limit. */
  public record Usage(Limit limit, long count, long resetMillis) {

    long remaining() {
      return Math.max(0, limit.max() - count);
    }

    boolean exceeded() {
      return count > limit.max();
    }

    long resetSeconds() {
      return Math.max(1, (resetMillis + 999) / 1000);
    }
  }

  private final Redis redis;

  public AbuseLimiter(Redis redis) {
    this.redis = redis;
  }

  /** Counts one hit against each limit; fails with 429 when any is exceeded. Fails with the Redis error when Redis fails. */
  public Future<Void> enforce(HttpServerResponse response, List<Limit> limits) {
    List<Future<Usage>> hits = limits.stream().map(this::hit).toList();
    return Future.all(hits)
        .compose(all -> {
          Usage tightest = hits.stream().map(Future::result).min(TIGHTEST).orElseThrow();
          Usage shown = hits.stream().map(Future::result).filter(u -> u.limit().disclosed()).min(TIGHTEST).orElse(null);
          // a caller may have answered meanwhile (a sign-in refused for its tenant before the count came back)
          if (shown != null && !response.headWritten()) {
            response.putHeader("RateLimit-Limit", Long.toString(shown.limit().max()))
                .putHeader("RateLimit-Remaining", Long.toString(shown.remaining()))
                .putHeader("RateLimit-Reset", Long.toString(shown.resetSeconds()));
          }
          if (tightest.exceeded()) {
            return Future.failedFuture(new RateLimitedException("Too many requests; retry later", tightest.resetSeconds()));
          }
          return Future.succeededFuture();
        });
  }

  private Future<Usage> hit(Limit limit) {
    return redis.send(Request.cmd(Command.EVAL).arg(SCRIPT).arg(1).arg(PREFIX + limit.key()).arg(limit.window().toMillis()))
        .map(reply -> usage(limit, reply));
  }

  /** A short digest for keys built from personal data (emails never appear in Redis keys). */
  public static String digest(String value) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(d, 0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Usage usage(Limit limit, Response reply) {
    return new Usage(limit, reply.get(0).toLong(), reply.get(1).toLong());
  }
}
