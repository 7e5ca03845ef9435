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
 * was revoked ({@link RedisSessionRevocations}), the hit on the caller's own share of the budget (per user, or per
 * API key: {@code OLYMPUS_PRINCIPAL_BUDGET_PERCENT} of the plan's budget, so one principal cannot spend the whole
 * tenant's) and the hit on the tenant plan's API budget ({@link RateLimiter}, per tenant, per minute). A request
 * over its principal's share is refused without charging the tenant. Each keeps its own rule: revocation fails closed (503 when Redis cannot answer), the
 * budget alone (API keys have no session) fails open; a refused request's hit is taken back, so revoked sessions
 * and suspended tenants do not spend the budget.
 */
public final class RequestAdmission {

  private static final Logger LOG = LoggerFactory.getLogger(RequestAdmission.class);
  private static final long WINDOW_SECONDS = 60;

  private final Redis redis;
  private final int principalPercent;

  /** Admission with the tenant budget only (every principal may spend all of it). */
  public RequestAdmission(Redis redis) {
    this(redis, 100);
  }

  /** Admission where one principal may spend at most {@code principalPercent} % of its tenant's budget. */
  public RequestAdmission(Redis redis, int principalPercent) {
    this.redis = redis;
    this.principalPercent = principalPercent;
  }

  /**
   * Checks the session of {@code principal} (access tokens; API-key principals have none) and counts the request
   * on the budget of {@code tenant} (active tenants with a budget). Succeeds with the budget's outcome, or null
   * when no budget applies; fails with {@link UnauthorizedException} for a revoked session and
   * {@link UnavailableException} when revocation cannot be checked.
   */
  public Future<RateLimiter.Outcome> admit(Principal principal, TenantInfo tenant) {
    boolean session = principal.sessionId() != null;
    boolean budget = tenant.isActive() && tenant.apiRequestsPerMinute() > 0;
    RateLimiter.Pending hit = budget
        ? RateLimiter.pending("tenant:" + tenant.id(), tenant.apiRequestsPerMinute(), WINDOW_SECONDS)
        : null;
    RateLimiter.Pending own = budget && principalPercent < 100
        ? RateLimiter.pending("principal:" + tenant.id() + ":" + principalKey(principal),
            Math.max(1L, (long) tenant.apiRequestsPerMinute() * principalPercent / 100), WINDOW_SECONDS)
        : null;
    List<Request> batch = new ArrayList<>(5);
    if (session) {
      batch.add(RedisSessionRevocations.exists(principal.sessionId()));
    }
    if (own != null) {
      batch.addAll(own.requests());
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
            takeBack(own);
            return Future.failedFuture(new UnauthorizedException("Session revoked"));
          }
          if (hit == null) {
            return Future.succeededFuture(null);
          }
          RateLimiter.Outcome tenantOutcome = hit.outcome(responses.get(batch.size() - 1));
          if (own == null) {
            return Future.succeededFuture(tenantOutcome);
          }
          RateLimiter.Outcome ownOutcome = own.outcome(responses.get((session ? 1 : 0) + 1));
          if (!ownOutcome.allowed()) {
            // over its own share: the tenant is not charged for it
            takeBack(hit);
            return Future.succeededFuture(ownOutcome);
          }
          return Future.succeededFuture(tenantOutcome.allowed() && ownOutcome.remaining() < tenantOutcome.remaining()
              ? ownOutcome : tenantOutcome);
        });
  }

  /** The budget key of a caller: its API key, or its user. */
  static String principalKey(Principal principal) {
    return principal.isApiKey() && principal.tokenId() != null ? "key:" + principal.tokenId()
        : "user:" + principal.userId();
  }

  private void takeBack(RateLimiter.Pending hit) {
    if (hit != null) {
      redis.send(hit.undo()).onFailure(err -> LOG.debug("could not take back a refused request's hit: {}", err.getMessage()));
    }
  }
}
