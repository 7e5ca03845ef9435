package io.olympus.common.outbox;

import io.olympus.common.db.Tenancy;
import io.olympus.common.event.EventEnvelope;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Apply-once for event consumers: an {@code event_inbox} row per (consumer, event id), inserted in the
 * consumer's own transaction. A redelivered or replayed event finds its row and is skipped; if the
 * consumer's transaction rolls back, so does the row, and the next delivery applies it.
 */
public final class Inbox {

  private Inbox() {}

  /**
   * Records {@code eventId} for {@code consumer} in the running transaction {@code tx}; true when this
   * is the first time (apply the event), false when it was already applied (skip it). A concurrent
   * transaction applying the same event makes this wait for it, then answer false (or true if it
   * rolled back).
   */
  public static Future<Boolean> applyOnce(SqlConnection tx, String consumer, UUID eventId) {
    return tx.preparedQuery(OutboxSql.INBOX_INSERT)
        .execute(Tuple.of(consumer, eventId))
        .map(rows -> rows.rowCount() == 1);
  }

  /**
   * As {@link #applyOnce(SqlConnection, String, UUID)} for several events in one statement: the ids of those seen for
   * the first time (apply them); the others were applied already. Rows are inserted in id order, so two transactions
   * recording overlapping sets cannot deadlock.
   */
  public static Future<Set<UUID>> applyOnce(SqlConnection tx, String consumer, Collection<UUID> eventIds) {
    return tx.preparedQuery(OutboxSql.INBOX_INSERT_MANY)
        .execute(Tuple.tuple().addString(consumer).addArrayOfUUID(eventIds.toArray(UUID[]::new)))
        .map(rows -> {
          Set<UUID> first = new HashSet<>();
          rows.forEach(row -> first.add(row.getUUID(0)));
          return first;
        });
  }

  /**
   * Wraps a transactional handler: each event runs in its own transaction (with the event's tenant set
   * for row-level security when it has one) and only the first delivery reaches {@code handler}.
   * The returned function fails when the handler or the database fails; the transaction then rolls back.
   */
  public static Function<EventEnvelope, Future<Void>> once(Pool pool, String consumer,
                                                           BiFunction<SqlConnection, EventEnvelope, Future<Void>> handler) {
    return event -> pool.withTransaction(tx -> setTenant(tx, event)
        .compose(v -> applyOnce(tx, consumer, event.id()))
        .compose(first -> first ? handler.apply(tx, event) : Future.<Void>succeededFuture()));
  }

  private static Future<Void> setTenant(SqlConnection tx, EventEnvelope event) {
    return event.tenantId() == null ? Future.succeededFuture() : Tenancy.setTenant(tx, event.tenantId());
  }
}
