package io.olympus.common.outbox;

import io.olympus.common.event.EventEnvelope;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A named consumer of published events: subscribes to {@code events.<type>} for each type, runs the
 * handler for each event, retries a failing handler with exponential backoff, and after the retry
 * budget records the event in {@code event_dead_letter} under the consumer's name. Events of one
 * aggregate are handled one after another in arrival order (a retrying event holds back later events
 * of its aggregate only), at most {@link #MAX_IN_FLIGHT} events at once. It also listens on {@link #replayAddress(String)}, where
 * {@link OutboxReplay} re-delivers dead-lettered and past events to this consumer alone.
 *
 * <p>Handlers should be idempotent: delivery is at least once. {@link #transactional} wraps a handler
 * with {@link Inbox} so each event is applied once.
 *
 * <p>An inbox consumer ({@link #transactional}) also catches up when it starts: the events of its types that were
 * published since it last applied one (less {@link #CATCH_UP_MARGIN}), while it was not subscribed, are read back from
 * the outbox and handled like live ones (the inbox skips those it already applied). A consumer that never applied an
 * event starts from now; events older than the outbox retention are gone (rebuild the read model instead). Events
 * caught up may come after newer live events of the same aggregate.
 *
 * <p>{@link #stop} unsubscribes, then finishes the events already received (at most {@link #DRAIN_TIMEOUT_MS}); an
 * event that fails while the consumer stops is dead-lettered at once instead of waiting for its next retry, so no
 * received event is dropped silently: each is applied, or kept in {@code event_dead_letter} for replay.
 */
public final class EventConsumer {

  public static final String REPLAY_ADDRESS_PREFIX = "outbox.replay.";
  /** Events handled at once per consumer (across aggregates), so a burst cannot flood the database pool. */
  public static final int MAX_IN_FLIGHT = 64;
  /** How long {@link #stop} waits for the events already received to finish. */
  public static final long DRAIN_TIMEOUT_MS = 10_000;
  /** How far before its last applied event a starting consumer looks for events it missed. */
  public static final Duration CATCH_UP_MARGIN = Duration.ofMinutes(1);
  private static final int CATCH_UP_PAGE = 500;

  private static final Logger LOG = LoggerFactory.getLogger(EventConsumer.class);

  private final Vertx vertx;
  private final Pool pool;
  private final String name;
  private final Backoff backoff;
  private final Function<EventEnvelope, Future<Void>> handler;
  private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
  private final Map<String, Future<Void>> tails = new ConcurrentHashMap<>();
  private final InFlightLimiter limiter = new InFlightLimiter(MAX_IN_FLIGHT);
  private volatile boolean stopping;
  private volatile Future<Integer> caughtUp = Future.succeededFuture(0);

  private EventConsumer(Vertx vertx, Pool pool, String name, Backoff backoff,
                        Function<EventEnvelope, Future<Void>> handler) {
    this.vertx = vertx;
    this.pool = pool;
    this.name = name;
    this.backoff = backoff;
    this.handler = handler;
  }

  /** The address on which replay re-delivers events to consumer {@code name} only. */
  public static String replayAddress(String name) {
    return REPLAY_ADDRESS_PREFIX + name;
  }

  /**
   * Starts consuming {@code eventTypes} (e.g. {@code order.created}); the future completes once the
   * subscriptions are registered (cluster-wide when clustered). {@code pool} is used for dead letters.
   */
  public static Future<EventConsumer> start(Vertx vertx, Pool pool, String name, Collection<String> eventTypes,
                                            Backoff backoff, Function<EventEnvelope, Future<Void>> handler) {
    EventConsumer consumer = new EventConsumer(vertx, pool, name, backoff, handler);
    return consumer.register(eventTypes)
        .map(consumer);
  }

  /**
   * Like {@link #start}, with the handler run in a transaction guarded by the inbox (applied once), and a catch-up on
   * the events published while it was not subscribed ({@link #caughtUp}).
   */
  public static Future<EventConsumer> transactional(Vertx vertx, Pool pool, String name, Collection<String> eventTypes,
                                                    Backoff backoff,
                                                    BiFunction<SqlConnection, EventEnvelope, Future<Void>> handler) {
    return start(vertx, pool, name, eventTypes, backoff, Inbox.once(pool, name, handler))
        .onSuccess(consumer -> consumer.caughtUp = consumer.catchUp(eventTypes));
  }

  public String name() {
    return name;
  }

  /**
   * Unregisters every subscription, then waits (at most {@link #DRAIN_TIMEOUT_MS}) for the events already received:
   * each is applied, or dead-lettered at once if it fails now.
   */
  public Future<Void> stop() {
    stopping = true;
    return Future.join(consumers.stream().map(MessageConsumer::unregister).toList())
        .transform(unregistered -> drain());
  }

  /**
   * The start-up catch-up of a {@link #transactional} consumer: completes with the number of missed events read back
   * once they are handled (0 for a consumer that never applied an event, and at once for one started without an
   * inbox); fails if the outbox could not be read.
   */
  public Future<Integer> caughtUp() {
    return caughtUp;
  }

  /**
   * Reads back and handles the events of {@code eventTypes} published since this consumer last applied one (less
   * {@link #CATCH_UP_MARGIN}); the number read back. Only for a consumer that records what it applied in the inbox
   * under its name ({@link #transactional} does so, and calls this when it starts), so that events it already applied
   * are skipped.
   */
  public Future<Integer> catchUp(Collection<String> eventTypes) {
    Future<Integer> done = SystemContext.run(pool, tx -> tx.preparedQuery(OutboxSql.CONSUMER_LAST_APPLIED)
            .execute(Tuple.of(name)))
        .map(rows -> rows.iterator().next().getOffsetDateTime(0))
        .compose(last -> last == null
            ? Future.succeededFuture(0)
            : catchUpPage(eventTypes.toArray(String[]::new), last.minus(CATCH_UP_MARGIN), 0L, 0));
    return done
        .onSuccess(handled -> {
          if (handled > 0) {
            LOG.info("consumer {} caught up on {} events published while it was not subscribed", name, handled);
          }
        })
        .onFailure(err -> LOG.warn("consumer {} could not catch up on missed events: {}", name, err.toString()));
  }

  private Future<Integer> catchUpPage(String[] types, OffsetDateTime since, long afterSeq, int handled) {
    if (stopping) {
      return Future.succeededFuture(handled);
    }
    return SystemContext.run(pool, tx -> tx.preparedQuery(OutboxSql.CATCH_UP_PAGE)
            .execute(Tuple.of(since, types, afterSeq, CATCH_UP_PAGE)))
        .compose(rows -> {
          List<Future<Void>> done = new ArrayList<>();
          long last = afterSeq;
          for (Row row : rows) {
            done.add(enqueue(OutboxRows.toEnvelope(row)));
            last = row.getLong("seq");
          }
          long lastSeq = last;
          int total = handled + done.size();
          return Future.join(done)
              .transform(ignored -> done.size() < CATCH_UP_PAGE
                  ? Future.succeededFuture(total)
                  : catchUpPage(types, since, lastSeq, total));
        });
  }

  /** The events received and not yet finished (applied or dead-lettered). */
  int inHand() {
    return tails.size();
  }

  private Future<Void> drain() {
    List<Future<Void>> inHand = List.copyOf(tails.values());
    if (inHand.isEmpty()) {
      return Future.succeededFuture();
    }
    LOG.info("consumer {} stopping: finishing {} aggregates' events in hand", name, inHand.size());
    return Future.join(inHand)
        .<Void>mapEmpty()
        .timeout(DRAIN_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .recover(err -> {
          LOG.warn("consumer {} stopped with events of {} aggregates unfinished after {} ms; the outbox keeps them "
              + "for replay", name, tails.size(), DRAIN_TIMEOUT_MS);
          return Future.succeededFuture();
        });
  }

  private Future<Void> register(Collection<String> eventTypes) {
    List<Future<Void>> registered = new ArrayList<>();
    for (String type : eventTypes) {
      MessageConsumer<JsonObject> c = vertx.eventBus().consumer(EventEnvelope.ADDRESS_PREFIX + type, this::onEvent);
      consumers.add(c);
      registered.add(c.completion());
    }
    MessageConsumer<JsonObject> replay = vertx.eventBus().consumer(replayAddress(name), this::onReplay);
    consumers.add(replay);
    registered.add(replay.completion());
    return Future.all(registered)
        .mapEmpty();
  }

  private void onEvent(Message<JsonObject> message) {
    EventEnvelope event = parse(message.body());
    if (event != null) {
      enqueue(event);
    }
  }

  /** Replay asks for an acknowledgement on receipt; the outcome is handled like any delivery. */
  private void onReplay(Message<JsonObject> message) {
    EventEnvelope event = parse(message.body());
    if (event == null) {
      message.fail(400, "malformed event envelope");
      return;
    }
    message.reply("accepted");
    enqueue(event);
  }

  private EventEnvelope parse(JsonObject body) {
    try {
      return EventEnvelope.fromJson(body);
    } catch (RuntimeException e) {
      LOG.warn("consumer {} dropped a malformed event: {}", name, e.getMessage());
      return null;
    }
  }

  /** Chains the event after the previous one of its aggregate; completes once it is applied or dead-lettered. */
  private Future<Void> enqueue(EventEnvelope event) {
    String key = event.aggregateType() + '\u0000' + event.aggregateId();
    Promise<Void> done = Promise.promise();
    Future<Void> previous = tails.put(key, done.future());
    Future<Void> before = previous == null ? Future.succeededFuture() : previous;
    before
        .transform(ignored -> limiter.run(() -> attempt(event, 1)))
        .onComplete(done);
    done.future().onComplete(ar -> tails.remove(key, done.future()));
    return done.future();
  }

  /** Never fails: success, or a dead letter recorded (or logged if even that fails). */
  private Future<Void> attempt(EventEnvelope event, int attempt) {
    return invoke(event)
        .recover(err -> backoff.exhausted(attempt) || stopping
            ? deadLetter(event, attempt, err)
            : vertx.timer(backoff.delayAfter(attempt)).compose(v -> attempt(event, attempt + 1)));
  }

  private Future<Void> invoke(EventEnvelope event) {
    try {
      Future<Void> result = handler.apply(event);
      return result == null ? Future.succeededFuture() : result;
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private Future<Void> deadLetter(EventEnvelope event, int attempts, Throwable err) {
    LOG.error("consumer {} gave up on event {} ({}) after {} attempts: {}", name, event.id(), event.type(), attempts,
        err.toString());
    return DeadLetters.record(pool, name, event, attempts, err)
        .recover(dlErr -> {
          LOG.error("consumer {} could not record dead letter for event {}: {}", name, event.id(), dlErr.toString());
          return Future.succeededFuture();
        });
  }
}
