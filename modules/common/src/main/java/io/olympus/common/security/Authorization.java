package io.olympus.common.security;

import io.olympus.common.error.ForbiddenException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.function.Function;

/**
 * Route guards: each route declares the permission it needs (and, optionally, the location its resource
 * belongs to). A user's token is checked against their effective permissions (the local permission
 * cache); an API key against its scopes and its creator's current permissions (the intersection). A refusal is a
 * 403 problem naming the permission.
 */
public final class Authorization {

  private Authorization() {}

  /** Requires {@code permission} tenant-wide. */
  public static Handler<RoutingContext> require(Security security, String permission) {
    return require(security, permission, ctx -> null);
  }

  /** Requires {@code permission} over the location that {@code location} reads from the request (null = tenant-wide). */
  public static Handler<RoutingContext> require(Security security, String permission,
                                                Function<RoutingContext, UUID> location) {
    return ctx -> {
      Principal principal = AuthenticationHandler.principal(ctx);
      check(security, principal, permission, location.apply(ctx), null)
          .onSuccess(v -> ctx.next())
          .onFailure(ctx::fail);
    };
  }

  /**
   * Decides for one resource inside a handler: {@code ownerId} lets the "own" rule apply (a user reads
   * their own records). Fails with ForbiddenException naming the permission.
   */
  public static Future<Void> check(Security security, Principal principal, String permission, UUID locationId,
                                   UUID ownerId) {
    if (principal.isApiKey() && !principal.hasScope(permission)) {
      return Future.failedFuture(new ForbiddenException("API key lacks scope " + permission));
    }
    // a user's token, and an API key within its scopes: a key acts for its creator, never beyond what the creator
    // holds now (their permissions, from the same cache that role and assignment events drop)
    return security.permissions()
        .check(principal.tenantId(), principal.userId(), permission, locationId, ownerId)
        .compose(decision -> decision.allowed()
            ? Future.succeededFuture()
            : Future.failedFuture(new ForbiddenException("missing permission " + permission)));
  }
}
