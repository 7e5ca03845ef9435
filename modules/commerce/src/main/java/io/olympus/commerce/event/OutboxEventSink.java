package io.olympus.commerce.event;

import io.olympus.common.audit.AuditEntry;
import io.olympus.common.audit.AuditLog;
import io.olympus.common.event.EventEnvelope;
import io.olympus.common.outbox.OutboxWriter;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.UUID;

/**
 * The production sink: every event goes into the transactional outbox on the transaction that made the
 * change. When the change runs for an HTTP request with an {@link AuditActor} attached, the sink also
 * writes an audit entry (action = event type) in that same transaction; {@code inventory.low_stock}
 * is a consequence, not an action, and is not audited. Changes without events are audited through
 * {@link #audit}. Entries are written unlinked ({@link AuditLog#record}: no lock on the tenant's chain head, so one
 * tenant's changes do not wait for each other's commits) and linked into the tenant's hash chain after the commit by
 * {@link AuditChainer}.
 */
public final class OutboxEventSink implements EventSink {

  @Override
  public Future<Void> write(SqlConnection conn, EventEnvelope event) {
    Future<Void> outbox = OutboxWriter.append(conn, event);
    if (CommerceEvents.LOW_STOCK.equals(event.type())) {
      return outbox;
    }
    // the audit entry does not wait for the outbox row: both go out together on the transaction's connection
    Future<Void> audited = audit(conn, event.tenantId(), event.type(), event.aggregateType(), event.aggregateId(),
        summary(event.payload()));
    return Future.all(outbox, audited).mapEmpty();
  }

  /** The events in one outbox statement and their audit entries in one more. */
  @Override
  public Future<Void> writeAll(SqlConnection conn, List<EventEnvelope> events) {
    Future<Void> outbox = OutboxWriter.appendAll(conn, events);
    AuditActor actor = AuditActor.current();
    List<AuditEntry> entries = actor == null ? List.of() : events.stream()
        .filter(event -> !CommerceEvents.LOW_STOCK.equals(event.type()))
        .map(event -> entry(actor, event.tenantId(), event.type(), event.aggregateType(), event.aggregateId(),
            summary(event.payload())))
        .toList();
    return entries.isEmpty() ? outbox : Future.all(outbox, AuditLog.recordAll(conn, entries)).mapEmpty();
  }

  @Override
  public Future<Void> audit(SqlConnection conn, UUID tenantId, String action, String resourceType, String resourceId,
                            JsonObject changes) {
    AuditActor actor = AuditActor.current();
    if (actor == null) {
      return Future.succeededFuture();
    }
    return AuditLog.record(conn, entry(actor, tenantId, action, resourceType, resourceId, changes));
  }

  private static AuditEntry entry(AuditActor actor, UUID tenantId, String action, String resourceType,
                                  String resourceId, JsonObject changes) {
    return AuditLog.entry(tenantId, actor.actorType(), actor.actorId(), action, resourceType, resourceId,
        changes == null ? "{}" : changes.encode(), actor.ip(), actor.requestId());
  }

  /** A short summary of what the event changed (not the whole product document). */
  private static JsonObject summary(JsonObject payload) {
    if (payload == null) {
      return new JsonObject();
    }
    JsonObject summary = new JsonObject();
    for (String field : new String[] {"title", "status", "version", "on_hand", "reserved", "reason"}) {
      if (payload.containsKey(field)) {
        summary.put(field, payload.getValue(field));
      }
    }
    return summary;
  }
}
