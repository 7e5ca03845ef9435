package io.olympus.auth;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.olympus.auth.testing.CredentialHarness;
import io.olympus.common.account.OwnerSignUpContract;
import io.vertx.core.Vertx;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link OwnerSignUpContract} against the auth service's real registration on the bus (Argon2, PostgreSQL, Redis). */
class OwnerSignUpServerContractTest extends OwnerSignUpContract {

  @RegisterExtension
  static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private CredentialHarness auth;

  @Override
  protected void serve(Vertx vertx) {
    auth = new CredentialHarness(vertx, MAIL).start();
  }

  @Override
  protected void stop() {
    auth.stop();
  }

  @Override
  protected UUID givenTenant() {
    return CredentialHarness.freshTenant("pro");
  }
}
