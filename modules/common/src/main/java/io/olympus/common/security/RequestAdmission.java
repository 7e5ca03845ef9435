package io.olympus.common.security;

import io.olympus.common.error.UnauthorizedException;
import io.olympus.common.error.UnavailableException;
import io.olympus.common.ratelimit.RateLimiter;
import io.olympus.common.tenant.TenantInfo;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis work of an authenticated request in one pipelined round trip: whether the access token's session
 * was revoked ({@link RedisSessionRevocations}) and the hit on the tenant plan's API budget ({@link RateLimiter},
 * per tenant, per minute). Each keeps its own rule: revocation fails closed (503 when Redis cannot answer), the
 * budget alone (API keys have no session) fails open; a refused request's hit is taken back, so revoked sessions
 * and suspended tenants do not spend the budget.
 */
public final class RequestAdmission {

  private static final Logger LOG = LoggerFactory.getLogger(RequestAdmission.class);
  private static final long WINDOW_SECONDS = 60;

  private final Redis redis;

  public RequestAdmission(Redis redis) {
    this.redis = redis;
  }

  /**
   * Checks the session of {@code principal} (access tokens; API-key principals have none) and counts the request
   * on the budget of {@code tenant} (active tenants with a budget). Succeeds with the budget's outcome, or null
   * when no budget applies; fails with {@link UnauthorizedException} for a revoked session and
   * {@link UnavailableException} when revocation cannot be checked.
   */
  public Future<RateLimiter.Outcome> admit(Principal principal, TenantInfo tenant) {
    boolean session = principal.sessionId() != null;
    RateLimiter.Pending hit = tenant.isActive() && tenant.apiRequestsPerMinute() > 0
        ? RateLimiter.pending("tenant:" + tenant.id(), tenant.apiRequestsPerMinute(), WINDOW_SECONDS)
        : null;
    List<Request> batch = new ArrayList<>(3);
    if (session) {
      batch.add(RedisSessionRevocations.exists(principal.sessionId()));
    }
    if (hit != null) {
      batch.addAll(hit.requests());
    }
    if (batch.isEmpty()) {
      return Future.succeededFuture();
    }
    return redis.batch(batch)
        .transform(answered -> {
          if (answered.failed()) {
            return session
                ? Future.failedFuture(new UnavailableException("Session revocation check unavailable", 1))
                : Future.succeededFuture(hit.unavailable(answered.cause()));
          }
          List<Response> responses = answered.result();
          if (session && RedisSessionRevocations.revoked(responses.get(0))) {
            takeBack(hit);
            return Future.failedFuture(new UnauthorizedException("Session revoked"));
          }
          return Future.succeededFuture(hit == null ? null : hit.outcome(responses.get(batch.size() - 1)));
        });
  }

  private void takeBack(RateLimiter.Pending hit) {
    if (hit != null) {
      redis.send(hit.undo()).onFailure(err -> LOG.debug("could not take back a refused request's hit: {}", err.getMessage()));
    }
  }
}
