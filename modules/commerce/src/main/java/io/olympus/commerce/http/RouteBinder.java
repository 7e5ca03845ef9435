package io.olympus.commerce.http;

import io.olympus.common.http.idempotency.Idempotency;
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
 * Binds the handlers of the commerce slices to the operations of the contract. Every request has been authenticated
 * as its operation's {@code security} declares and validated against the contract before these steps run; {@link #read} then checks the caller's
 * permission, and {@link #write} also records the actor, so the change is audited in its own transaction. An
 * operation that is not in the contract, or bound twice, fails the start-up naming it.
 */
public final class RouteBinder {

  private final RouterBuilder builder;
  private final Security security;
  private final Idempotency idempotency;
  private final Set<String> bound = new HashSet<>();

  public RouteBinder(RouterBuilder builder, Security security, Idempotency idempotency) {
    this.builder = Objects.requireNonNull(builder);
    this.security = Objects.requireNonNull(security);
    this.idempotency = Objects.requireNonNull(idempotency);
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

  /**
   * As {@link #write(String, String, Handler)} for an operation that honours {@code Idempotency-Key}
   * ({@link Idempotency.Mode#REQUIRED} or {@link Idempotency.Mode#OPTIONAL}): the key is checked and the body hashed
   * before {@code handler}, which makes its change through {@link Idempotency#run} (the key is scoped to
   * {@code "<METHOD> <operationId>"}). Document the header ({@code $ref: "#/components/parameters/IdempotencyKey"})
   * and the 409/422 answers in the operation.
   */
  public OpenAPIRoute write(String operationId, String permission, Idempotency.Mode mode,
                            Handler<RoutingContext> handler) {
    OpenAPIRoute route = route(operationId);
    String scope = route.getOperation().getHttpMethod().name() + " " + operationId;
    return route
        .addHandler(Authorization.require(security, permission))
        .addHandler(Http::attachAuditActor)
        .addHandler(idempotency.handler(mode, scope))
        .addHandler(handler);
  }

  /**
   * An operation whose handler decides access itself, because a shopper may reach their own records without the
   * permission (see {@link OwnAccess}): the audit actor, the idempotency key when {@code mode} is not null, then
   * {@code handler}, which must check access before it reads or changes anything.
   */
  public OpenAPIRoute own(String operationId, Idempotency.Mode mode, Handler<RoutingContext> handler) {
    OpenAPIRoute route = route(operationId);
    String scope = route.getOperation().getHttpMethod().name() + " " + operationId;
    route.addHandler(Http::attachAuditActor);
    if (mode != null) {
      route.addHandler(idempotency.handler(mode, scope));
    }
    return route.addHandler(handler);
  }

  /**
   * An operation open to callers without credentials (a payment provider's webhook, which proves itself by its
   * signature): no permission check, no actor; declare {@code security: []} on it in the contract.
   */
  public OpenAPIRoute open(String operationId, Handler<RoutingContext> handler) {
    return route(operationId).addHandler(handler);
  }

  /** The idempotency keys the handlers of {@link #write(String, String, Idempotency.Mode, Handler)} run through. */
  public Idempotency idempotency() {
    return idempotency;
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
