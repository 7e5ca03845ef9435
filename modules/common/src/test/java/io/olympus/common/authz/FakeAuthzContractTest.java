package io.olympus.common.authz;

import io.vertx.core.Vertx;
import java.util.List;
import java.util.UUID;

/** {@link AuthzContract} against the shared in-memory fake. */
class FakeAuthzContractTest extends AuthzContract {

  private FakeAuthz fake;

  @Override
  protected void serve(Vertx vertx) {
    fake = FakeAuthz.install(vertx);
  }

  @Override
  protected UUID givenTenant() {
    return UUID.randomUUID();
  }

  @Override
  protected UUID givenLocation(UUID tenantId, UUID parentId) {
    return fake.addLocation(tenantId, UUID.randomUUID(), parentId);
  }

  @Override
  protected void givenGrant(UUID tenantId, UUID userId, String permission, UUID locationId) {
    if (locationId == null) {
      fake.grant(tenantId, userId, List.of(permission));
    } else {
      fake.grantAt(tenantId, userId, permission, locationId);
    }
  }
}
