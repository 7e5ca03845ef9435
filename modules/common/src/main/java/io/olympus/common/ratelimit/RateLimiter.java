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
 * of the API. {@link #pending} exposes the commands of a hit, so a caller can send them in a batch with
 * its own commands (one round trip per request). The auth service's sign-in, registration and password-reset limits
 * are another job (several limits per request, some hidden from the caller) and use its {@code AbuseLimiter}.
 */
public final class RateLimiter {

  private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);

  /** The state of one counter after a hit. */
  public record Outcome(boolean allowed, long limit, long remaining, long resetSeconds) {}

  /** One hit not sent yet: its commands, and how to read their answers. */
  public record Pending(String counter, long limit, long windowSeconds, long resetSeconds) {

    /** {@code SET counter 0 EX window+1 NX}, then {@code INCR counter}: their answers are the hit's two responses. */
    public List<Request> requests() {
      return List.of(
          Request.cmd(Command.SET).arg(counter).arg(0).arg("EX").arg(windowSeconds + 1).arg("NX"),
          Request.cmd(Command.INCR).arg(counter));
    }

    /** The outcome from the {@code INCR} answer (the second of {@link #requests()}). */
    public Outcome outcome(Response count) {
      long used = count == null ? 0 : count.toLong();
      return new Outcome(used <= limit, limit, Math.max(0, limit - used), resetSeconds);
    }

    /** The outcome when Redis could not answer: let through (and logged). */
    public Outcome unavailable(Throwable err) {
      LOG.warn("rate limiter unavailable, letting the request through: {}", err.getMessage());
      return new Outcome(true, limit, limit, resetSeconds);
    }

    /** Takes the hit back ({@code DECR}), for a request refused for another reason in the same round trip. */
    public Request undo() {
      return Request.cmd(Command.DECR).arg(counter);
    }
  }

  private final Redis redis;

  public RateLimiter(Redis redis) {
    this.redis = redis;
  }

  /** Counts one hit on {@code key}; allowed while the window's count is at most {@code limit}. */
  public Future<Outcome> hit(String key, long limit, long windowSeconds) {
    Pending hit = pending(key, limit, windowSeconds);
    return redis.batch(hit.requests())
        .map(responses -> hit.outcome(responses.get(1)))
        .recover(err -> Future.succeededFuture(hit.unavailable(err)));
  }

  /** The hit {@link #hit} would count now, without sending it. */
  public static Pending pending(String key, long limit, long windowSeconds) {
    long now = System.currentTimeMillis() / 1000;
    long window = now / windowSeconds;
    long reset = (window + 1) * windowSeconds - now;
    return new Pending("ratelimit:" + key + ":" + window, limit, windowSeconds, reset);
  }
}
