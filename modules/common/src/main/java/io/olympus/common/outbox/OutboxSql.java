package io.olympus.common.outbox;

/** SQL of the outbox, inbox and dead-letter tables; read only by this package. */
final class OutboxSql {

  private OutboxSql() {}

  static final String EVENT_COLUMNS =
      "seq, id, type, schema_version, tenant_id, aggregate_type, aggregate_id, occurred_at, correlation_id, payload, "
          + "created_at, attempts";

  static final String SKIP_NOTIFY = "SELECT set_config('olympus.outbox_notify', 'off', true)";

  static final String INSERT_EVENT = """
      INSERT INTO outbox_event
        (id, type, schema_version, tenant_id, aggregate_type, aggregate_id, occurred_at, correlation_id, payload)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)""";

  /**
   * {@link #INSERT_EVENT} for several events in one statement: one array per column, element i of each is event i;
   * the rows get their seq in that order (the sequence is read after the sort, per row).
   */
  static final String INSERT_EVENTS = """
      INSERT INTO outbox_event
        (id, type, schema_version, tenant_id, aggregate_type, aggregate_id, occurred_at, correlation_id, payload)
      SELECT e.id, e.type, e.schema_version, e.tenant_id, e.aggregate_type, e.aggregate_id, e.occurred_at,
        e.correlation_id, e.payload::jsonb
      FROM unnest($1::uuid[], $2::text[], $3::int[], $4::uuid[], $5::text[], $6::text[], $7::timestamptz[], $8::text[],
        $9::text[]) WITH ORDINALITY AS e(id, type, schema_version, tenant_id, aggregate_type, aggregate_id, occurred_at,
        correlation_id, payload, n)
      ORDER BY e.n""";

  /**
   * The claim, in one statement and one snapshot. {@code window_rows}: the oldest $3 pending rows, each with its
   * aggregate's head there (the lowest seq of its aggregate in the window: any earlier pending row of the aggregate
   * would be in the window too). {@code heads}: up to $1 of those heads that are due, locked with SKIP LOCKED.
   * Result: the window rows of the locked aggregates from their head on, at most $2, in seq order. Rows after a head
   * need no lock of their own: no other relay can claim them while the head is locked (see
   * {@link OutboxRelayVerticle}). The work per cycle is bounded by the window, however large the backlog: the pending
   * index is read once, and the heads and the result rows are fetched by seq ({@code = ANY(ARRAY(...))}), so no plan
   * can scan the pending index (and the entries of rows published since the last vacuum) again per head, nor join
   * the window with the heads row by row — with a backlog, the plans the planner chose for the earlier form of this
   * statement took up to ~0.8 s a cycle, and the relay fell further behind the more it lagged.
   */
  static final String CLAIM = """
      WITH window_rows AS MATERIALIZED (
        SELECT seq, min(seq) OVER (PARTITION BY aggregate_type, aggregate_id) AS head
        FROM (
          SELECT seq, aggregate_type, aggregate_id
          FROM outbox_event
          WHERE published_at IS NULL
          ORDER BY seq
          LIMIT $3
        ) oldest
      ),
      heads AS MATERIALIZED (
        SELECT o.seq
        FROM outbox_event o
        WHERE o.seq = ANY (ARRAY(SELECT DISTINCT head FROM window_rows))
          AND o.published_at IS NULL
          AND o.next_attempt_at <= clock_timestamp()
        ORDER BY o.seq
        LIMIT $1
        FOR UPDATE SKIP LOCKED
      ),
      run AS (
        SELECT w.seq
        FROM window_rows w
        WHERE w.head = ANY (ARRAY(SELECT seq FROM heads))
        ORDER BY w.seq
        LIMIT $2
      )
      SELECT e.seq, e.id, e.type, e.schema_version, e.tenant_id, e.aggregate_type, e.aggregate_id, e.occurred_at,
             e.correlation_id, e.payload, e.created_at, e.attempts
      FROM outbox_event e
      WHERE e.seq = ANY (ARRAY(SELECT seq FROM run))
      ORDER BY e.seq""";

  static final String MARK_PUBLISHED = """
      UPDATE outbox_event
      SET published_at = clock_timestamp(), attempts = attempts + 1, last_error = NULL
      WHERE seq = ANY($1)""";

  static final String MARK_FAILED = """
      UPDATE outbox_event o
      SET attempts = o.attempts + 1,
          last_error = $3,
          next_attempt_at = clock_timestamp() + f.delay_ms * interval '1 millisecond'
      FROM unnest($1::bigint[], $2::bigint[]) AS f(seq, delay_ms)
      WHERE o.seq = f.seq""";

  static final String MOVE_TO_DEAD_LETTER = """
      WITH moved AS (
        DELETE FROM outbox_event WHERE seq = $1
        RETURNING id, type, tenant_id, seq, occurred_at, attempts
      )
      INSERT INTO event_dead_letter
        (event_id, consumer, event_type, tenant_id, outbox_seq, occurred_at, envelope, attempts, last_error)
      SELECT id, $2, type, tenant_id, seq, occurred_at, $3::jsonb, attempts + 1, $4 FROM moved
      ON CONFLICT (event_id, consumer) DO UPDATE
        SET attempts = EXCLUDED.attempts, last_error = EXCLUDED.last_error, failed_at = EXCLUDED.failed_at,
            envelope = EXCLUDED.envelope, outbox_seq = EXCLUDED.outbox_seq""";

