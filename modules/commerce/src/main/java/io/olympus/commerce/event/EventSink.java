package io.olympus.commerce.event;

import io.olympus.common.event.EventEnvelope;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Where commerce writes its domain events, on the connection of the transaction that made the change,
 * so an event exists exactly when its change commits. {@link OutboxEventSink} implements it with the
 * transactional outbox; {@link #discarding()} drops events.
 */
public interface EventSink {

  /** Writes {@code event} inside the transaction running on {@code conn}; a failure rolls the change back. */
  Future<Void> write(SqlConnection conn, EventEnvelope event);

  /**
   * Writes {@code events}, in their order, inside the transaction running on {@code conn}, as {@link #write} does
   * each: a sink may write them in fewer statements. By default one {@link #write} each, none waiting for another.
   */
  default Future<Void> writeAll(SqlConnection conn, List<EventEnvelope> events) {
    List<Future<Void>> written = new ArrayList<>();
    for (EventEnvelope event : events) {
      written.add(write(conn, event));
    }
    return Future.all(written).mapEmpty();
  }

  /**
   * Records a change that emits no event (categories, price lists) in the audit log of the transaction on
   * {@code conn}, when the sink audits and the change runs for a known actor; a no-op by default.
   */
  default Future<Void> audit(SqlConnection conn, UUID tenantId, String action, String resourceType, String resourceId,
                             JsonObject changes) {
    return Future.succeededFuture();
  }

  /** A sink that writes nothing (service tests and tools). */
  static EventSink discarding() {
    return (conn, event) -> Future.succeededFuture();
  }
}
