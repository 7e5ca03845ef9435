package io.olympus.common.commerce;

import io.vertx.core.Vertx;
import java.util.UUID;

/** {@link CommerceUsageContract} against the shared in-memory fake. */
class FakeCommerceUsageContractTest extends CommerceUsageContract {

  private FakeCommerceUsage fake;

  @Override
  protected void serve(Vertx vertx) {
    fake = FakeCommerceUsage.install(vertx);
  }

  @Override
  protected void givenProducts(UUID tenantId, String status, int count) {
    fake.addProducts(tenantId, status, count);
  }
}
