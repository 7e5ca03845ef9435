package io.olympus.common.account;

import io.olympus.common.bus.BusEndpoints;
import io.olympus.common.security.AuthAddresses;
import io.vertx.core.Vertx;

/** Serves {@link AuthAddresses#REGISTER_OWNER} from an {@link OwnerSignUp} (wire format: {@link OwnerSignUp}). */
public final class OwnerSignUpBusAdapter {

  private OwnerSignUpBusAdapter() {}

  /** Registers the consumer; unregister the returned handle to stop. */
  public static BusEndpoints.Registration register(Vertx vertx, OwnerSignUp signUp) {
    return BusEndpoints.on(vertx)
        .serve(AuthAddresses.REGISTER_OWNER, body -> signUp.registerOwner(OwnerSignUp.NewOwner.fromJson(body))
            .map(OwnerSignUp.SignedIn::toJson))
        .registration();
  }
}
