package io.olympus.platform.audit;

import io.olympus.common.audit.Actor;
import io.olympus.common.audit.AuditLog;
import io.olympus.common.db.Tenancy;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.UUID;

/**
 * The system audit chain: platform-wide changes that belong to no tenant (global settings, tenant purges)
 * are recorded in the ordinary hash-chained audit log under the reserved tenant id {@link #CHAIN}
 * (all zeros, never a tenant's UUID v7), so they are verified and queried like any tenant's chain.
 */
public final class SystemAudit {

  /** The audit-log "tenant" of the system chain. */
  public static final UUID CHAIN = new UUID(0L, 0L);

  private SystemAudit() {}

  /**
   * Appends an entry to the system chain inside the running transaction on {@code conn}; switches that
   * transaction's tenant to the system chain (callers do this after their tenant-scoped work).
   */
  public static Future<Long> record(SqlConnection conn, Actor actor, String action, String resourceType,
                                    String resourceId, JsonObject changes) {
    return Tenancy.setTenant(conn, CHAIN)
        .compose(v -> AuditLog.append(conn, actor.entry(CHAIN, action, resourceType, resourceId, changes.encode())));
  }
}
