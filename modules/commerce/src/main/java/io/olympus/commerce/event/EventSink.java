package io.olympus.commerce.event;

import io.olympus.common.event.EventEnvelope;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
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
