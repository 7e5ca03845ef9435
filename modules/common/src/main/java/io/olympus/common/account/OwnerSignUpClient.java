package io.olympus.common.account;

import io.olympus.common.bus.BusClient;
import io.olympus.common.security.AuthAddresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** The platform's side of {@link OwnerSignUp} (through {@link BusClient}, with the longer {@link #TIMEOUT_MS}). */
public final class OwnerSignUpClient implements OwnerSignUp {

  private final Vertx vertx;

  public OwnerSignUpClient(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public Future<SignedIn> registerOwner(NewOwner owner) {
    return BusClient.of(vertx).request(AuthAddresses.REGISTER_OWNER, owner.toJson(), TIMEOUT_MS).map(SignedIn::fromJson);
  }
}
