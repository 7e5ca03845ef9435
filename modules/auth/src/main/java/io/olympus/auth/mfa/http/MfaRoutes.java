package io.olympus.auth.mfa.http;

import io.olympus.auth.mfa.service.MfaService;
import io.olympus.auth.abuse.TenantIpGate;
import io.olympus.auth.login.service.LoginService;
import java.time.Clock;
import io.olympus.auth.http.RequestMetas;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.error.UnauthorizedException;
import io.olympus.common.error.ValidationException;
import io.olympus.common.http.Http;
import io.olympus.common.net.ClientIp;
import io.olympus.common.security.AuthenticationHandler;
import io.olympus.common.security.Principal;
import io.olympus.common.security.Security;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.Base64;
import java.util.List;

/** TOTP enrolment, confirmation, disabling, backup codes, and the login's second step ({@code POST /api/v1/auth/login/mfa}). */
public final class MfaRoutes {

  static final List<String> MFA_AMR = List.of("pwd", "otp");

  private final MfaService mfa;
  private final TenantIpGate ipGate;
  private final LoginService login;
  private final Clock clock;
  private final Security security;

  public MfaRoutes(MfaService mfa, TenantIpGate ipGate, LoginService login, Clock clock, Security security) {
    this.mfa = mfa;
    this.ipGate = ipGate;
    this.login = login;
    this.clock = clock;
    this.security = security;
  }

  public void bind(RouterBuilder builder) {
    builder.getRoute("getMfaStatus").addHandler(this::getStatus);
    builder.getRoute("enrolTotp").addHandler(this::enrolTotp);
    builder.getRoute("confirmTotp").addHandler(this::confirmTotp);
    builder.getRoute("disableTotp").addHandler(this::disableTotp);
    builder.getRoute("regenerateBackupCodes").addHandler(this::regenerateBackupCodes);
    builder.getRoute("loginMfa").addHandler(this::loginMfa);
  }

  private void getStatus(RoutingContext ctx) {
    Principal p = AuthenticationHandler.principal(ctx);
    mfa.status(p.tenantId(), p.userId())
        .onSuccess(status -> Http.jsonNoStore(ctx, 200, status))
        .onFailure(ctx::fail);
  }

  private void enrolTotp(RoutingContext ctx) {
    Principal p = AuthenticationHandler.principal(ctx);
    mfa.enrol(p.tenantId(), p.userId(), RequestMetas.of(ctx))
        .onSuccess(e -> Http.jsonNoStore(ctx, 201, new JsonObject()
            .put("secret", e.secret())
            .put("otpauth_uri", e.uri())
            .put("qr_code_png", Base64.getEncoder().encodeToString(e.qrPng()))))
        .onFailure(ctx::fail);
  }

  private void confirmTotp(RoutingContext ctx) {
    Principal p = AuthenticationHandler.principal(ctx);
    mfa.confirm(p.tenantId(), p.userId(), Http.body(ctx).getString("code"), RequestMetas.of(ctx))
        .onSuccess(codes -> Http.jsonNoStore(ctx, 200, new JsonObject().put("backup_codes", new JsonArray(codes))))
        .onFailure(ctx::fail);
  }

  private void disableTotp(RoutingContext ctx) {
    Principal p = AuthenticationHandler.principal(ctx);
    JsonObject body = Http.body(ctx);
    String password = body.getString("password");
    String code = body.getString("code");
    if (password == null && code == null) {
      ctx.fail(new ValidationException("password", "give the password or a code"));
      return;
    }
    mfa.disable(p.tenantId(), p.userId(), password, code, RequestMetas.of(ctx))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void regenerateBackupCodes(RoutingContext ctx) {
    Principal p = AuthenticationHandler.principal(ctx);
    mfa.regenerateBackupCodes(p.tenantId(), p.userId(), Http.body(ctx).getString("code"), RequestMetas.of(ctx))
        .onSuccess(codes -> Http.jsonNoStore(ctx, 200, new JsonObject().put("backup_codes", new JsonArray(codes))))
        .onFailure(ctx::fail);
  }

  private void loginMfa(RoutingContext ctx) {
    JsonObject body = Http.body(ctx);
    var meta = RequestMetas.of(ctx);
    mfa.completeChallenge(body.getString("mfa_token"), body.getString("code"))
        .compose(challenge -> security.tenants().byId(challenge.tenantId())
            .recover(err -> Future.failedFuture(err instanceof NotFoundException
                ? new UnauthorizedException("Invalid or expired mfa_token; sign in again") : err))
            .compose(tenant -> ipGate.check(tenant, ClientIp.address(ctx), challenge.userId(), "login_mfa", meta))
            .map(tenant -> challenge))
        .compose(challenge -> mfa.account(challenge.tenantId(), challenge.userId())
            .compose(account -> account.isEmpty()
                ? Future.failedFuture(new UnauthorizedException("Invalid or expired mfa_token; sign in again"))
                : login.startSession(account.get(), challenge.deviceId(), challenge.deviceName(), meta, MFA_AMR)))
        .onSuccess(result -> Http.jsonNoStore(ctx, 200, result.toJson(clock)))
        .onFailure(ctx::fail);
  }
}
