package io.olympus.common.ratelimit;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fixed-window request counters in Redis, shared by every process: one pipelined
 * {@code SET NX EX} (creates the window's counter with its expiry) + {@code INCR} per hit. When Redis
 * cannot answer, requests are let through (logged): an outage of the limiter must not become an outage
 * of the API.
 */
public final class RateLimiter {

  private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);

  /** The state of one counter after a hit. */
  public record Outcome(boolean allowed, long limit, long remaining, long resetSeconds) {}

  private final Redis redis;

  public RateLimiter(Redis redis) {
    this.redis = redis;
  }

  /** Counts one hit on {@code key}; allowed while the window's count is at most {@code limit}. */
  public Future<Outcome> hit(String key, long limit, long windowSeconds) {
    long now = System.currentTimeMillis() / 1000;
    long window = now / windowSeconds;
    long reset = (window + 1) * windowSeconds - now;
    String counter = "ratelimit:" + key + ":" + window;
    return redis.batch(List.of(
            Request.cmd(Command.SET).arg(counter).arg(0).arg("EX").arg(windowSeconds + 1).arg("NX"),
            Request.cmd(Command.INCR).arg(counter)))
        .map(responses -> {
          Response count = responses.get(1);
          long used = count == null ? 0 : count.toLong();
          return new Outcome(used <= limit, limit, Math.max(0, limit - used), reset);
        })
        .recover(err -> {
          LOG.warn("rate limiter unavailable, letting the request through: {}", err.getMessage());
          return Future.succeededFuture(new Outcome(true, limit, limit, reset));
        });
  }
}
