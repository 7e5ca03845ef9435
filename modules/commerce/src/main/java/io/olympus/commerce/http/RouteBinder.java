package io.olympus.commerce.http;

import io.olympus.common.security.Authorization;
import io.olympus.common.security.Security;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Binds the handlers of the commerce slices to the operations of the contract. Every {@code /api/} request has been
 * authenticated and validated against the contract before these steps run; {@link #read} then checks the caller's
 * permission, and {@link #write} also records the actor, so the change is audited in its own transaction. An
 * operation that is not in the contract, or bound twice, fails the start-up naming it.
 */
public final class RouteBinder {

  private final RouterBuilder builder;
  private final Security security;
  private final Set<String> bound = new HashSet<>();

  public RouteBinder(RouterBuilder builder, Security security) {
    this.builder = Objects.requireNonNull(builder);
    this.security = Objects.requireNonNull(security);
  }

  /** An operation that changes nothing: permission check, then {@code handler}. */
  public OpenAPIRoute read(String operationId, String permission, Handler<RoutingContext> handler) {
    return route(operationId)
        .addHandler(Authorization.require(security, permission))
        .addHandler(handler);
  }

  /** An operation that changes something: permission check, the audit actor, then {@code handler}. */
  public OpenAPIRoute write(String operationId, String permission, Handler<RoutingContext> handler) {
    return route(operationId)
        .addHandler(Authorization.require(security, permission))
        .addHandler(Http::attachAuditActor)
        .addHandler(handler);
  }

  /** The operation ids bound so far. */
  public Set<String> bound() {
    return Set.copyOf(bound);
  }

  private OpenAPIRoute route(String operationId) {
    if (!bound.add(operationId)) {
      throw new IllegalStateException("operation " + operationId + " is bound twice");
    }
    OpenAPIRoute route = builder.getRoute(operationId);
    if (route == null) {
      throw new IllegalStateException("operation " + operationId + " is not in the commerce contract");
    }
    return route;
  }
}
