package io.olympus.auth.login.http;

import io.olympus.auth.config.AccountConfig;
import io.olympus.auth.login.service.LoginService;
import io.olympus.auth.abuse.TenantIpGate;
import java.time.Clock;
import io.olympus.auth.abuse.AbuseLimiter;
import io.olympus.auth.abuse.AbuseLimiter.Limit;
import io.olympus.auth.account.service.EmailAddresses;
import io.olympus.auth.http.RequestMetas;
import io.olympus.auth.login.service.LoginService.Credentials;
import io.olympus.auth.password.service.HashAdmission;
import io.olympus.common.error.ForbiddenException;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.http.Http;
import io.olympus.common.net.ClientIp;
import io.olympus.common.security.Security;
import io.olympus.common.tenant.TenantInfo;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /api/v1/auth/login}: admission to the hashing queue ({@link HashAdmission}, 503 {@code overloaded} when
 * full) → rate limits, tenant, throttle state and account → Argon2 verification → session.
 */
public final class LoginRoutes {

  private final HashAdmission loginAdmission;
  private final AbuseLimiter rateLimiter;
  private final AccountConfig flows;
  private final LoginService login;
  private final TenantIpGate ipGate;
  private final Clock clock;
  private final Security security;

  public LoginRoutes(HashAdmission loginAdmission, AbuseLimiter rateLimiter, AccountConfig flows, LoginService login,
      TenantIpGate ipGate, Clock clock, Security security) {
    this.loginAdmission = loginAdmission;
    this.rateLimiter = rateLimiter;
    this.flows = flows;
    this.login = login;
    this.ipGate = ipGate;
    this.clock = clock;
    this.security = security;
  }

  public void bind(RouterBuilder builder) {
    builder.getRoute("login").addHandler(this::login);
  }

  private void login(RoutingContext ctx) {
    JsonObject body = Http.body(ctx);
    var meta = RequestMetas.of(ctx);
    String email;
    try {
      email = EmailAddresses.normalize("email", body.getString("email"));
    } catch (RuntimeException e) {
      ctx.fail(e);
      return;
    }
    // admission first, before any Redis or database work: under a flood a refused sign-in costs nothing more
    HashAdmission.Ticket ticket;
    try {
      ticket = loginAdmission.admit();
    } catch (RuntimeException overloaded) {
      ctx.fail(overloaded);
      return;
    }
    // the place is given back when the hash is done, or when the request ends before it (refused, failed, or its
    // client gone: a hash not yet started is then skipped)
    ctx.addEndHandler(ended -> ticket.close());
    String slug = body.getString("tenant_slug");
    Future<Void> admitted = rateLimiter.enforce(ctx.response(), List.of(
        new Limit("login:ip:" + meta.ip(), flows.loginPerIpPerMinute(), Duration.ofMinutes(1)),
        // counted, never shown: its remaining count would tell a stranger how often the account was tried lately
        Limit.undisclosed("login:account:" + AbuseLimiter.digest(slug + "\n" + email), flows.loginPerAccountPerMinute(),
            Duration.ofMinutes(1))));
    // A tenant this process has loaded is checked without a round trip, so the account and its throttle state are
    // read while the rate limits are counted (the hash still waits for the admission). An unknown slug is looked up
    // only once the request is admitted: a flood of made-up slugs meets the limits before it reaches the platform.
    Future<Optional<TenantInfo>> tenant = security.tenants().cachedBySlug(slug)
        .map(cached -> Future.succeededFuture(Optional.of(cached)))
        .orElseGet(() -> admitted.compose(v -> tenant(security, slug)));
    tenant
        .compose(found -> found.isEmpty()
            // an unknown tenant costs and answers what an unknown email does: tenants cannot be probed
            ? login.refuseUnknownTenant(slug, email, body.getString("password"), meta, admitted, ticket)
            : active(found.get())
                .compose(known -> ipGate.check(known, ClientIp.address(ctx), null, "login", meta))
                .compose(known -> login.login(new Credentials(known, email, body.getString("password"),
                    body.getString("device_id"), body.getString("device_name")), meta, admitted, ticket)))
        .onSuccess(result -> Http.jsonNoStore(ctx, 200, result.toJson(clock)))
        .onFailure(ctx::fail);
  }

  /** The tenant of {@code slug}, empty when there is none. */
  private static Future<Optional<TenantInfo>> tenant(Security security, String slug) {
    return security.tenants().bySlug(slug)
        .map(Optional::of)
        .recover(err -> err instanceof NotFoundException
            ? Future.succeededFuture(Optional.empty())
            : Future.failedFuture(err));
  }

  /** A suspended or deleted tenant answers 403 naming its status. */
  private static Future<TenantInfo> active(TenantInfo tenant) {
    return tenant.isActive()
        ? Future.succeededFuture(tenant)
        : Future.failedFuture(new ForbiddenException("Tenant " + tenant.slug() + " is " + tenant.status()));
  }
}
