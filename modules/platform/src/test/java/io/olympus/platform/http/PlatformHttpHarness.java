package io.olympus.platform.http;

import io.olympus.common.http.ServiceHttpVerticle;
import io.olympus.common.service.ServiceContext;
import io.olympus.common.account.FakeUserAccounts;
import io.olympus.common.testing.ServiceHarness;
import io.olympus.common.testing.TestAuthority;
import io.olympus.common.testing.TestInfra;
import io.olympus.platform.PlatformService;
import io.olympus.platform.rbac.RbacBusVerticle;
import io.olympus.platform.rbac.RbacRepository;
import io.olympus.platform.rbac.RbacService;
import io.olympus.platform.tenant.NewTenant;
import io.olympus.platform.tenant.TenantBusVerticle;
import io.olympus.platform.tenant.TenantRepository;
import io.olympus.platform.tenant.TenantService;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import java.util.Map;
import java.util.UUID;

/**
 * The platform's HTTP verticle on a clean database with its tenant and RBAC bus addresses, a {@link TestAuthority}
 * minting tokens, the shared {@link FakeUserAccounts} for the accounts, and two tenants: {@code acme} (pro plan) and {@code globex} (free). Tests assign the roles they need.
 */
final class PlatformHttpHarness {

  final Pool pool;
  final TenantService tenants;
  final RbacService rbac;
  final TestAuthority authority;
  final ServiceHarness.Deployed app;
  final WebClient client;
  final UUID acme;
  final UUID globex;
  final FakeUserAccounts users;

  /** The platform's HTTP front on port 0, built through the service's composition root. */
  static ServiceHttpVerticle platformHttp(Vertx vertx, ServiceContext context) {
    PlatformService service = new PlatformService();
    return service.httpVerticle(context, 0, service.components(vertx, context));
  }

  private PlatformHttpHarness(Vertx vertx) {
    TestInfra.get().truncateAll();
    pool = TestInfra.get().appPool(vertx);
    tenants = new TenantService(pool, new TenantRepository());
    rbac = new RbacService(pool, new RbacRepository());
    vertx.deployVerticle(new TenantBusVerticle(tenants)).await();
    vertx.deployVerticle(new RbacBusVerticle(rbac)).await();
    users = FakeUserAccounts.install(vertx);
    var context = ServiceHarness.context(vertx, Map.of());
    authority = new TestAuthority(context.config());
    authority.start(vertx).await();
    app = ServiceHarness.deploy(vertx, context, ctx -> platformHttp(vertx, ctx)).await();
    client = app.client();
    acme = tenants.create(NewTenant.fromJson(new JsonObject().put("slug", "acme").put("name", "Acme").put("plan", "pro")))
        .await().id();
    globex = tenants.create(NewTenant.fromJson(new JsonObject().put("slug", "globex").put("name", "Globex")))
        .await().id();
  }

  /** Starts everything (blocking: set-up only). */
  static PlatformHttpHarness start(Vertx vertx) {
    return new PlatformHttpHarness(vertx);
  }

  void close(Vertx vertx) {
    app.close(vertx).await();
    pool.close().await();
  }
}
