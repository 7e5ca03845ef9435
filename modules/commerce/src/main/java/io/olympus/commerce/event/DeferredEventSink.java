package io.olympus.commerce.event;

import io.olympus.common.event.EventEnvelope;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * An {@link EventSink} for one transaction that keeps what it is given and writes it, in the order given, to another
 * sink when {@link #flush flushed}: a change that writes events in the middle of a chain of statements (an order's
 * stock hold) does not wait for their round trip there, and they go out together with the transaction's last writes.
 * Nothing is written when the transaction fails before the flush. Not for sharing between transactions.
 */
public final class DeferredEventSink implements EventSink {

  private final EventSink delegate;
  /** What was given, in order: an event, or an audit entry (a write of its own). */
  private final List<Pending> pending = new ArrayList<>();

  /** An event (then {@code audit} is null) or an audit entry's write. */
  private record Pending(EventEnvelope event, Function<SqlConnection, Future<Void>> audit) {}

  public DeferredEventSink(EventSink delegate) {
    this.delegate = delegate;
  }

  @Override
  public Future<Void> write(SqlConnection conn, EventEnvelope event) {
    pending.add(new Pending(event, null));
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> audit(SqlConnection conn, UUID tenantId, String action, String resourceType, String resourceId,
                            JsonObject changes) {
    pending.add(new Pending(null, c -> delegate.audit(c, tenantId, action, resourceType, resourceId, changes)));
    return Future.succeededFuture();
  }

  /**
   * Writes everything kept so far on {@code conn} and forgets it: each run of events kept one after the other goes to
   * the delegate in one {@link EventSink#writeAll} (the outbox writes it in one statement), each audit entry on its
   * own; the statements go out together, none waiting for another's answer (the connection runs them in the order
   * given); fails with the first failure.
   */
  public Future<Void> flush(SqlConnection conn) {
    List<Pending> kept = List.copyOf(pending);
    pending.clear();
    List<Future<Void>> written = new ArrayList<>();
    List<EventEnvelope> run = new ArrayList<>();
    for (Pending item : kept) {
      if (item.event() != null) {
        run.add(item.event());
        continue;
      }
      if (!run.isEmpty()) {
        written.add(delegate.writeAll(conn, List.copyOf(run)));
        run.clear();
      }
      written.add(item.audit().apply(conn));
    }
    if (!run.isEmpty()) {
      written.add(delegate.writeAll(conn, List.copyOf(run)));
    }
    return Future.all(written).mapEmpty();
  }
}
