package io.olympus.commerce.event;

import io.olympus.common.event.EventEnvelope;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import java.util.Objects;
import java.util.UUID;

/**
 * An {@link EventSink} that writes through to another sink and, once the transaction that made a change has
 * committed, tells a {@link Listener} which tenant changed what (the event type, or the audit action of a change
 * without events: {@code category.created}, {@code price_list.created}, ...). A rolled-back change tells nothing.
 * Every catalog, price and inventory write reaches the sink, so this is the process's "catalog changed" hook.
 */
public final class CommittedChangeSink implements EventSink {

  /** Told on the committing connection's context, after the commit answered. */
  @FunctionalInterface
  public interface Listener {
    void committed(UUID tenantId, String change);
  }

  private final EventSink delegate;
  private final Listener listener;

  public CommittedChangeSink(EventSink delegate, Listener listener) {
    this.delegate = Objects.requireNonNull(delegate);
    this.listener = Objects.requireNonNull(listener);
  }

  @Override
  public Future<Void> write(SqlConnection conn, EventEnvelope event) {
    return delegate.write(conn, event)
        .onSuccess(ignored -> afterCommit(conn, event.tenantId(), event.type()));
  }

  @Override
  public Future<Void> audit(SqlConnection conn, UUID tenantId, String action, String resourceType, String resourceId,
                            JsonObject changes) {
    return delegate.audit(conn, tenantId, action, resourceType, resourceId, changes)
        .onSuccess(ignored -> afterCommit(conn, tenantId, action));
  }

  private void afterCommit(SqlConnection conn, UUID tenantId, String change) {
    Transaction transaction = conn.transaction();
    if (transaction == null) {
      // no explicit transaction: the statement that made the change has already committed
      listener.committed(tenantId, change);
      return;
    }
    transaction.completion().onSuccess(ignored -> listener.committed(tenantId, change));
  }
}
