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
  private final List<Function<SqlConnection, Future<Void>>> pending = new ArrayList<>();

  public DeferredEventSink(EventSink delegate) {
    this.delegate = delegate;
  }

  @Override
  public Future<Void> write(SqlConnection conn, EventEnvelope event) {
    pending.add(c -> delegate.write(c, event));
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> audit(SqlConnection conn, UUID tenantId, String action, String resourceType, String resourceId,
                            JsonObject changes) {
    pending.add(c -> delegate.audit(c, tenantId, action, resourceType, resourceId, changes));
    return Future.succeededFuture();
  }

  /**
   * Writes everything kept so far on {@code conn} and forgets it: the statements go out together, none waiting for
   * another's answer (the connection runs them in the order given); fails with the first failure.
   */
  public Future<Void> flush(SqlConnection conn) {
    List<Function<SqlConnection, Future<Void>>> writes = List.copyOf(pending);
    pending.clear();
    List<Future<Void>> written = new ArrayList<>();
    for (Function<SqlConnection, Future<Void>> write : writes) {
      written.add(write.apply(conn));
    }
    return Future.all(written).mapEmpty();
  }
}
