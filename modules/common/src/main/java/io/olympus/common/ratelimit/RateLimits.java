package io.olympus.common.ratelimit;

import io.olympus.common.error.RateLimitedException;
import io.olympus.common.net.ClientIp;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/**
 * Route handlers that apply a {@link RateLimiter} and answer with the {@code RateLimit-Limit},
 * {@code RateLimit-Remaining} and {@code RateLimit-Reset} headers; over the limit, a 429 problem with
 * {@code Retry-After}.
 */
public final class RateLimits {

  private RateLimits() {}

  /** Limits by client IP ({@link ClientIp}, so behind trusted proxies the forwarded client): {@code limit} requests per {@code windowSeconds}, counted under {@code name}. */
  public static Handler<RoutingContext> perIp(RateLimiter limiter, String name, long limit, long windowSeconds) {
    return ctx -> {
      String ip = ClientIp.of(ctx);
      ip = ip == null ? "unknown" : ip;
      apply(ctx, limiter.hit(name + ":ip:" + ip, limit, windowSeconds));
    };
  }

  /** Limits by a key the request yields (user, API key, tenant), with a limit that may depend on the request. */
  public static Handler<RoutingContext> perKey(RateLimiter limiter, Function<RoutingContext, String> key,
                                              Function<RoutingContext, Long> limit, long windowSeconds) {
    return ctx -> apply(ctx, limiter.hit(key.apply(ctx), limit.apply(ctx), windowSeconds));
  }

  /** Sets the headers of {@code outcome} and continues, or fails with 429; a null outcome (no limit applies) continues. */
  public static void apply(RoutingContext ctx, Future<RateLimiter.Outcome> outcome) {
    outcome.onSuccess(o -> {
      if (o == null) {
        ctx.next();
        return;
      }
      ctx.response()
          .putHeader("RateLimit-Limit", Long.toString(o.limit()))
          .putHeader("RateLimit-Remaining", Long.toString(o.remaining()))
          .putHeader("RateLimit-Reset", Long.toString(o.resetSeconds()));
      if (o.allowed()) {
        ctx.next();
      } else {
        ctx.fail(new RateLimitedException("rate limit of " + o.limit() + " requests exceeded", o.resetSeconds()));
      }
    }).onFailure(ctx::fail);
  }
}
