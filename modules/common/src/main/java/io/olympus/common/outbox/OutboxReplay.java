package io.olympus.common.outbox;

import io.olympus.common.event.EventEnvelope;
import io.vertx.core.Future;
import io.olympus.common.bus.BusClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Replay for operators and tests: dead letters back to the relay or to their consumer, and past
 * (still retained) outbox events to everyone or to one consumer. Ranges are by event id and/or
 * occurred_at ({@link ReplayRange}).
 */
public final class OutboxReplay {

  private static final int PAGE = 500;
  private static final long ACK_TIMEOUT_MS = 10_000;

  private final BusClient bus;
  private final Pool pool;

  public OutboxReplay(BusClient bus, Pool pool) {
    this.bus = bus;
    this.pool = pool;
  }

  /**
   * Moves the relay's dead letters in {@code range} back into the outbox (in their original order) so
   * the relay publishes them again; the number moved. Fails with the database error, moving nothing.
   */
  public Future<Integer> replayRelayDeadLetters(ReplayRange range) {
    return SystemContext.run(pool, tx -> tx.preparedQuery(OutboxSql.REPLAY_RELAY_DEAD_LETTERS)
        .execute(range.addTo(Tuple.of(DeadLetters.RELAY))))
        .map(RowSet::rowCount);
  }

  /**
   * Re-delivers {@code consumer}'s dead letters in {@code range} to that consumer alone, oldest first;
   * each row is deleted once the consumer acknowledges receipt (if it fails again, it records a fresh
   * dead letter). The number re-delivered. Fails (keeping the remaining rows) when the consumer is not
   * registered or does not acknowledge.
   */
  public Future<Integer> replayConsumerDeadLetters(String consumer, ReplayRange range) {
    if (DeadLetters.RELAY.equals(consumer)) {
      return replayRelayDeadLetters(range);
    }
    return DeadLetters.list(pool, consumer, range, Integer.MAX_VALUE)
        .compose(letters -> redeliverDeadLetters(consumer, letters, 0));
  }

  /**
   * Marks retained, already published outbox events in {@code range} pending again: the relay
   * publishes them again on the bus and Redis, to every consumer. The number marked.
   */
  public Future<Integer> republish(ReplayRange range) {
    return SystemContext.run(pool, tx -> tx.preparedQuery(OutboxSql.REPUBLISH).execute(range.addTo(Tuple.tuple())))
        .map(RowSet::rowCount);
  }

  /**
   * Re-delivers retained outbox events in {@code range} to {@code consumer} alone, in outbox order;
   * the number delivered. An inbox consumer skips those it already applied. Fails when the consumer is
   * not registered or does not acknowledge.
   */
  public Future<Integer> redeliver(String consumer, ReplayRange range) {
    return redeliverPage(consumer, range, 0L, 0);
  }

  private Future<Integer> redeliverPage(String consumer, ReplayRange range, long afterSeq, int sent) {
    return SystemContext.run(pool, tx -> tx.preparedQuery(OutboxSql.PAST_EVENTS_PAGE)
            .execute(range.addTo(Tuple.tuple()).addLong(afterSeq).addInteger(PAGE)))
        .compose(rows -> {
          List<EventEnvelope> events = new ArrayList<>();
          long last = afterSeq;
          for (Row row : rows) {
            events.add(OutboxRows.toEnvelope(row));
            last = row.getLong("seq");
          }
          long lastSeq = last;
          return deliverAll(consumer, events, 0)
              .compose(v -> events.size() < PAGE
                  ? Future.succeededFuture(sent + events.size())
                  : redeliverPage(consumer, range, lastSeq, sent + events.size()));
        });
  }

  private Future<Void> deliverAll(String consumer, List<EventEnvelope> events, int index) {
    if (index >= events.size()) {
      return Future.succeededFuture();
    }
    return deliver(consumer, events.get(index))
        .compose(v -> deliverAll(consumer, events, index + 1));
  }

  private Future<Integer> redeliverDeadLetters(String consumer, List<DeadLetters.DeadLetter> letters, int index) {
    if (index >= letters.size()) {
      return Future.succeededFuture(index);
    }
    DeadLetters.DeadLetter letter = letters.get(index);
    return deliver(consumer, letter.envelope())
        .compose(v -> SystemContext.run(pool, tx -> tx.preparedQuery(OutboxSql.DELETE_DEAD_LETTER_IF_UNCHANGED)
            .execute(Tuple.of(letter.id(), letter.failedAt().atOffset(ZoneOffset.UTC)))))
        .compose(v -> redeliverDeadLetters(consumer, letters, index + 1));
  }

  private Future<Void> deliver(String consumer, EventEnvelope event) {
    return bus.requestBody(EventConsumer.replayAddress(consumer), event.toJson(), ACK_TIMEOUT_MS)
        .mapEmpty();
  }
}
