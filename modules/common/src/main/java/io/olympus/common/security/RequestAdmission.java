package io.olympus.common.security;

import io.olympus.common.error.UnauthorizedException;
import io.olympus.common.error.UnavailableException;
import io.olympus.common.ratelimit.LocalBudgets;
import io.olympus.common.ratelimit.RateLimiter;
import io.olympus.common.tenant.TenantInfo;
import io.vertx.core.Future;

/**
 * The admission of an authenticated request, with no Redis round trip: whether the access token's session was
 * revoked (this process's {@link RevocationFeed}, pushed over Redis pub/sub and reloaded periodically), the hit on
 * the caller's own share of the budget (per user, or per API key: {@code OLYMPUS_PRINCIPAL_BUDGET_PERCENT} of the
 * plan's budget, so one principal cannot spend the whole tenant's) and the hit on the tenant plan's API budget (per
 * tenant, per minute), both counted in the process and reconciled with Redis ({@link LocalBudgets}). A request over
 * its principal's share is refused without charging the tenant. Revocation fails closed (503 when the local set
 * could not be reloaded for its maximum staleness); the budget keeps counting locally when Redis is away. A refused
 * request's hits are taken back, so revoked sessions do not spend the budget.
 */
public final class RequestAdmission {

  private static final long WINDOW_SECONDS = 60;

  private final SessionRevocations revocations;
  private final LocalBudgets budgets;
  private final int principalPercent;

  /** Admission with the tenant budget only (every principal may spend all of it). */
  public RequestAdmission(SessionRevocations revocations, LocalBudgets budgets) {
    this(revocations, budgets, 100);
  }

  /** Admission where one principal may spend at most {@code principalPercent} % of its tenant's budget. */
  public RequestAdmission(SessionRevocations revocations, LocalBudgets budgets, int principalPercent) {
    this.revocations = revocations;
    this.budgets = budgets;
    this.principalPercent = principalPercent;
  }

  /**
   * Checks the session of {@code principal} (access tokens; API-key principals have none) and counts the request
   * on the budget of {@code tenant} (active tenants with a budget). Succeeds with the budget's outcome, or null
   * when no budget applies; fails with {@link UnauthorizedException} for a revoked session and
   * {@link UnavailableException} when revocation cannot be checked.
   */
  public Future<RateLimiter.Outcome> admit(Principal principal, TenantInfo tenant) {
    if (principal.sessionId() == null) {
      return Future.succeededFuture(count(principal, tenant));
    }
    return revocations.isRevoked(principal.sessionId())
        .recover(err -> Future.failedFuture(err instanceof UnavailableException ? err
            : new UnavailableException("Session revocation check unavailable", 1)))
        .compose(revoked -> revoked
            ? Future.failedFuture(new UnauthorizedException("Session revoked"))
            : Future.succeededFuture(count(principal, tenant)));
  }

  private RateLimiter.Outcome count(Principal principal, TenantInfo tenant) {
    if (!tenant.isActive() || tenant.apiRequestsPerMinute() <= 0) {
      return null;
    }
    String tenantKey = "tenant:" + tenant.id();
    if (principalPercent >= 100) {
      return budgets.hit(tenantKey, tenant.apiRequestsPerMinute(), WINDOW_SECONDS);
    }
    String ownKey = "principal:" + tenant.id() + ":" + principalKey(principal);
    RateLimiter.Outcome own = budgets.hit(ownKey,
        Math.max(1L, (long) tenant.apiRequestsPerMinute() * principalPercent / 100), WINDOW_SECONDS);
    if (!own.allowed()) {
      // over its own share: the tenant is not charged for it
      return own;
    }
    RateLimiter.Outcome tenantOutcome = budgets.hit(tenantKey, tenant.apiRequestsPerMinute(), WINDOW_SECONDS);
    return tenantOutcome.allowed() && own.remaining() < tenantOutcome.remaining() ? own : tenantOutcome;
  }

  /** The budget key of a caller: its API key, or its user. */
  static String principalKey(Principal principal) {
    return principal.isApiKey() && principal.tokenId() != null ? "key:" + principal.tokenId()
        : "user:" + principal.userId();
  }
}
