package io.olympus.auth;

import io.olympus.auth.account.repository.RequestMeta;
import io.olympus.auth.account.service.EmailAddresses;
import io.olympus.auth.login.service.LoginService;
import io.olympus.auth.registration.service.RegistrationService;
import io.olympus.auth.registration.service.RegistrationService.Registration;
import io.olympus.common.account.OwnerSignUp;
import io.olympus.common.account.OwnerSignUpBusAdapter;
import io.olympus.common.bus.BusEndpoints;
import io.olympus.common.security.AuthAddresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;

/** Serves {@link AuthAddresses#REGISTER_OWNER}: the owner of a new tenant, verified, signed in at once (auth's {@link OwnerSignUp}). */
final class OwnerRegistration implements OwnerSignUp {

  private final RegistrationService registrations;
  private final LoginService login;
  private final Clock clock;

  private OwnerRegistration(RegistrationService registrations, LoginService login, Clock clock) {
    this.registrations = registrations;
    this.login = login;
    this.clock = clock;
  }

  static BusEndpoints.Registration register(Vertx vertx, RegistrationService registrations, LoginService login,
      Clock clock) {
    return OwnerSignUpBusAdapter.register(vertx, new OwnerRegistration(registrations, login, clock));
  }

  @Override
  public Future<SignedIn> registerOwner(NewOwner owner) {
    Registration registration;
    try {
      registration = new Registration(owner.tenantId(), EmailAddresses.normalize("email", owner.email()),
          owner.password(), owner.displayName());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return registrations.registerOwner(registration, owner.userId(), RequestMeta.INTERNAL)
        .compose(account -> login.startSession(account, null, "tenant sign-up", RequestMeta.INTERNAL, List.of("pwd")))
        .map(result -> SignedIn.fromJson(result.toJson(clock).put("user_id", result.userId().toString())));
  }
}
