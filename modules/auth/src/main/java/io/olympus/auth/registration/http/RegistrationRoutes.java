package io.olympus.auth.registration.http;

import io.olympus.auth.registration.service.RegistrationService;
import io.olympus.auth.config.AccountConfig;
import io.olympus.auth.abuse.TenantIpGate;
import io.olympus.auth.abuse.AbuseLimiter;
import io.olympus.auth.abuse.AbuseLimiter.Limit;
import io.olympus.auth.account.service.EmailAddresses;
import io.olympus.auth.http.RequestMetas;
import io.olympus.auth.registration.service.RegistrationService.Registration;
import io.olympus.common.error.FieldError;
import io.olympus.common.error.ForbiddenException;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.error.ValidationException;
import io.olympus.common.http.Http;
import io.olympus.common.security.AuthenticationHandler;
import io.olympus.common.security.Authorization;
import io.olympus.common.security.Principal;
import io.olympus.common.net.ClientIp;
import io.olympus.common.security.Security;
import io.olympus.common.tenant.TenantInfo;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Registration, email verification, resend, unlock by mail and by an administrator, and reading a user. */
public final class RegistrationRoutes {

  private final RegistrationService registration;
  private final AbuseLimiter rateLimiter;
  private final AccountConfig flows;
  private final TenantIpGate ipGate;
  private final Security security;

  public RegistrationRoutes(RegistrationService registration, AbuseLimiter rateLimiter, AccountConfig flows,
      TenantIpGate ipGate, Security security) {
    this.registration = registration;
    this.rateLimiter = rateLimiter;
    this.flows = flows;
    this.ipGate = ipGate;
    this.security = security;
  }

  public void bind(RouterBuilder builder) {
    builder.getRoute("register").addHandler(this::register);
    builder.getRoute("verifyEmail").addHandler(this::verifyEmail);
    builder.getRoute("resendVerification").addHandler(this::resendVerification);
    builder.getRoute("unlockAccount").addHandler(this::unlockAccount);
    builder.getRoute("unlockUser")
        .addHandler(Authorization.require(security, "users:manage"))
        .addHandler(this::unlockUser);
    builder.getRoute("getUser").addHandler(this::getUser);
  }

  private void register(RoutingContext ctx) {
    JsonObject body = Http.body(ctx);
    var meta = RequestMetas.of(ctx);
    List<FieldError> errors = new ArrayList<>();
    String email = null;
    try {
      email = EmailAddresses.normalize("email", body.getString("email"));
    } catch (ValidationException e) {
      errors.addAll(e.errors());
    }
    String name = body.getString("display_name").strip();
    if (name.isEmpty()) {
      errors.add(new FieldError("display_name", "must not be blank"));
    }
    errors.addAll(registration.passwordErrors(body.getString("password"), email));
    if (!errors.isEmpty()) {
      ctx.fail(new ValidationException("The registration is not valid", errors));
      return;
    }
    String normalized = email;
    rateLimiter.enforce(ctx.response(), List.of(
            new Limit("register:ip:" + meta.ip(), flows.registerPerIpPerHour(), Duration.ofHours(1))))
        .compose(v -> activeTenant(body.getString("tenant_slug")))
        .compose(tenant -> ipGate.check(tenant, ClientIp.address(ctx), null, "register", meta))
        .compose(tenant -> registration.register(
            new Registration(tenant.id(), normalized, body.getString("password"), name), meta))
        .onSuccess(account -> {
          ctx.response().putHeader("Location", "/api/v1/auth/users/" + account.id());
          Http.jsonNoStore(ctx, 201, userJson(account));
        })
        .onFailure(ctx::fail);
  }

  private void verifyEmail(RoutingContext ctx) {
    registration.verifyEmail(ctx.queryParams().get("token"), RequestMetas.of(ctx))
        .onSuccess(v -> Http.jsonNoStore(ctx, 200, new JsonObject().put("email_verified", true)))
        .onFailure(ctx::fail);
  }

  private void resendVerification(RoutingContext ctx) {
    JsonObject body = Http.body(ctx);
    var meta = RequestMetas.of(ctx);
    String email;
    try {
      email = EmailAddresses.normalize("email", body.getString("email"));
    } catch (ValidationException e) {
      ctx.fail(e);
      return;
    }
    String slug = body.getString("tenant_slug");
    rateLimiter.enforce(ctx.response(), List.of(
            new Limit("resend:ip:" + meta.ip(), flows.resendPerIpPerHour(), Duration.ofHours(1)),
            Limit.undisclosed("resend:account:" + AbuseLimiter.digest(slug + "\n" + email), flows.resendPerAccountPerHour(),
                Duration.ofHours(1))))
        .compose(v -> security.tenants().bySlug(slug)
            .compose(tenant -> registration.resend(tenant.id(), email))
            // unknown tenant or account: the same answer, nothing sent
            .recover(err -> err instanceof NotFoundException ? Future.succeededFuture() : Future.failedFuture(err)))
        .onSuccess(v -> Http.jsonNoStore(ctx, 202, new JsonObject().put("status", "accepted")))
        .onFailure(ctx::fail);
  }

  private void unlockAccount(RoutingContext ctx) {
    registration.unlock(ctx.queryParams().get("token"), RequestMetas.of(ctx))
        .onSuccess(v -> Http.jsonNoStore(ctx, 200, new JsonObject().put("unlocked", true)))
        .onFailure(ctx::fail);
  }

  private void unlockUser(RoutingContext ctx) {
    Principal principal = AuthenticationHandler.principal(ctx);
    UUID userId = Http.uuidParam(ctx, "id");
    registration.unlockByAdmin(principal.tenantId(), userId, principal.userId(), RequestMetas.of(ctx))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void getUser(RoutingContext ctx) {
    Principal principal = AuthenticationHandler.principal(ctx);
    UUID userId = Http.uuidParam(ctx, "id");
    Authorization.check(security, principal, "users:read", null, userId)
        .recover(err -> principal.userId() != null && principal.userId().equals(userId)
            ? Future.succeededFuture() : Future.failedFuture(err))
        .compose(v -> registration.find(principal.tenantId(), userId))
        .onSuccess(account -> Http.jsonNoStore(ctx, 200, userJson(account)))
        .onFailure(ctx::fail);
  }

  private Future<TenantInfo> activeTenant(String slug) {
    return security.tenants().bySlug(slug)
        .recover(err -> err instanceof NotFoundException
            ? Future.failedFuture(new ValidationException("tenant_slug", "is not a known tenant"))
            : Future.failedFuture(err))
        .compose(tenant -> tenant.isActive()
            ? Future.succeededFuture(tenant)
            : Future.failedFuture(new ForbiddenException("Tenant " + tenant.slug() + " is " + tenant.status())));
  }

  private static JsonObject userJson(io.olympus.auth.account.repository.Account account) {
    return new JsonObject()
        .put("id", account.id().toString())
        .put("tenant_id", account.tenantId().toString())
        .put("email", account.email())
        .put("display_name", account.displayName())
        .put("email_verified", account.emailVerified())
        .put("roles", account.roles());
  }
}
