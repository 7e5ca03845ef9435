package io.olympus.platform;

import io.olympus.common.audit.Actor;
import io.olympus.common.audit.AuditLog;
import io.olympus.common.event.EventEnvelope;
import io.olympus.common.outbox.OutboxWriter;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.UUID;

/**
 * Records a platform change inside the transaction that makes it: an audit entry in the tenant's
 * hash chain and, when {@code eventType} is set, a domain event in the outbox.
 */
public final class PlatformChanges {

  private PlatformChanges() {}

  public static Future<Void> record(SqlConnection conn, UUID tenantId, Actor actor, String action,
                                    String resourceType, String resourceId, JsonObject changes, String eventType) {
    Future<Long> audited = AuditLog.append(conn, actor.entry(tenantId, action, resourceType, resourceId,
        changes.encode()));
    if (eventType == null) {
      return audited.mapEmpty();
    }
    EventEnvelope event = EventEnvelope.of(eventType, tenantId, resourceType, resourceId, actor.requestId(),
        changes.copy().put("tenant_id", tenantId.toString()));
    return audited.compose(seq -> OutboxWriter.append(conn, event));
  }
}
