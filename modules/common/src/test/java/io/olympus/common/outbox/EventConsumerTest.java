package io.olympus.common.outbox;

import io.olympus.common.db.Tenancy;
import static io.olympus.common.outbox.OutboxFixtures.FAST;
import static io.olympus.common.outbox.OutboxFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.common.event.EventEnvelope;
import io.olympus.common.testing.ServiceHarness;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class EventConsumerTest {

  private static final String DEFAULT_TYPE = "consumer_test.happened";
  private static final String DEFAULT_CONSUMER = "test-consumer";
  private static final Backoff DEFAULT_BACKOFF = Backoff.from(FAST);

  private static TestInfra infra;
  private Pool pool;

  @BeforeAll
  static void createProbeTable() {
    infra = TestInfra.get();
    infra.executeAsOwner("""
        CREATE TABLE IF NOT EXISTS inbox_probe (
          event_id uuid NOT NULL,
          applied_at timestamptz NOT NULL DEFAULT now()
        );
        GRANT SELECT, INSERT, UPDATE, DELETE ON inbox_probe TO olympus_app;
        """);
  }

  @BeforeEach
  void setUp(Vertx vertx) {
    infra.truncateAll();
    pool = infra.appPool(vertx);
  }

  @AfterEach
  void tearDown() {
    pool.close().await();
  }

  @Test
  void shouldDeadLetterAnEventAfterTheRetryBudgetAndRedeliverItOnReplay(Vertx vertx, VertxTestContext ctx) {
    EventEnvelope event = event(DEFAULT_TYPE, "agg-1", new JsonObject().put("n", 1));
    AtomicBoolean failing = new AtomicBoolean(true);
    AtomicInteger attempts = new AtomicInteger();
    EventConsumer.start(vertx, pool, DEFAULT_CONSUMER, List.of(DEFAULT_TYPE), DEFAULT_BACKOFF, e -> {
      attempts.incrementAndGet();
      if (failing.get()) {
        return Future.failedFuture(new IllegalStateException("downstream unavailable"));
      }
      ctx.verify(() -> assertThat(e).isEqualTo(event));
      ctx.completeNow();
      return Future.succeededFuture();
    }).await();

    vertx.eventBus().publish(event.address(), event.toJson());
    awaitDeadLetters(vertx, 1).await();

    List<DeadLetters.DeadLetter> letters =
        DeadLetters.list(pool, DEFAULT_CONSUMER, ReplayRange.all(), 10).await();
    assertThat(attempts).hasValue(FAST.maxAttempts());
    assertThat(letters).singleElement().satisfies(letter -> {
      assertThat(letter.eventId()).isEqualTo(event.id());
      assertThat(letter.consumer()).isEqualTo(DEFAULT_CONSUMER);
      assertThat(letter.attempts()).isEqualTo(FAST.maxAttempts());
      assertThat(letter.lastError()).contains("downstream unavailable");
      assertThat(letter.envelope()).isEqualTo(event);
    });

    failing.set(false);
    int replayed = new OutboxReplay(ServiceHarness.bus(vertx), pool)
        .replayConsumerDeadLetters(DEFAULT_CONSUMER, ReplayRange.ids(event.id(), event.id()))
        .await();
    assertThat(replayed).isEqualTo(1);
    assertThat(DeadLetters.count(pool).await()).isZero();
  }

  @Test
  void shouldApplyAnEventOnceWhenItArrivesTwice(Vertx vertx, VertxTestContext ctx) {
    EventEnvelope event = event(DEFAULT_TYPE, "agg-2", new JsonObject().put("n", 1));
    EventEnvelope marker = event(DEFAULT_TYPE, "agg-2", new JsonObject().put("n", 2));
    AtomicInteger applied = new AtomicInteger();
    EventConsumer.transactional(vertx, pool, DEFAULT_CONSUMER, List.of(DEFAULT_TYPE), DEFAULT_BACKOFF, (tx, e) -> {
      if (e.id().equals(marker.id())) {
        // events of one aggregate are handled in order: both copies of the event are done by now
        ctx.verify(() -> assertThat(applied).hasValue(1));
        return countProbeRows(tx, event).onSuccess(rows -> ctx.verify(() -> {
          assertThat(rows).isEqualTo(1);
          ctx.completeNow();
        })).mapEmpty();
      }
      applied.incrementAndGet();
      return tx.preparedQuery("INSERT INTO inbox_probe (event_id) VALUES ($1)").execute(Tuple.of(e.id())).mapEmpty();
    }).await();

    vertx.eventBus().publish(event.address(), event.toJson());
    vertx.eventBus().publish(event.address(), event.toJson());
    vertx.eventBus().publish(marker.address(), marker.toJson());
  }

  @Test
  void shouldHandleABurstAcrossManyAggregatesWithoutDeadLetters(Vertx vertx, VertxTestContext ctx) {
    int total = 1_000;
    AtomicInteger applied = new AtomicInteger();
    EventConsumer.transactional(vertx, pool, DEFAULT_CONSUMER, List.of(DEFAULT_TYPE), DEFAULT_BACKOFF, (tx, e) ->
        tx.preparedQuery("INSERT INTO inbox_probe (event_id) VALUES ($1)").execute(Tuple.of(e.id()))
            .onSuccess(rows -> {
              if (applied.incrementAndGet() == total) {
                DeadLetters.count(pool)
                    .onComplete(ctx.succeeding(count -> ctx.verify(() -> {
                      assertThat(count).isZero();
                      ctx.completeNow();
                    })));
              }
            })
            .mapEmpty()).await();

    // 1,000 events at once on a 4-connection pool: all applied, none dead-lettered
    for (int i = 0; i < total; i++) {
      EventEnvelope e = event(DEFAULT_TYPE, "burst-" + i, new JsonObject());
      vertx.eventBus().publish(e.address(), e.toJson());
    }
  }

  @Test
  void shouldAnswerApplyOnceTrueOnlyTheFirstTime(Vertx vertx, VertxTestContext ctx) {
    EventEnvelope event = event(DEFAULT_TYPE, "agg-3", new JsonObject());
    pool.withTransaction(tx -> Inbox.applyOnce(tx, DEFAULT_CONSUMER, event.id()))
        .compose(first -> pool.withTransaction(tx -> Inbox.applyOnce(tx, DEFAULT_CONSUMER, event.id()))
            .map(second -> List.of(first, second)))
        .compose(answers -> pool.withTransaction(tx -> Inbox.applyOnce(tx, "other-consumer", event.id()))
            .map(other -> List.of(answers.get(0), answers.get(1), other)))
        .onComplete(ctx.succeeding(answers -> ctx.verify(() -> {
          assertThat(answers).containsExactly(true, false, true);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldRedeliverPastEventsInAnIdRangeToOneConsumer(Vertx vertx, VertxTestContext ctx) {
    long now = System.currentTimeMillis();
    EventEnvelope first = OutboxFixtures.eventAt(now, DEFAULT_TYPE, "agg-4", new JsonObject().put("n", 1));
    EventEnvelope second = OutboxFixtures.eventAt(now + 1, DEFAULT_TYPE, "agg-4", new JsonObject().put("n", 2));
    EventEnvelope outside = OutboxFixtures.eventAt(now + 2, DEFAULT_TYPE, "agg-4", new JsonObject().put("n", 3));
    Tenancy.inTenant(pool, OutboxFixtures.DEFAULT_TENANT, tx -> OutboxWriter.appendAll(tx, List.of(first, second, outside))).await();
    AtomicInteger received = new AtomicInteger();
    EventConsumer.start(vertx, pool, DEFAULT_CONSUMER, List.of(DEFAULT_TYPE), DEFAULT_BACKOFF, e -> {
      int n = received.incrementAndGet();
      ctx.verify(() -> assertThat(e).isEqualTo(n == 1 ? first : second));
      if (n == 2) {
        ctx.completeNow();
      }
      return Future.succeededFuture();
    }).await();

    int sent = new OutboxReplay(ServiceHarness.bus(vertx), pool).redeliver(DEFAULT_CONSUMER, ReplayRange.ids(first.id(), second.id())).await();
    assertThat(sent).isEqualTo(2);
  }

  @Test
  void shouldCatchUpOnStartWithTheEventsPublishedWhileItWasNotSubscribed(Vertx vertx) {
    String other = "consumer_test.other";
    List<EventEnvelope> applied = Collections.synchronizedList(new ArrayList<>());
    EventConsumer first = EventConsumer.transactional(vertx, pool, DEFAULT_CONSUMER, List.of(DEFAULT_TYPE),
        DEFAULT_BACKOFF, (tx, e) -> {
          applied.add(e);
          return Future.succeededFuture();
        }).await();
    assertThat(first.caughtUp().await()).as("never applied an event: nothing to catch up").isZero();
    EventEnvelope live = event(DEFAULT_TYPE, "agg-live", new JsonObject().put("n", 0));
    vertx.eventBus().request(EventConsumer.replayAddress(DEFAULT_CONSUMER), live.toJson()).await();
    awaitInboxRows(vertx, 1).await();
    first.stop().await();

    // published while no consumer listened: two of its type, one of another type, and one long before it stopped
    long now = System.currentTimeMillis();
    EventEnvelope missed1 = OutboxFixtures.eventAt(now, DEFAULT_TYPE, "agg-missed", new JsonObject().put("n", 1));
    EventEnvelope missed2 = OutboxFixtures.eventAt(now + 1, DEFAULT_TYPE, "agg-missed", new JsonObject().put("n", 2));
    EventEnvelope otherType = event(other, "agg-other", new JsonObject());
    EventEnvelope old = event(DEFAULT_TYPE, "agg-old", new JsonObject());
    Tenancy.inTenant(pool, OutboxFixtures.DEFAULT_TENANT,
        tx -> OutboxWriter.appendAll(tx, List.of(old, live, missed1, missed2, otherType))).await();
    infra.executeAsOwner("UPDATE outbox_event SET published_at = clock_timestamp();"
        + "UPDATE outbox_event SET published_at = clock_timestamp() - interval '1 hour' WHERE id = '" + old.id() + "'");
    applied.clear();

    EventConsumer second = EventConsumer.transactional(vertx, pool, DEFAULT_CONSUMER, List.of(DEFAULT_TYPE),
        DEFAULT_BACKOFF, (tx, e) -> {
          applied.add(e);
          return Future.succeededFuture();
        }).await();
    int handled = second.caughtUp().await();
    second.stop().await();

    assertThat(handled).as("events read back: the already applied one too, which the inbox skips").isEqualTo(3);
    assertThat(applied).as("applied on catch-up, in outbox order").containsExactly(missed1, missed2);
  }

  @Test
  void shouldNotCatchUpAConsumerWithoutAnInbox(Vertx vertx) {
    EventConsumer plain = EventConsumer.start(vertx, pool, DEFAULT_CONSUMER, List.of(DEFAULT_TYPE), DEFAULT_BACKOFF,
        e -> Future.succeededFuture()).await();
    assertThat(plain.caughtUp().await()).isZero();
    plain.stop().await();
  }

  private Future<Void> awaitInboxRows(Vertx vertx, long expected) {
    return pool.query("SELECT count(*) FROM event_inbox").execute()
        .map(rows -> rows.iterator().next().getLong(0))
        .compose(n -> n >= expected
            ? Future.<Void>succeededFuture()
            : vertx.timer(20).compose(v -> awaitInboxRows(vertx, expected)));
  }

  @Test
  void shouldRecordSeveralEventsInTheInboxAtOnceAndAnswerOnlyTheOnesSeenForTheFirstTime() {
    UUID seen = UUID.randomUUID();
    UUID fresh = UUID.randomUUID();
    UUID alsoFresh = UUID.randomUUID();
    pool.withTransaction(tx -> Inbox.applyOnce(tx, DEFAULT_CONSUMER, seen)).await();

    Set<UUID> first = pool.withTransaction(tx -> Inbox.applyOnce(tx, DEFAULT_CONSUMER, List.of(fresh, seen, alsoFresh,
        fresh))).await();
    Set<UUID> again = pool.withTransaction(tx -> Inbox.applyOnce(tx, DEFAULT_CONSUMER, List.of(fresh, alsoFresh)))
        .await();
    Set<UUID> otherConsumer = pool.withTransaction(tx -> Inbox.applyOnce(tx, "another-consumer", List.of(seen)))
        .await();

    assertThat(first).containsExactlyInAnyOrder(fresh, alsoFresh);
    assertThat(again).isEmpty();
    assertThat(otherConsumer).containsExactly(seen);
  }

  private static Future<Long> countProbeRows(io.vertx.sqlclient.SqlConnection tx, EventEnvelope event) {
    return tx.preparedQuery("SELECT count(*) FROM inbox_probe WHERE event_id = $1")
        .execute(Tuple.of(event.id()))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  @Test
  void shouldFinishEveryEventAlreadyReceivedWhenStopped(Vertx vertx) {
    AtomicInteger applied = new AtomicInteger();
    Promise<Void> downstream = Promise.promise();
    EventConsumer consumer = EventConsumer.start(vertx, pool, DEFAULT_CONSUMER, List.of(DEFAULT_TYPE), DEFAULT_BACKOFF,
        // once downstream answers, each event still takes a moment: ten per aggregate, one after another
        e -> downstream.future().compose(v -> vertx.timer(10)).map(v -> {
          applied.incrementAndGet();
          return (Void) null;
        })).await();
    List<Future<Object>> received = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      EventEnvelope event = event(DEFAULT_TYPE, "agg-drain-" + (i % 3), new JsonObject().put("n", i));
      // replay delivery answers once the consumer holds the event
      received.add(vertx.eventBus().request(EventConsumer.replayAddress(DEFAULT_CONSUMER), event.toJson())
          .map(reply -> reply.body()));
    }
    Future.all(received).await();
    assertThat(applied).as("applied before the stop").hasValue(0);

    Future<Void> stopped = consumer.stop();
    downstream.complete();
    stopped.await();

    assertThat(applied).as("events applied by the time stop completes").hasValue(30);
    assertThat(consumer.inHand()).isZero();
    assertThat(DeadLetters.count(pool).await()).isZero();
  }

  @Test
  void shouldDeadLetterAnEventThatFailsWhileStoppingInsteadOfWaitingForItsRetry(Vertx vertx) {
    EventEnvelope event = event(DEFAULT_TYPE, "agg-stop-fail", new JsonObject().put("n", 1));
    Promise<Void> started = Promise.promise();
    Promise<Void> outcome = Promise.promise();
    AtomicInteger attempts = new AtomicInteger();
    // a retry would come a minute later: far beyond the stop's drain
    EventConsumer consumer = EventConsumer.start(vertx, pool, DEFAULT_CONSUMER, List.of(DEFAULT_TYPE),
        new Backoff(5, 60_000, 60_000), e -> {
          attempts.incrementAndGet();
          started.tryComplete();
          return outcome.future();
        }).await();
    vertx.eventBus().request(EventConsumer.replayAddress(DEFAULT_CONSUMER), event.toJson()).await();
    started.future().await();

    Future<Void> stopped = consumer.stop();
    outcome.fail(new IllegalStateException("downstream gone during shutdown"));
    stopped.await();

    assertThat(attempts).hasValue(1);
    List<DeadLetters.DeadLetter> letters = DeadLetters.list(pool, DEFAULT_CONSUMER, ReplayRange.all(), 10).await();
    assertThat(letters).singleElement().satisfies(letter -> {
      assertThat(letter.eventId()).isEqualTo(event.id());
      assertThat(letter.attempts()).isEqualTo(1);
      assertThat(letter.lastError()).contains("downstream gone during shutdown");
    });
  }

  /** Completes once the dead-letter table holds {@code expected} rows (checked every 20 ms). */
  private Future<Void> awaitDeadLetters(Vertx vertx, long expected) {
    return DeadLetters.count(pool)
        .compose(n -> n >= expected
            ? Future.<Void>succeededFuture()
            : vertx.timer(20).compose(v -> awaitDeadLetters(vertx, expected)));
  }
}
