package io.olympus.common.outbox;

import io.olympus.common.db.Tenancy;
import io.olympus.common.event.EventEnvelope;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Writes events into the transactional outbox on the caller's running transaction, so an event row
 * commits or rolls back together with the state change that produced it.
 *
 * <pre>{@code
 * Tenancy.inTenant(pool, tenantId, tx -> orders.insert(tx, order)
 *     .compose(v -> OutboxWriter.append(tx, EventEnvelope.of("order.created", ...))));
 * }</pre>
 *
 * Events of one aggregate are published in the order their transactions commit, provided writers of
 * one aggregate serialise on the aggregate (they normally do: they update its row).
 */
public final class OutboxWriter {

  /**
   * The transaction setting that asks the outbox not to NOTIFY at the commit (see {@link #skipNotify}): a transaction
   * begun with it ({@link Tenancy#inTenant(io.vertx.sqlclient.Pool, UUID, List, java.util.function.Function)}) sets it
   * in the statement that sets its tenant, and {@link #skipNotify} then costs nothing.
   */
  public static final Tenancy.Setting NO_NOTIFY = new Tenancy.Setting("olympus.outbox_notify", "off");

  private OutboxWriter() {}

  /**
   * Asks the outbox not to NOTIFY the relays when the running transaction on {@code conn} commits (V097): a NOTIFY holds
   * PostgreSQL's notification lock across the commit and its WAL flush, so notifying transactions commit one at a time.
   * For transactions that write events at a high rate (checkout); after the commit the caller publishes
   * {@link OutboxRelayVerticle#WAKE_ADDRESS} on its event bus (this process's relays cycle at once), and relays of
   * other processes find the events at their next poll. Pipelined: no round trip of its own; no statement at all when
   * the transaction set {@link #NO_NOTIFY} with its tenant.
   */
  public static Future<Void> skipNotify(SqlConnection conn) {
    if (Tenancy.isSet(conn, NO_NOTIFY)) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery(OutboxSql.SKIP_NOTIFY).execute().mapEmpty();
  }

  /** Appends one event; fails with the database error (e.g. 23505 if the event id was already written). */
  public static Future<Void> append(SqlConnection conn, EventEnvelope event) {
    return conn.preparedQuery(OutboxSql.INSERT_EVENT)
        .execute(tuple(event))
        .mapEmpty();
  }

  /** Appends several events in one statement, in list order (their seq increases along it); fails like {@link #append}. */
  public static Future<Void> appendAll(SqlConnection conn, List<EventEnvelope> events) {
    if (events.size() == 1) {
      return append(conn, events.get(0));
    }
    if (events.isEmpty()) {
      return Future.succeededFuture();
    }
    int n = events.size();
    UUID[] ids = new UUID[n];
    String[] types = new String[n];
    Integer[] versions = new Integer[n];
    UUID[] tenants = new UUID[n];
    String[] aggregateTypes = new String[n];
    String[] aggregateIds = new String[n];
    OffsetDateTime[] occurred = new OffsetDateTime[n];
    String[] correlations = new String[n];
    String[] payloads = new String[n];
    for (int i = 0; i < n; i++) {
      EventEnvelope e = events.get(i);
      ids[i] = e.id();
      types[i] = e.type();
      versions[i] = e.schemaVersion();
      tenants[i] = e.tenantId();
      aggregateTypes[i] = e.aggregateType();
      aggregateIds[i] = e.aggregateId();
      occurred[i] = e.occurredAt().atOffset(ZoneOffset.UTC);
      correlations[i] = e.correlationId();
      payloads[i] = e.payload() == null ? null : e.payload().encode();
    }
    return conn.preparedQuery(OutboxSql.INSERT_EVENTS)
        .execute(Tuple.from(new Object[] {ids, types, versions, tenants, aggregateTypes, aggregateIds, occurred,
            correlations, payloads}))
        .mapEmpty();
  }

  private static Tuple tuple(EventEnvelope e) {
    return Tuple.tuple()
        .addUUID(e.id())
        .addString(e.type())
        .addInteger(e.schemaVersion())
        .addUUID(e.tenantId())
        .addString(e.aggregateType())
        .addString(e.aggregateId())
        .addOffsetDateTime(e.occurredAt().atOffset(ZoneOffset.UTC))
        .addString(e.correlationId())
        .addValue(e.payload());
  }
}
