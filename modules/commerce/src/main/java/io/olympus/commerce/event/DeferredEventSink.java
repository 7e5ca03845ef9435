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
 * sink when {@link #flush flushed} — the last statements before the commit. A change that writes events early in a
 * long transaction (an order's stock hold) thus takes the tenant's audit chain head, a row lock held until the
 * commit, only at its end. Nothing is written when the transaction fails before the flush. Not for sharing between
 * transactions.
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

  /** Writes everything kept so far on {@code conn}, one after the other, and forgets it. */
  public Future<Void> flush(SqlConnection conn) {
    List<Function<SqlConnection, Future<Void>>> writes = List.copyOf(pending);
    pending.clear();
    Future<Void> chain = Future.succeededFuture();
    for (Function<SqlConnection, Future<Void>> write : writes) {
      chain = chain.compose(ignored -> write.apply(conn));
    }
    return chain;
  }
}
