package io.olympus.commerce.event;

import io.olympus.common.event.EventEnvelope;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

/**
 * Where commerce writes its domain events, on the connection of the transaction that made the change,
 * so an event exists exactly when its change commits. The transactional outbox writer implements it;
 * until it is wired in, {@link #discarding()} drops events.
 */
public interface EventSink {

  /** Writes {@code event} inside the transaction running on {@code conn}; a failure rolls the change back. */
  Future<Void> write(SqlConnection conn, EventEnvelope event);

  /** A sink that writes nothing (until the outbox is wired in). */
  static EventSink discarding() {
    return (conn, event) -> Future.succeededFuture();
  }
}
