package io.olympus.platform;

import io.olympus.common.outbox.Backoff;
import io.olympus.common.http.ServiceHttpVerticle;
import io.olympus.common.service.OlympusService;
import io.olympus.common.service.ServiceContext;
import io.olympus.platform.audit.AuditRetention;
import io.olympus.platform.flag.FlagBusVerticle;
import io.olympus.platform.rbac.CustomerRoleVerticle;
import io.olympus.platform.rbac.RbacBusVerticle;
import io.olympus.platform.tenant.TenantBusVerticle;
import io.olympus.platform.tenant.TenantPurgeSweeper;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.HashMap;

/**
 * The platform service: tenant registry and authorization on the event bus, the audit retention and tenant purge
 * sweepers, and its HTTP verticle, all built on one {@link PlatformComponents} per process.
 */
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

  /**
   * The composition root: the platform's object graph for one process, built once by {@link #deploy} (tests build it
   * the same way and hand it to {@link #httpVerticle}).
   */
  public PlatformComponents components(Vertx vertx, ServiceContext context) {
    return new PlatformComponents(vertx, context);
  }

  /** An HTTP verticle over {@code components} (one instance per event loop in production; tests deploy it on port 0). */
  public ServiceHttpVerticle httpVerticle(ServiceContext context, int port, PlatformComponents components) {
    return new PlatformHttpVerticle(context, port, components.routes());
  }

  @Override
  public Future<Void> deploy(Vertx vertx, ServiceContext context) {
    int port = context.config().portOf(NAME);
    PlatformComponents components = components(vertx, context);
    Pool pool = components.pool();
    return vertx.deployVerticle(new TenantBusVerticle(components.tenants()))
        .compose(id -> vertx.deployVerticle(new RbacBusVerticle(components.rbac())))
        .compose(id -> vertx.deployVerticle(new FlagBusVerticle(components.flags())))
        .compose(id -> vertx.deployVerticle(new CustomerRoleVerticle(pool, Backoff.from(context.config().outbox()))))
        .compose(id -> vertx.deployVerticle(new AuditRetention(pool, components.tenants(), components.settings(),
            AUDIT_RETENTION_INTERVAL_MS)))
        .compose(id -> vertx.deployVerticle(new TenantPurgeSweeper(pool, config.purgeGraceHours(),
            config.purgeIntervalMs(), config.purgeBatch())))
        .compose(id -> vertx.deployVerticle(() -> httpVerticle(context, port, components),
            new DeploymentOptions().setInstances(context.config().httpInstances())))
        .mapEmpty();
  }
}
