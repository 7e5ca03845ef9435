package io.olympus.commerce.event;

import io.olympus.common.audit.AuditLog;
import io.olympus.common.event.EventEnvelope;
import io.olympus.common.outbox.OutboxWriter;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;

/**
 * The production sink: every event goes into the transactional outbox on the transaction that made the
 * change. When the change runs for an HTTP request with an {@link AuditActor} attached, the sink also
 * appends an audit entry (action = event type) in that same transaction; {@code inventory.low_stock}
 * is a consequence, not an action, and is not audited.
 */
public final class OutboxEventSink implements EventSink {

  @Override
  public Future<Void> write(SqlConnection conn, EventEnvelope event) {
    AuditActor actor = AuditActor.current();
    Future<Void> outbox = OutboxWriter.append(conn, event);
    if (actor == null || CommerceEvents.LOW_STOCK.equals(event.type())) {
      return outbox;
    }
    return outbox
        .compose(ignored -> AuditLog.append(conn, AuditLog.entry(event.tenantId(), actor.actorType(), actor.actorId(),
            event.type(), event.aggregateType(), event.aggregateId(), changes(event), actor.ip(), actor.requestId())))
        .mapEmpty();
  }

  /** A short summary of what the event changed (not the whole product document). */
  private static String changes(EventEnvelope event) {
    JsonObject payload = event.payload();
    if (payload == null) {
      return "{}";
    }
    JsonObject summary = new JsonObject();
    for (String field : new String[] {"title", "status", "version", "on_hand", "reserved", "reason"}) {
      if (payload.containsKey(field)) {
        summary.put(field, payload.getValue(field));
      }
    }
    return summary.encode();
  }
}
