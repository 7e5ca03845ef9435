package io.olympus.commerce.support;

import io.olympus.commerce.event.EventSink;
import io.olympus.common.event.EventEnvelope;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for the outbox writer: runs a statement on the caller's transaction (so a broken
 * transaction fails the write as the outbox insert would) and records the envelope it would write.
 */
public final class RecordingEventSink implements EventSink {

  private final List<EventEnvelope> written = new CopyOnWriteArrayList<>();

  @Override
  public Future<Void> write(SqlConnection conn, EventEnvelope event) {
    return conn.query("SELECT 1").execute()
        .map(ignored -> {
          written.add(event);
          return null;
        });
  }

  public List<EventEnvelope> written() {
    return List.copyOf(written);
  }

  public List<EventEnvelope> ofType(String type) {
    return written.stream().filter(e -> e.type().equals(type)).toList();
  }
}
