package io.olympus.common.testing;

import io.olympus.common.tenant.FakeTenants;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

/**
 * Answers {@code platform.tenants.resolve} from the real {@code tenants} table, for module tests that cannot deploy the
 * platform service: the shared fake {@link FakeTenants} backed by the tables (checked against the platform by the
 * tenants contract suite).
 */
public final class TestTenants {

  private TestTenants() {}

  public static FakeTenants serveResolve(Vertx vertx, Pool appPool) {
    return FakeTenants.install(vertx, appPool);
  }
}
