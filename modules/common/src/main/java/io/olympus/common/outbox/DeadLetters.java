package io.olympus.common.outbox;

import io.olympus.common.event.EventEnvelope;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.StreamSupport;

/** The dead-letter table: events the relay or a consumer gave up on, with the last error. */
public final class DeadLetters {

  /** The consumer name under which the relay records events it could not publish. */
  public static final String RELAY = "outbox-relay";

  private static final int MAX_ERROR_LENGTH = 2000;

  private static final Function<Row, DeadLetter> MAPPER = row -> new DeadLetter(
      row.getLong("id"),
      row.getUUID("event_id"),
      row.getString("consumer"),
      row.getString("event_type"),
      EventEnvelope.fromJson(row.getJsonObject("envelope")),
      row.getInteger("attempts"),
      row.getString("last_error"),
      row.getOffsetDateTime("failed_at").toInstant());

  private DeadLetters() {}

  /** One dead-lettered delivery. {@code failedAt} is the exact stored value (replay compares it). */
  public record DeadLetter(long id, UUID eventId, String consumer, String eventType, EventEnvelope envelope,
                           int attempts, String lastError, Instant failedAt) {}

  /** Records that {@code consumer} gave up on {@code event}; a second failure of the same pair updates the row. */
  public static Future<Void> record(SqlClient client, String consumer, EventEnvelope event, int attempts,
                                    Throwable error) {
    Tuple params = Tuple.tuple()
        .addUUID(event.id())
        .addString(consumer)
        .addString(event.type())
        .addUUID(event.tenantId())
        .addOffsetDateTime(event.occurredAt().atOffset(ZoneOffset.UTC))
        .addValue(event.toJson())
        .addInteger(attempts)
        .addString(describe(error));
    return SystemContext.run(client, system -> system.preparedQuery(OutboxSql.RECORD_DEAD_LETTER).execute(params))
        .mapEmpty();
  }

  /** All dead letters of every consumer. */
  public static Future<Long> count(SqlClient client) {
    return SystemContext.run(client, system -> system.query(OutboxSql.COUNT_DEAD_LETTERS).execute())
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** Dead letters of one consumer in a range, oldest event first, at most {@code limit}. */
  public static Future<List<DeadLetter>> list(SqlClient client, String consumer, ReplayRange range, int limit) {
    return SystemContext.run(client, system -> system.preparedQuery(OutboxSql.LIST_DEAD_LETTERS)
            .execute(range.addTo(Tuple.of(consumer)).addInteger(limit)))
        .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(MAPPER).toList());
  }

  static String describe(Throwable error) {
    String text = error == null ? "unknown" : error.getClass().getSimpleName() + ": " + error.getMessage();
    return text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) : text;
  }
}
