package io.olympus.auth;

import io.olympus.auth.account.repository.RequestMeta;
import io.olympus.auth.account.service.EmailAddresses;
import io.olympus.auth.registration.service.RegistrationService.Registration;
import io.olympus.common.account.OwnerSignUp;
import io.olympus.common.account.OwnerSignUpBusAdapter;
import io.olympus.common.bus.BusEndpoints;
import io.olympus.common.security.AuthAddresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;

/** Serves {@link AuthAddresses#REGISTER_OWNER}: the owner of a new tenant, verified, signed in at once (auth's {@link OwnerSignUp}). */
final class OwnerRegistration implements OwnerSignUp {

  private final AuthCore core;

  private OwnerRegistration(AuthCore core) {
    this.core = core;
  }

  static BusEndpoints.Registration register(Vertx vertx, AuthCore core) {
    return OwnerSignUpBusAdapter.register(vertx, new OwnerRegistration(core));
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
    return core.registration.registerOwner(registration, owner.userId(), RequestMeta.INTERNAL)
        .compose(account -> core.login.startSession(account, null, "tenant sign-up", RequestMeta.INTERNAL, List.of("pwd")))
        .map(result -> SignedIn.fromJson(result.toJson(core.clock).put("user_id", result.userId().toString())));
  }
}
