package io.olympus.auth.password.http;

import io.olympus.auth.config.CredentialConfig;
import io.olympus.auth.password.service.PasswordService;
import io.olympus.auth.abuse.AbuseLimiter;
import io.olympus.auth.abuse.AbuseLimiter.Limit;
import io.olympus.auth.account.service.EmailAddresses;
import io.olympus.auth.http.RequestMetas;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.http.Http;
import io.olympus.common.security.AuthenticationHandler;
import io.olympus.common.security.Principal;
import io.olympus.common.security.Security;
import io.olympus.common.tenant.TenantInfo;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Forgotten password, reset with the mailed token, change while signed in. */
public final class PasswordRoutes {

  private final AbuseLimiter rateLimiter;
  private final CredentialConfig extras;
  private final PasswordService passwords;
  private final Security security;

  public PasswordRoutes(AbuseLimiter rateLimiter, CredentialConfig extras, PasswordService passwords,
      Security security) {
    this.rateLimiter = rateLimiter;
    this.extras = extras;
    this.passwords = passwords;
    this.security = security;
  }

  public void bind(RouterBuilder builder) {
    builder.getRoute("forgotPassword").addHandler(this::forgotPassword);
    builder.getRoute("resetPassword").addHandler(this::resetPassword);
    builder.getRoute("changePassword").addHandler(this::changePassword);
  }

  /** Always 202 for well-formed input: whether the tenant or the account exists is not revealed. */
  private void forgotPassword(RoutingContext ctx) {
    JsonObject body = Http.body(ctx);
    var meta = RequestMetas.of(ctx);
    String email;
    try {
      email = EmailAddresses.normalize("email", body.getString("email"));
    } catch (RuntimeException e) {
      ctx.fail(e);
      return;
    }
    rateLimiter.enforce(ctx.response(), List.of(
            new Limit("forgot:ip:" + meta.ip(), extras.forgotPerIpPerHour(), Duration.ofHours(1)),
            // per account whether or not it exists (the key is a digest of tenant slug and email): no enumeration
            Limit.undisclosed("forgot:account:" + AbuseLimiter.digest(body.getString("tenant_slug") + "\n" + email),
                extras.forgotPerAccountPerHour(), Duration.ofHours(1))))
        .compose(v -> activeTenant(body.getString("tenant_slug")))
        .compose(tenant -> tenant.isPresent()
            ? passwords.forgot(tenant.get().id(), email, meta)
            : Future.succeededFuture())
        .onSuccess(v -> ctx.response().setStatusCode(202).end())
        .onFailure(ctx::fail);
  }

  private void resetPassword(RoutingContext ctx) {
    JsonObject body = Http.body(ctx);
    passwords.reset(body.getString("token"), body.getString("new_password"), RequestMetas.of(ctx))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void changePassword(RoutingContext ctx) {
    Principal p = AuthenticationHandler.principal(ctx);
    JsonObject body = Http.body(ctx);
    passwords.change(p.tenantId(), p.userId(), p.sessionId(), body.getString("current_password"),
            body.getString("new_password"), RequestMetas.of(ctx))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private Future<Optional<TenantInfo>> activeTenant(String slug) {
    return security.tenants().bySlug(slug)
        .map(tenant -> tenant.isActive() ? Optional.of(tenant) : Optional.<TenantInfo>empty())
        .recover(err -> err instanceof NotFoundException
            ? Future.succeededFuture(Optional.empty())
            : Future.failedFuture(err));
  }
}