  static final String RECORD_DEAD_LETTER = """
      INSERT INTO event_dead_letter
        (event_id, consumer, event_type, tenant_id, occurred_at, envelope, attempts, last_error)
      VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8)
      ON CONFLICT (event_id, consumer) DO UPDATE
        SET attempts = event_dead_letter.attempts + EXCLUDED.attempts, last_error = EXCLUDED.last_error,
            failed_at = EXCLUDED.failed_at, envelope = EXCLUDED.envelope""";

  static final String DEAD_LETTER_COLUMNS =
      "id, event_id, consumer, event_type, envelope, attempts, last_error, failed_at";

  /** Range filter on event id ($a, $b) and occurred_at ($c inclusive, $d exclusive); bounds may be NULL. */
  static String range(String idColumn, int first) {
    return "($" + first + "::uuid IS NULL OR " + idColumn + " >= $" + first + ")"
        + " AND ($" + (first + 1) + "::uuid IS NULL OR " + idColumn + " <= $" + (first + 1) + ")"
        + " AND ($" + (first + 2) + "::timestamptz IS NULL OR occurred_at >= $" + (first + 2) + ")"
        + " AND ($" + (first + 3) + "::timestamptz IS NULL OR occurred_at < $" + (first + 3) + ")";
  }

  static final String LIST_DEAD_LETTERS = "SELECT " + DEAD_LETTER_COLUMNS + " FROM event_dead_letter "
      + "WHERE consumer = $1 AND " + range("event_id", 2) + " ORDER BY occurred_at, event_id LIMIT $6";

  static final String COUNT_DEAD_LETTERS = "SELECT count(*) FROM event_dead_letter";

  static final String DELETE_DEAD_LETTER_IF_UNCHANGED =
      "DELETE FROM event_dead_letter WHERE id = $1 AND failed_at = $2";

  static final String REPLAY_RELAY_DEAD_LETTERS = """
      WITH moved AS (
        DELETE FROM event_dead_letter
        WHERE consumer = $1 AND %s
        RETURNING envelope, outbox_seq, event_id
      )
      INSERT INTO outbox_event
        (id, type, schema_version, tenant_id, aggregate_type, aggregate_id, occurred_at, correlation_id, payload)
      SELECT (envelope->>'id')::uuid, envelope->>'type', coalesce((envelope->>'schema_version')::int, 1),
             (envelope->>'tenant_id')::uuid, envelope->>'aggregate_type', envelope->>'aggregate_id',
             (envelope->>'occurred_at')::timestamptz, envelope->>'correlation_id', envelope->'payload'
      FROM moved
      ORDER BY outbox_seq, event_id
      ON CONFLICT (id) DO NOTHING""".formatted(range("event_id", 2));

  static final String REPUBLISH = "UPDATE outbox_event "
      + "SET published_at = NULL, attempts = 0, next_attempt_at = clock_timestamp(), last_error = NULL "
      + "WHERE published_at IS NOT NULL AND " + range("id", 1);

  static final String PAST_EVENTS_PAGE = "SELECT " + EVENT_COLUMNS + " FROM outbox_event "
      + "WHERE seq > $5 AND " + range("id", 1) + " ORDER BY seq LIMIT $6";

  /** When consumer $1 last applied an event (its newest inbox row), or NULL. */
  static final String CONSUMER_LAST_APPLIED = "SELECT max(processed_at) FROM event_inbox WHERE consumer = $1";

  /** Published events of the types $2 published at or after $1, after seq $3, in outbox order; $4 rows. */
  static final String CATCH_UP_PAGE = "SELECT " + EVENT_COLUMNS + " FROM outbox_event "
      + "WHERE published_at >= $1 AND type = ANY($2) AND seq > $3 ORDER BY seq LIMIT $4";

  static final String DELETE_PUBLISHED_BEFORE =
      "DELETE FROM outbox_event WHERE published_at < clock_timestamp() - $1::bigint * interval '1 hour'";

  static final String DELETE_INBOX_BEFORE =
      "DELETE FROM event_inbox WHERE processed_at < clock_timestamp() - $1::bigint * interval '1 hour'";

  static final String INBOX_INSERT =
      "INSERT INTO event_inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";

  /** The events of $2 seen for the first time by consumer $1: their rows are inserted and their ids returned. */
  static final String INBOX_INSERT_MANY = "INSERT INTO event_inbox (consumer, event_id) "
      + "SELECT $1, id FROM unnest($2::uuid[]) AS e(id) ORDER BY id ON CONFLICT DO NOTHING RETURNING event_id";

  static final String HEALTH = """
      SELECT
        (SELECT count(*) FROM outbox_event WHERE published_at IS NULL) AS pending,
        (SELECT coalesce((extract(epoch FROM clock_timestamp() - min(created_at)) * 1000)::bigint, 0)
           FROM (SELECT created_at FROM outbox_event WHERE published_at IS NULL ORDER BY seq LIMIT 1) oldest)
           AS lag_ms,
        (SELECT count(*) FROM event_dead_letter) AS dead_letters,
        (SELECT coalesce((percentile_cont(0.99) WITHIN GROUP (
                  ORDER BY extract(epoch FROM published_at - created_at)) * 1000)::bigint, 0)
           FROM outbox_event WHERE published_at > clock_timestamp() - interval '1 minute')
           AS publish_lag_p99_ms""";
}
