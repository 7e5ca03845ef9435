package io.olympus.platform.http;

import io.olympus.common.account.UserAccountsClient;
import io.olympus.common.security.Security;
import io.olympus.platform.audit.AuditQueries;
import io.olympus.platform.flag.FlagService;
import io.olympus.platform.location.LocationService;
import io.olympus.platform.rbac.RbacService;
import io.olympus.platform.setting.GlobalSettingService;
import io.olympus.platform.setting.SettingService;
import io.olympus.platform.tenant.TenantService;
import io.olympus.platform.tenant.TenantSignUp;
import io.olympus.platform.tenant.TenantUsage;
import io.olympus.platform.user.UserAdminService;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/**
 * Binds the platform's services to the operations of its contract. The services come from the platform's composition
 * root (built once per process); each HTTP verticle instance binds them into its own router, and each route class gets
 * only the services it uses.
 */
public record PlatformRoutes(TenantService tenants, TenantSignUp signUp, TenantUsage usage, RbacService rbac,
                             UserAccountsClient authUsers, LocationService locations, UserAdminService users,
                             FlagService flags, SettingService settings, GlobalSettingService globalSettings,
                             AuditQueries audit) {

  /** Adds every platform operation's handler to {@code builder}; {@code security} is the process's. */
  public void bind(RouterBuilder builder, Security security) {
    new TenantRoutes(security, tenants, signUp, usage, globalSettings).bind(builder);
    new AccessRoutes(security, rbac, authUsers).bind(builder);
    new LocationRoutes(security, locations).bind(builder);
    new UserRoutes(security, users).bind(builder);
    new TenantConfigRoutes(security, flags, settings, audit).bind(builder);
    new AdminRoutes(security, globalSettings, audit).bind(builder);
  }
}
