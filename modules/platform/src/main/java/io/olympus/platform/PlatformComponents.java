package io.olympus.platform;

import io.olympus.common.db.PgPools;
import io.olympus.common.service.ServiceContext;
import io.olympus.platform.audit.AuditQueries;
import io.olympus.platform.flag.FlagService;
import io.olympus.platform.http.PlatformRoutes;
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
import io.olympus.common.account.UserAccountsClient;
import io.olympus.platform.user.UserAdminService;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

/**
 * The platform's composition root: its object graph, built once per process by {@link PlatformService#deploy} over the
 * one runtime-role pool and the process's shared parts ({@link ServiceContext}: security, event-bus client). The bus
 * verticles, the sweepers and every HTTP verticle instance get their pieces from here through their constructors.
 * Every service here is stateless (a pool and repositories), so one instance serves every event loop. The pool is made
 * outside any verticle: it closes when Vert.x closes, after the verticles drained.
 */
public final class PlatformComponents {

  private final Pool pool;
  private final TenantService tenants;
  private final RbacService rbac;
  private final LocationService locations;
  private final FlagService flags;
  private final SettingService settings;
  private final GlobalSettingService globalSettings;
  private final AuditQueries audit;
  private final TenantSignUp signUp;
  private final TenantUsage usage;
  private final UserAccountsClient authUsers;
  private final UserAdminService users;

  PlatformComponents(Vertx vertx, ServiceContext context) {
    this.pool = PgPools.service(vertx, PlatformService.NAME, context);
    TenantRepository tenantRepository = new TenantRepository();
    this.tenants = new TenantService(pool, tenantRepository);
    this.authUsers = new UserAccountsClient(context.bus());
    this.rbac = new RbacService(pool, new RbacRepository(), authUsers::anyActive);
    this.locations = new LocationService(pool, new LocationRepository());
    this.flags = new FlagService(pool);
    this.settings = new SettingService(pool);
    this.globalSettings = new GlobalSettingService(pool);
    this.audit = new AuditQueries(pool);
    this.signUp = new TenantSignUp(context.bus(), pool, tenantRepository, tenants);
    this.usage = new TenantUsage(context.bus(), locations);
    this.users = new UserAdminService(pool, authUsers);
  }

  Pool pool() {
    return pool;
  }

  TenantService tenants() {
    return tenants;
  }

  RbacService rbac() {
    return rbac;
  }

  LocationService locations() {
    return locations;
  }

  FlagService flags() {
    return flags;
  }

  SettingService settings() {
    return settings;
  }

  GlobalSettingService globalSettings() {
    return globalSettings;
  }

  AuditQueries audit() {
    return audit;
  }

  TenantSignUp signUp() {
    return signUp;
  }

  TenantUsage usage() {
    return usage;
  }

  UserAccountsClient authUsers() {
    return authUsers;
  }

  UserAdminService users() {
    return users;
  }

  /** The services the HTTP routes use, each route class getting only its own. */
  PlatformRoutes routes() {
    return new PlatformRoutes(tenants, signUp, usage, rbac, authUsers, locations, users, flags, settings, globalSettings,
        audit);
  }
}
