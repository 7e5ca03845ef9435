package io.olympus.commerce.event;

import io.olympus.common.event.EventEnvelope;
import io.olympus.common.db.Tenancy;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link EventSink} that writes through to another sink (the outbox) and, once the transaction that made a
 * change has committed, tells every {@link AfterCommitListener} which tenant changed what. A rolled-back change
 * tells nothing. Every commerce write reaches the sink, so this is the process's "something committed" hook; a
 * listener that throws is logged and does not keep the others from being told.
 */
public final class AfterCommitEventSink implements EventSink {

  private static final Logger LOG = LoggerFactory.getLogger(AfterCommitEventSink.class);

  private final EventSink delegate;
  private final List<AfterCommitListener> listeners;

  public AfterCommitEventSink(EventSink delegate, List<AfterCommitListener> listeners) {
    this.delegate = Objects.requireNonNull(delegate);
    this.listeners = List.copyOf(listeners);
  }

  @Override
  public Future<Void> write(SqlConnection conn, EventEnvelope event) {
    return delegate.write(conn, event)
        .onSuccess(ignored -> afterCommit(conn, event.tenantId(), event.type()));
  }

  @Override
  public Future<Void> writeAll(SqlConnection conn, List<EventEnvelope> events) {
    return delegate.writeAll(conn, events)
        .onSuccess(ignored -> events.forEach(event -> afterCommit(conn, event.tenantId(), event.type())));
  }

  @Override
  public Future<Void> audit(SqlConnection conn, UUID tenantId, String action, String resourceType, String resourceId,
                            JsonObject changes) {
    return delegate.audit(conn, tenantId, action, resourceType, resourceId, changes)
        .onSuccess(ignored -> afterCommit(conn, tenantId, action));
  }

  private void afterCommit(SqlConnection conn, UUID tenantId, String change) {
    Future<Void> end = Tenancy.completion(conn);
    if (end == null) {
      // no explicit transaction: the statement that made the change has already committed
      tell(tenantId, change);
      return;
    }
    end.onSuccess(ignored -> tell(tenantId, change));
  }

  private void tell(UUID tenantId, String change) {
    for (AfterCommitListener listener : listeners) {
      try {
        listener.committed(tenantId, change);
      } catch (RuntimeException e) {
        LOG.warn("after-commit listener {} failed on {}", listener, change, e);
      }
    }
  }
}
