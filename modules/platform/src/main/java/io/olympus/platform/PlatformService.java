package io.olympus.platform;

import io.olympus.common.db.PgPools;
import io.olympus.common.outbox.Backoff;
import io.olympus.common.http.ServiceHttpVerticle;
import io.olympus.common.service.OlympusService;
import io.olympus.common.service.ServiceContext;
import io.olympus.platform.audit.AuditRetention;
import io.olympus.platform.flag.FlagBusVerticle;
import io.olympus.platform.flag.FlagService;
import io.olympus.platform.rbac.CustomerRoleVerticle;
import io.olympus.platform.rbac.RbacBusVerticle;
import io.olympus.platform.rbac.RbacRepository;
import io.olympus.platform.rbac.RbacService;
import io.olympus.platform.setting.SettingService;
import io.olympus.platform.tenant.TenantBusVerticle;
import io.olympus.platform.tenant.TenantPurgeSweeper;
import io.olympus.platform.tenant.TenantRepository;
import io.olympus.platform.tenant.TenantService;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.HashMap;

/** The platform service: tenant registry and authorization on the event bus, and its HTTP verticle. */
public final class PlatformService implements OlympusService {

  public static final String NAME = "platform";

  /** How often each tenant's audit retention setting is applied. */
  static final long AUDIT_RETENTION_INTERVAL_MS = 6 * 3600 * 1000L;

  private final PlatformConfig config;

  /** Reads its settings from the environment. */
  public PlatformService() {
    this(PlatformConfig.from(new JsonObject(new HashMap<>(System.getenv()))));
  }

  public PlatformService(PlatformConfig config) {
    this.config = config;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The HTTP verticle (one instance per event loop in production; tests deploy it on port 0). */
  public ServiceHttpVerticle httpVerticle(ServiceContext context, int port) {
    return new PlatformHttpVerticle(context, port);
  }

  @Override
  public Future<Void> deploy(Vertx vertx, ServiceContext context) {
    int port = context.config().portOf(NAME);
    Pool pool = PgPools.service(vertx, NAME, context);
    TenantService tenants = new TenantService(pool, new TenantRepository());
    RbacService rbac = new RbacService(pool, new RbacRepository());
    return vertx.deployVerticle(new TenantBusVerticle(tenants))
        .compose(id -> vertx.deployVerticle(new RbacBusVerticle(rbac)))
        .compose(id -> vertx.deployVerticle(new FlagBusVerticle(new FlagService(pool))))
        .compose(id -> vertx.deployVerticle(new CustomerRoleVerticle(pool, Backoff.from(context.config().outbox()))))
        .compose(id -> vertx.deployVerticle(new AuditRetention(pool, tenants, new SettingService(pool),
            AUDIT_RETENTION_INTERVAL_MS)))
        .compose(id -> vertx.deployVerticle(new TenantPurgeSweeper(pool, config.purgeGraceHours(),
            config.purgeIntervalMs(), config.purgeBatch())))
        .compose(id -> vertx.deployVerticle(() -> httpVerticle(context, port),
            new DeploymentOptions().setInstances(context.config().httpInstances())))
        .mapEmpty();
  }
}
