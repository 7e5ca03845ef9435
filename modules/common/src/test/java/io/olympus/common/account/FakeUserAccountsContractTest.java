package io.olympus.common.account;

import io.vertx.core.Vertx;
import java.util.UUID;

/** {@link UserAccountsContract} against the shared in-memory fake. */
class FakeUserAccountsContractTest extends UserAccountsContract {

  private FakeUserAccounts fake;

  @Override
  protected void serve(Vertx vertx) {
    fake = FakeUserAccounts.install(vertx);
  }

  @Override
  protected UUID givenTenant() {
    return UUID.randomUUID();
  }

  @Override
  protected void givenUser(UUID tenantId, UUID userId, String email, String displayName) {
    fake.add(tenantId, userId, email, displayName);
  }
}
