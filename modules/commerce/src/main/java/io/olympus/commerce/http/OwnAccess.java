package io.olympus.commerce.http;

import io.olympus.commerce.customer.model.Customer;
import io.olympus.commerce.customer.service.CustomerService;
import io.olympus.common.error.ForbiddenException;
import io.olympus.common.security.AuthenticationHandler;
import io.olympus.common.security.Authorization;
import io.olympus.common.security.Principal;
import io.olympus.common.security.Security;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.UUID;

/**
 * Access to customers, carts and orders: the permission tenant-wide, or over the location the order takes its stock
 * from, or the "own" rule — a signed-in user linked to the customer record ({@code customers.user_id}, the
 * {@code customer} role) reaches that customer, its carts and its orders. Reads go through the platform's own rule
 * ({@code orders:read}, {@code customers:read} with the owner); for writes the shopper may change their own record and
 * carts, check out their own carts and create orders for themselves. Refusals are 403 naming the permission; records
 * of another tenant never get this far (404).
 */
public final class OwnAccess {

  private final Security security;
  private final CustomerService customers;

  public OwnAccess(Security security, CustomerService customers) {
    this.security = security;
    this.customers = customers;
  }

  /**
   * Passes when the caller holds {@code permission} tenant-wide, over {@code locationId} (null: none), or owns
   * {@code customerId} (null: no owner); ForbiddenException otherwise.
   */
  public Future<Void> check(RoutingContext ctx, String permission, UUID locationId, UUID customerId) {
    Principal principal = AuthenticationHandler.principal(ctx);
    return Authorization.check(security, principal, permission, null, null)
        .recover(denied -> locationId == null || principal.isApiKey() ? Future.failedFuture(denied)
            : Authorization.check(security, principal, permission, locationId, null)
                .recover(err -> Future.failedFuture(denied)))
        .recover(denied -> customerId == null || principal.userId() == null || principal.isApiKey()
            ? Future.failedFuture(denied)
            : customers.get(principal.tenantId(), customerId)
                .recover(err -> Future.failedFuture(denied))
                .compose(customer -> principal.userId().equals(customer.userId())
                    ? Future.<Void>succeededFuture()
                    : Future.failedFuture(denied)));
  }

  /** Whether the caller holds {@code permission} tenant-wide (no exception). */
  public Future<Boolean> holds(RoutingContext ctx, String permission) {
    Principal principal = AuthenticationHandler.principal(ctx);
    return Authorization.check(security, principal, permission, null, null)
        .map(true)
        .recover(err -> err instanceof ForbiddenException ? Future.succeededFuture(false) : Future.failedFuture(err));
  }

  /** The customer record linked to the signed-in caller, if any (API keys have none). */
  public Future<Optional<Customer>> self(RoutingContext ctx) {
    Principal principal = AuthenticationHandler.principal(ctx);
    if (principal.userId() == null || principal.isApiKey()) {
      return Future.succeededFuture(Optional.empty());
    }
    return customers.byUser(principal.tenantId(), principal.userId());
  }

  /**
   * The customer whose records a caller without {@code permission} is limited to: empty when the caller holds it
   * tenant-wide, the caller's own customer otherwise; ForbiddenException when the caller is linked to none.
   */
  public Future<Optional<UUID>> limitedTo(RoutingContext ctx, String permission) {
    return limitedTo(ctx, permission, null);
  }

  /**
   * As {@link #limitedTo(RoutingContext, String)}, where holding {@code permission} over {@code locationId} (null:
   * none; never for an API key) counts like holding it tenant-wide.
   */
  public Future<Optional<UUID>> limitedTo(RoutingContext ctx, String permission, UUID locationId) {
    return holds(ctx, permission)
        .compose(held -> held || locationId == null ? Future.succeededFuture(held) : holdsAt(ctx, permission, locationId))
        .compose(held -> held ? Future.succeededFuture(Optional.<UUID>empty())
            : self(ctx).compose(self -> self.isPresent()
                ? Future.succeededFuture(Optional.of(self.get().id()))
                : Future.failedFuture(new ForbiddenException("missing permission " + permission))));
  }

  /** Whether the caller (a user, not an API key) holds {@code permission} over {@code locationId} (no exception). */
  public Future<Boolean> holdsAt(RoutingContext ctx, String permission, UUID locationId) {
    Principal principal = AuthenticationHandler.principal(ctx);
    if (principal.isApiKey()) {
      return Future.succeededFuture(false);
    }
    return Authorization.check(security, principal, permission, locationId, null)
        .map(true)
        .recover(err -> err instanceof ForbiddenException ? Future.succeededFuture(false) : Future.failedFuture(err));
  }
}
