package io.olympus.platform.audit;

import io.olympus.common.audit.AuditLog;
import io.olympus.common.db.Tenancy;
import io.olympus.platform.setting.SettingService;
import io.olympus.platform.tenant.Tenant;
import io.olympus.platform.tenant.TenantService;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies each tenant's {@code audit.retention_days} setting: entries older than that are pruned, the
 * kept chain stays verifiable from its new anchor. Runs every {@code intervalMs} (one tenant at a time).
 */
public final class AuditRetention extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(AuditRetention.class);
  private static final int PAGE = 100;

  private final Pool pool;
  private final TenantService tenants;
  private final SettingService settings;
  private final long intervalMs;
  private long timer = -1;

  public AuditRetention(Pool pool, TenantService tenants, SettingService settings, long intervalMs) {
    this.pool = pool;
    this.tenants = tenants;
    this.settings = settings;
    this.intervalMs = intervalMs;
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(intervalMs, id -> runOnce()
        .onFailure(err -> LOG.warn("audit retention run failed: {}", err.getMessage())));
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  /** One pass over every tenant; returns the number of entries removed. */
  public Future<Long> runOnce() {
    return page(null, 0L);
  }

  private Future<Long> page(UUID after, long removed) {
    return tenants.listAll(after, PAGE).compose(list -> prune(list, 0, removed)
        .compose(total -> list.size() < PAGE ? Future.succeededFuture(total)
            : page(list.get(list.size() - 1).id(), total)));
  }

  private Future<Long> prune(List<Tenant> list, int index, long removed) {
    if (index == list.size()) {
      return Future.succeededFuture(removed);
    }
    UUID tenantId = list.get(index).id();
    return settings.effective(tenantId)
        .compose(values -> {
          int days = ((Number) values.get("audit.retention_days")).intValue();
          Instant cutoff = Instant.now().minus(Duration.ofDays(days));
          return Tenancy.inTenant(pool, tenantId, conn -> AuditLog.prune(conn, tenantId, cutoff));
        })
        .compose(count -> prune(list, index + 1, removed + count));
  }
}
