package io.olympus.common.testing;

import io.olympus.common.security.AuthKeysContract;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@link AuthKeysContract} against the shared fake of the auth service's keys. */
class TestAuthorityContractTest extends AuthKeysContract {

  private TestAuthority authority;

  @Override
  protected void serve(Vertx vertx) {
    authority = new TestAuthority(ServiceHarness.config(Map.of()));
    authority.start(vertx).await();
  }

  @Override
  protected UUID givenTenant() {
    return UUID.randomUUID();
  }

  @Override
  protected UUID givenUser(UUID tenantId) {
    return UUID.randomUUID();
  }

  @Override
  protected String givenApiKey(UUID tenantId, UUID userId, List<String> scopes) {
    return authority.apiKey(tenantId, userId, scopes);
  }

  @Override
  protected void givenRevoked(UUID tenantId, UUID userId, String apiKey) {
    authority.revoke(apiKey);
  }
}
