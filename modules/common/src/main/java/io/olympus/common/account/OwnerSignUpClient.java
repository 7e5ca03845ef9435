package io.olympus.common.account;

import io.olympus.common.bus.BusClient;
import io.olympus.common.security.AuthAddresses;
import io.vertx.core.Future;

/** The platform's side of {@link OwnerSignUp} (through {@link BusClient}, with the longer {@link #TIMEOUT_MS}). */
public final class OwnerSignUpClient implements OwnerSignUp {

  private final BusClient bus;

  public OwnerSignUpClient(BusClient bus) {
    this.bus = bus;
  }

  @Override
  public Future<SignedIn> registerOwner(NewOwner owner) {
    return bus.request(AuthAddresses.REGISTER_OWNER, owner.toJson(), TIMEOUT_MS).map(SignedIn::fromJson);
  }
}
