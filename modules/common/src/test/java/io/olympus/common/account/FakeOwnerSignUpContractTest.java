package io.olympus.common.account;

import io.vertx.core.Vertx;
import java.util.UUID;

/** {@link OwnerSignUpContract} against the shared fake. */
class FakeOwnerSignUpContractTest extends OwnerSignUpContract {

  @Override
  protected void serve(Vertx vertx) {
    FakeOwnerSignUp.install(vertx);
  }

  @Override
  protected UUID givenTenant() {
    return UUID.randomUUID();
  }
}
