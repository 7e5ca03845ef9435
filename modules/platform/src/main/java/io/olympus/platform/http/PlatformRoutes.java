package io.olympus.platform.http;

import io.olympus.common.account.UserAccountsClient;
import io.olympus.common.security.Security;
import io.olympus.common.service.ServiceContext;
import io.olympus.platform.audit.AuditQueries;
import io.olympus.platform.flag.FlagService;
import io.olympus.platform.location.LocationRepository;
import io.olympus.platform.location.LocationService;
import io.olympus.platform.rbac.RbacRepository;
import io.olympus.platform.rbac.RbacService;
import io.olympus.platform.setting.GlobalSettingService;
import io.olympus.platform.setting.SettingService;
import io.olympus.platform.tenant.TenantRepository;
import io.olympus.platform.tenant.TenantService;
import io.olympus.platform.tenant.TenantSignUp;
import io.olympus.platform.tenant.TenantUsage;
import io.olympus.platform.user.UserAdminService;
import io.vertx.core.Vertx;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;

/** Wires the platform's services to the operations of its contract. */
public final class PlatformRoutes {

  private PlatformRoutes() {}

  public static void bind(RouterBuilder builder, Vertx vertx, ServiceContext context, Pool pool) {
    Security security = Security.of(vertx, context);
    TenantRepository tenantRepository = new TenantRepository();
    TenantService tenants = new TenantService(pool, tenantRepository);
    LocationService locations = new LocationService(pool, new LocationRepository());
    GlobalSettingService globalSettings = new GlobalSettingService(pool);
    new TenantRoutes(security, tenants, new TenantSignUp(vertx, pool, tenantRepository, tenants),
        new TenantUsage(vertx, locations), globalSettings).bind(builder);
    UserAccountsClient authUsers = new UserAccountsClient(vertx);
    new AccessRoutes(security, new RbacService(pool, new RbacRepository(), authUsers::anyActive), authUsers)
        .bind(builder);
    new LocationRoutes(security, locations).bind(builder);
    new UserRoutes(security, new UserAdminService(pool, authUsers)).bind(builder);
    new TenantConfigRoutes(security, new FlagService(pool), new SettingService(pool), new AuditQueries(pool))
        .bind(builder);
    new AdminRoutes(security, globalSettings, new AuditQueries(pool)).bind(builder);
  }
}
