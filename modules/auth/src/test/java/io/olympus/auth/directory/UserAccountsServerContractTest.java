package io.olympus.auth.directory;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.olympus.auth.testing.CredentialHarness;
import io.olympus.common.account.UserAccountsContract;
import io.olympus.common.db.Tenancy;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link UserAccountsContract} against the auth service's real directory on the bus (accounts in PostgreSQL). */
class UserAccountsServerContractTest extends UserAccountsContract {

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

  @Override
  protected void givenUser(UUID tenantId, UUID userId, String email, String displayName) {
    Tenancy.inTenant(auth.appPool, tenantId, conn -> conn.preparedQuery(
            "INSERT INTO auth_users (id, tenant_id, email, display_name, password_hash, email_verified, roles) "
                + "VALUES ($1, $2, $3, $4, 'not-a-hash', true, $5)")
        .execute(Tuple.of(userId, tenantId, email, displayName, new String[] {"staff"}))).await();
  }
}
