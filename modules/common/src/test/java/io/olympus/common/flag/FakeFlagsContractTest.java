package io.olympus.common.flag;

import io.vertx.core.Vertx;
import java.util.List;
import java.util.UUID;

/** {@link FlagsContract} against the shared in-memory fake. */
class FakeFlagsContractTest extends FlagsContract {

  private FakeFlags fake;

  @Override
  protected void serve(Vertx vertx) {
    fake = FakeFlags.install(vertx);
  }

  @Override
  protected UUID givenTenant() {
    return UUID.randomUUID();
  }

  @Override
  protected void givenFlag(UUID tenantId, String key, boolean enabled, List<String> targetRoles) {
    fake.flag(tenantId, key, enabled, targetRoles);
  }
}
