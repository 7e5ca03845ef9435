package io.olympus.common.security;

import io.olympus.common.error.ForbiddenException;
import io.olympus.common.error.UnauthorizedException;
import io.olympus.common.http.RequestContext;
import io.olympus.common.net.ClientIp;
import io.olympus.common.ratelimit.RateLimits;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * Authenticates the caller of an operation: a bearer JWT access token, or an API key
 * ({@code Authorization: Bearer olym_...} or {@code X-Api-Key}). {@code ServiceHttpVerticle} mounts one on every
 * operation whose contract declares security, before the request is validated, accepting the {@link Credential}s the
 * operation declares. On success the {@link Principal} is in the routing context ({@link #principal(RoutingContext)})
 * and in the request's log context; the credential must be of a kind the operation accepts (403 otherwise, e.g.
 * "This operation needs a user's access token" for an API key), the tenant active (a suspended tenant gets 403 in
 * every service), the client IP allowed by the tenant's IP lists ({@link IpAccessPolicy}, 403 {@code ip-not-allowed}),
 * an access token's session not revoked, and the tenant plan's API budget not spent (429). Without credentials, or
 * with invalid ones, the request fails with 401 (the problem answer carries {@code WWW-Authenticate}).
 */
public final class AuthenticationHandler implements Handler<RoutingContext> {

  public static final String API_KEY_PREFIX = "olym_";
  static final String PRINCIPAL_KEY = "olympus.principal";

  private final Security security;
  private final Set<Credential> accepted;

  AuthenticationHandler(Security security, Set<Credential> accepted) {
    if (accepted.isEmpty()) {
      throw new IllegalArgumentException("an authentication handler accepts at least one kind of credential");
    }
    this.security = security;
    this.accepted = Set.copyOf(accepted);
  }

  /** The kinds of credential this handler accepts. */
  public Set<Credential> accepted() {
    return accepted;
  }

  /** The authenticated caller; only call after this handler ran. */
  public static Principal principal(RoutingContext ctx) {
    Principal principal = ctx.get(PRINCIPAL_KEY);
    if (principal == null) {
      throw new UnauthorizedException("Authentication required");
    }
    return principal;
  }

  /** The caller as an audit actor: the user, or the API key (by token id) acting for its creator. */
  public static io.olympus.common.audit.Actor actor(RoutingContext ctx) {
    Principal principal = principal(ctx);
    String ip = ClientIp.of(ctx);
    String requestId = io.olympus.common.http.RequestContext.currentRequestId();
    return principal.isApiKey()
        ? io.olympus.common.audit.Actor.apiKey(principal.tokenId(), ip, requestId)
        : io.olympus.common.audit.Actor.user(principal.userId(), ip, requestId);
  }

  @Override
  public void handle(RoutingContext ctx) {
    authenticate(ctx)
        .compose(this::acceptable)
        .compose(principal -> security.tenants().byId(principal.tenantId())
            .compose(tenant -> tenant.isActive()
                ? Future.succeededFuture(tenant)
                : Future.failedFuture(new ForbiddenException("tenant " + tenant.slug() + " is " + tenant.status())))
            .compose(tenant -> IpAccessPolicy.check(tenant, ctx))
            .map(tenant -> {
              ctx.put(PRINCIPAL_KEY, principal);
              RequestContext.setTenantId(principal.tenantId());
              RequestContext.setUserId(principal.userId());
              return tenant;
            }))
        // one Redis round trip: the token's session not revoked (401), and a hit on the tenant plan's API budget
        // shared by all of the tenant's callers in every service (429)
        .onSuccess(tenant -> RateLimits.apply(ctx, security.admission().admit(principal(ctx), tenant)))
        .onFailure(ctx::fail);
  }

  /** The principal of a valid credential of a kind this operation does not accept is refused with 403. */
  private Future<Principal> acceptable(Principal principal) {
    for (Credential credential : accepted) {
      if (credential.matches(principal)) {
        return Future.succeededFuture(principal);
      }
    }
    return Future.failedFuture(new ForbiddenException(principal.isApiKey()
        ? "This operation needs a user's access token"
        : "This operation needs an API key"));
  }

  private Future<Principal> authenticate(RoutingContext ctx) {
    String apiKey = ctx.request().getHeader(Credential.API_KEY_HEADER);
    String authorization = ctx.request().getHeader("Authorization");
    if (apiKey == null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
        && authorization.substring(7).trim().startsWith(API_KEY_PREFIX)) {
      apiKey = authorization.substring(7).trim();
    }
    if (apiKey != null) {
      return apiKey.startsWith(API_KEY_PREFIX) && apiKey.length() <= 200
          ? security.apiKeys().verify(apiKey)
          : Future.failedFuture(new UnauthorizedException("Malformed API key"));
    }
    if (authorization == null) {
      return Future.failedFuture(new UnauthorizedException("Authentication required"));
    }
    // signature and claims here; the session's revocation is checked with the rate limit, in one round trip
    return security.tokens().verifySignature(authorization)
        .recover(err -> err instanceof UnauthorizedException
            // a token signed by a key this process has not seen yet: reload the keys (or wait for the load under
            // way, or take the keys a load just brought) and check once more; an unknown kid fails without crypto
            ? security.refreshKeys(false).compose(loaded -> security.tokens().verifySignature(authorization))
            : Future.failedFuture(err));
  }
}
