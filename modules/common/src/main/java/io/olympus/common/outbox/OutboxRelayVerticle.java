package io.olympus.common.outbox;

import io.olympus.common.config.OlympusConfig;
import io.olympus.common.db.CustomPlans;
import io.olympus.common.event.EventEnvelope;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes committed outbox rows on the event bus ({@code events.<type>}) and on Redis pub/sub (same
 * channel name, with an {@code "origin":"olympus-outbox"} marker so the Redis bridge does not forward
 * them back). Delivery is at least once; consumers deduplicate with {@link Inbox}.
 *
 * <h2>Claiming and per-aggregate order</h2>
 * Each cycle is one transaction: claim, publish to Redis (one pipelined batch on one connection, in seq
 * order), publish to the bus (in seq order), mark published, commit. The claim (one statement, see
 * {@code OutboxSql.CLAIM}) looks at a window of the oldest pending rows, takes each aggregate's
 * <em>head</em> there (its lowest pending seq), locks up to a batch of due heads with
 * {@code FOR UPDATE SKIP LOCKED}, and returns those aggregates' pending rows from the head on. So:
 * <ul>
 *   <li>Row N+1 of an aggregate is published either by the relay holding the aggregate's head in the
 *       same cycle, right after N, or, as a head itself, only once N is no longer pending, i.e. once the
 *       transaction that published N has committed, which happens after N reached Redis and the bus.
 *       A relay that finds a head locked by another relay skips that whole aggregate. Two relays
 *       therefore never interleave one aggregate's events. (A head whose row changed after the claim's
 *       snapshot fails the lock's re-check and is skipped, so a relay never works from a stale head.)</li>
 *   <li>A failed head blocks its aggregate until it is published or dead-lettered (later events wait
 *       rather than overtake it); other aggregates keep flowing.</li>
 *   <li>Rows of one aggregate get increasing seq in commit order because writers of an aggregate
 *       serialise on the aggregate's row (see {@link OutboxWriter}).</li>
 *   <li>The work per cycle is bounded by the window ({@code 10 x OUTBOX_BATCH_SIZE} rows), not by the
 *       backlog.</li>
 * </ul>
 * Any number of relays, in one or several processes, may run against one database.
 *
 * <h2>Retries and dead letters</h2>
 * When publishing a batch fails, each claimed aggregate head gets {@code attempts + 1}, {@code last_error} and
 * {@code next_attempt_at = now + min(max, base * 2^(attempts-1))}; a row whose attempts reach
 * {@code OUTBOX_MAX_ATTEMPTS} moves to {@code event_dead_letter} (consumer {@code outbox-relay}) and its
 * aggregate moves on. {@link OutboxReplay} puts dead letters back.
 *
 * <h2>Wake-up, retention, metrics</h2>
 * A trigger NOTIFYs {@code olympus_outbox} when a transaction that wrote events commits; the relay
 * LISTENs (when given connect options) and runs a cycle at once, and otherwise polls every
 * {@code OUTBOX_POLL_INTERVAL_MS}. A transaction that skipped the NOTIFY ({@link OutboxWriter#skipNotify}: its commits
 * would otherwise queue behind every other notifying commit) wakes this process's relays through
 * {@link #WAKE_ADDRESS} instead. A full batch triggers the next cycle immediately. A wake while a cycle runs (commits
 * keep coming) starts the next cycle {@code OUTBOX_LINGER_MS} after this one ends, not at once: under load the relay
 * then claims the events of every commit of that interval in one cycle, instead of running a cycle (and its
 * transaction) per commit; wakes during the linger are that cycle's. Published rows are
 * kept {@code OUTBOX_RETENTION_HOURS} for replay; an hourly clean-up deletes older ones (and inbox rows
 * of the same age).
 */
public final class OutboxRelayVerticle extends VerticleBase {

  public static final String NOTIFY_CHANNEL = "olympus_outbox";
  /**
   * Local event-bus address that runs a cycle of every relay of this process at once (or right after the one in
   * flight): published after the commit of a transaction that did not NOTIFY ({@link OutboxWriter#skipNotify}).
   */
  public static final String WAKE_ADDRESS = "olympus.outbox.wake";

  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelayVerticle.class);
  private static final long CLEANUP_INTERVAL_MS = 3_600_000;
  private static final long METRICS_REFRESH_MS = 5_000;
  private static final long REDIS_TIMEOUT_MS = 5_000;
  private static final long STOP_TIMEOUT_MS = 10_000;
  /** The claim looks at the oldest batchSize * this many pending rows to find aggregate heads. */
  private static final int CLAIM_WINDOW_FACTOR = 10;

  private final Pool pool;
  private final Redis redis;
  private final PgConnectOptions notifyConnect;
  private final OlympusConfig.Outbox settings;
  private final Backoff backoff;

  private OutboxMetrics metrics;
  private PgSubscriber subscriber;
  private boolean stopped;
  private boolean running;
  private boolean again;
  private boolean lingering;
  private long pollTimer = -1;
  private long cleanupTimer = -1;
  private long metricsTimer = -1;
  private Promise<Void> idle;
  private long lastFailureLog;

  /**
   * @param pool          runtime-role pool (the outbox has no row-level security)
   * @param redis         Redis client for PUBLISH, or null to publish on the event bus only
   * @param notifyConnect connect options for LISTEN, or null to rely on polling alone
   */
  public OutboxRelayVerticle(Pool pool, Redis redis, PgConnectOptions notifyConnect, OlympusConfig.Outbox settings) {
    this.pool = pool;
    this.redis = redis;
    this.notifyConnect = notifyConnect;
    this.settings = settings;
    this.backoff = Backoff.from(settings);
  }

  @Override
  public Future<?> start() {
    metrics = OutboxMetrics.create();
    cleanupTimer = vertx.setPeriodic(CLEANUP_INTERVAL_MS, id -> cleanup());
    if (metrics.enabled()) {
      metricsTimer = vertx.setPeriodic(METRICS_REFRESH_MS, id -> refreshMetrics());
    }
    vertx.eventBus().localConsumer(WAKE_ADDRESS, message -> wake());
    wake();
    return listen();
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(pollTimer);
    vertx.cancelTimer(cleanupTimer);
    vertx.cancelTimer(metricsTimer);
    Future<Void> closed = subscriber == null ? Future.succeededFuture() : subscriber.close();
    Future<Void> drained = running ? (idle = Promise.promise()).future() : Future.succeededFuture();
    // bounded: a cycle stuck on an unanswering dependency must not hold the shutdown (its rows stay claimable)
    return Future.join(closed, drained)
        .timeout(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .recover(err -> {
          LOG.warn("outbox relay stopped without waiting any longer for its cycle or LISTEN connection: {}",
              err.toString());
          return Future.succeededFuture();
        });
  }

  private Future<Void> listen() {
    if (notifyConnect == null) {
      return Future.succeededFuture();
    }
    subscriber = PgSubscriber.subscriber(vertx, notifyConnect)
        .reconnectPolicy(retries -> Math.min(10_000L, 100L << Math.min(retries, 7)));
    subscriber.channel(NOTIFY_CHANNEL).handler(payload -> context.runOnContext(v -> wake()));
    // LISTEN is a speed-up only: if it cannot connect now, polling still relays everything
    return subscriber.connect()
        .onFailure(err -> LOG.warn("outbox relay cannot LISTEN yet, polling only: {}", err.getMessage()))
        .recover(err -> Future.succeededFuture());
  }

  /** Runs a cycle now, or right after the one in flight. */
  private void wake() {
    if (stopped) {
      return;
    }
    if (running) {
      again = true;
      return;
    }
    if (lingering) {
      // the cycle about to start claims this wake's rows too
      return;
    }
    running = true;
    again = false;
    vertx.cancelTimer(pollTimer);
    relayOnce()
        .onComplete(ar -> afterCycle(ar.succeeded() ? ar.result() : 0, ar.cause()));
  }

  private void afterCycle(int relayed, Throwable failure) {
    running = false;
    if (failure != null) {
      logFailure("outbox relay cycle failed: {}", failure);
    }
    if (stopped) {
      if (idle != null) {
        idle.tryComplete();
      }
      return;
    }
    if (relayed >= settings.batchSize() || again && settings.lingerMs() == 0) {
      vertx.runOnContext(v -> wake());
    } else if (again) {
      lingering = true;
      pollTimer = vertx.setTimer(settings.lingerMs(), id -> {
        lingering = false;
        wake();
      });
    } else {
      pollTimer = vertx.setTimer(settings.pollIntervalMs(), id -> wake());
    }
  }

  /** One claim-publish-mark transaction; the number of events published. */
  Future<Integer> relayOnce() {
    // the system path: the claim sees every tenant's rows and the platform-wide events (row-level security)
    return pool.withTransaction(conn -> {
      // the outbox grows from empty to many thousand rows (published ones are kept for replay) faster than autovacuum
      // analyzes it: a generic plan cached while it was small read all of it in every claim and mark
      Future<Void> customPlans = CustomPlans.force(conn);
      return SystemContext.run(conn, system -> conn.preparedQuery(OutboxSql.CLAIM)
              .execute(Tuple.of(settings.batchSize(), settings.batchSize(), settings.batchSize() * CLAIM_WINDOW_FACTOR)))
          .map(OutboxRelayVerticle::toClaims)
          .compose(claims -> customPlans.compose(v -> publish(conn, claims)));
    });
  }

  private Future<Integer> publish(SqlConnection conn, List<Claim> claims) {
    if (claims.isEmpty()) {
      return Future.succeededFuture(0);
    }
    return publishToRedis(claims)
        .compose(
            v -> publishToBus(conn, claims),
            err -> recordFailure(conn, claims, err));
  }

  private Future<Void> publishToRedis(List<Claim> claims) {
    if (redis == null) {
      return Future.succeededFuture();
    }
    List<Request> requests = new ArrayList<>(claims.size());
    for (Claim claim : claims) {
      String message = redisMessage(claim.event()).encode();
      requests.add(Request.cmd(Command.PUBLISH).arg(claim.event().address()).arg(message));
    }
    // a hung Redis must not hold the claim's row locks indefinitely
    return redis.batch(requests)
        .timeout(REDIS_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .mapEmpty();
  }

  private Future<Integer> publishToBus(SqlConnection conn, List<Claim> claims) {
    Long[] seqs = new Long[claims.size()];
    long now = System.currentTimeMillis();
    for (int i = 0; i < seqs.length; i++) {
      Claim claim = claims.get(i);
      metrics.published(now - claim.createdAtMs());
      vertx.eventBus().publish(claim.event().address(), claim.event().toJson());
      seqs[i] = claim.seq();
    }
    return conn.preparedQuery(OutboxSql.MARK_PUBLISHED)
        .execute(Tuple.tuple().addArrayOfLong(seqs))
        .map(claims.size());
  }

  private Future<Integer> recordFailure(SqlConnection conn, List<Claim> claims, Throwable err) {
    logFailure("outbox publish failed, will retry: {}", err);
    metrics.failed(claims.size());
    String error = DeadLetters.describe(err);
    List<Long> retrySeqs = new ArrayList<>();
    List<Long> delays = new ArrayList<>();
    List<Tuple> deadLetters = new ArrayList<>();
    Set<String> aggregates = new HashSet<>();
    for (Claim claim : claims) {
      if (!aggregates.add(claim.event().aggregateType() + '\u0000' + claim.event().aggregateId())) {
        continue; // not a head: never attempted on its own, it waits behind its head
      }
      int attempt = claim.attempts() + 1;
      if (backoff.exhausted(attempt)) {
        deadLetters.add(Tuple.tuple()
            .addLong(claim.seq())
            .addString(DeadLetters.RELAY)
            .addValue(claim.event().toJson())
            .addString(error));
      } else {
        retrySeqs.add(claim.seq());
        delays.add(backoff.delayAfter(attempt));
      }
    }
    Future<Void> retried = retrySeqs.isEmpty()
        ? Future.succeededFuture()
        : conn.preparedQuery(OutboxSql.MARK_FAILED)
            .execute(Tuple.tuple()
                .addArrayOfLong(retrySeqs.toArray(Long[]::new))
                .addArrayOfLong(delays.toArray(Long[]::new))
                .addString(error))
            .mapEmpty();
    return retried
        .compose(v -> deadLetters.isEmpty()
            ? Future.<Void>succeededFuture()
            : conn.preparedQuery(OutboxSql.MOVE_TO_DEAD_LETTER).executeBatch(deadLetters).mapEmpty())
        .onSuccess(v -> {
          if (!deadLetters.isEmpty()) {
            LOG.error("outbox moved {} event(s) to the dead-letter table after {} attempts: {}",
                deadLetters.size(), backoff.maxAttempts(), error);
          }
        })
        .map(0);
  }

  private void cleanup() {
    OutboxCleanup.deleteExpired(pool, settings.retentionHours())
        .onSuccess(n -> LOG.debug("outbox clean-up deleted {} row(s)", n))
        .onFailure(err -> LOG.warn("outbox clean-up failed: {}", err.getMessage()));
  }

  private void refreshMetrics() {
    OutboxHealth.snapshot(pool)
        .onSuccess(metrics::refresh)
        .onFailure(err -> LOG.debug("outbox metrics refresh failed: {}", err.getMessage()));
  }

  /** Logs a failure at most once a second, so a Redis outage does not flood the log. */
  private void logFailure(String format, Throwable err) {
    long now = System.currentTimeMillis();
    if (now - lastFailureLog >= 1_000) {
      lastFailureLog = now;
      LOG.warn(format, err.toString());
    }
  }

  private record Claim(long seq, EventEnvelope event, long createdAtMs, int attempts) {}

  private static final Function<Row, Claim> CLAIM_MAPPER = row -> new Claim(
      row.getLong("seq"),
      OutboxRows.toEnvelope(row),
      row.getOffsetDateTime("created_at").toInstant().toEpochMilli(),
      row.getInteger("attempts"));

  private static List<Claim> toClaims(RowSet<Row> rows) {
    return StreamSupport.stream(rows.spliterator(), false).map(CLAIM_MAPPER).toList();
  }

  /** What the relay publishes on Redis: the envelope plus the origin marker the bridge skips. */
  static JsonObject redisMessage(EventEnvelope event) {
    return event.toJson().put(EventOrigin.FIELD, EventOrigin.OUTBOX_RELAY);
  }
}
