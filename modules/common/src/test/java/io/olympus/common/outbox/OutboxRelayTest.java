package io.olympus.common.outbox;

import io.olympus.common.db.Tenancy;
import static io.olympus.common.outbox.OutboxFixtures.FAST;
import static io.olympus.common.outbox.OutboxFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.common.config.OlympusConfig;
import io.olympus.common.event.EventEnvelope;
import io.olympus.common.testing.ServiceHarness;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class OutboxRelayTest {

  private static final String DEFAULT_TYPE = "relay_test.happened";

  private TestInfra infra;
  private Pool pool;

  @BeforeEach
  void setUp(Vertx vertx) {
    infra = TestInfra.get();
    infra.truncateAll();
    pool = infra.appPool(vertx);
  }

  @AfterEach
  void tearDown() {
    pool.close().await();
  }

  @Test
  void shouldNeverPublishAnEventWrittenInARolledBackTransaction(Vertx vertx, VertxTestContext ctx) {
    EventEnvelope rolledBack = event(DEFAULT_TYPE, "agg-1", new JsonObject().put("n", 1));
    EventEnvelope committed = event(DEFAULT_TYPE, "agg-1", new JsonObject().put("n", 2));
    List<String> received = new ArrayList<>();
    vertx.eventBus().<JsonObject>consumer(rolledBack.address(), msg -> {
      received.add(msg.body().getString("id"));
      ctx.verify(() -> {
        // same aggregate, written first: had it been published it would have arrived first
        assertThat(received).containsExactly(committed.id().toString());
        ctx.completeNow();
      });
    }).completion().await();

    Tenancy.inTenant(pool, OutboxFixtures.DEFAULT_TENANT, tx -> OutboxWriter.append(tx, rolledBack)
            .compose(v -> Future.failedFuture(new IllegalStateException("business rule failed"))))
        .recover(err -> Future.succeededFuture())
        .await();
    Tenancy.inTenant(pool, OutboxFixtures.DEFAULT_TENANT, tx -> OutboxWriter.append(tx, committed)).await();
    assertThat(Tenancy.asSystem(pool, c -> c.preparedQuery("SELECT count(*) FROM outbox_event WHERE id = $1")
        .execute(Tuple.of(rolledBack.id()))).await().iterator().next().getLong(0)).isZero();

    vertx.deployVerticle(OutboxFixtures.relay(vertx, FAST)).await();
  }

  @Test
  void shouldPublishACommittedEventOnTheBusAndOnRedis(Vertx vertx, VertxTestContext ctx) {
    EventEnvelope event = event(DEFAULT_TYPE, "agg-2", new JsonObject().put("total_minor", 1250));
    Checkpoint onBus = ctx.checkpoint();
    Checkpoint onRedis = ctx.checkpoint();
    vertx.eventBus().<JsonObject>consumer(event.address(), msg -> ctx.verify(() -> {
      assertThat(msg.body()).isEqualTo(event.toJson());
      onBus.flag();
    })).completion().await();
    OutboxFixtures.subscribe(vertx, "events.*", (channel, message) -> ctx.verify(() -> {
      assertThat(channel).isEqualTo("events." + DEFAULT_TYPE);
      JsonObject json = new JsonObject(message);
      assertThat(json.getString(EventOrigin.FIELD)).isEqualTo(EventOrigin.OUTBOX_RELAY);
      assertThat(EventEnvelope.fromJson(json)).isEqualTo(event);
      onRedis.flag();
    })).await();
    vertx.deployVerticle(OutboxFixtures.relay(vertx, FAST)).await();

    Tenancy.inTenant(pool, OutboxFixtures.DEFAULT_TENANT, tx -> OutboxWriter.append(tx, event)).await();
  }

  @Test
  @Timeout(value = 3, timeUnit = TimeUnit.MINUTES)
  void shouldPublishEveryEventExactlyOnceInAggregateOrderWithTwoRelays(Vertx vertx, VertxTestContext ctx) {
    int aggregates = 100;
    int perAggregate = 100;
    int total = aggregates * perAggregate;
    Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    Map<String, Integer> lastOnBus = new ConcurrentHashMap<>();
    Map<String, Integer> lastOnRedis = new ConcurrentHashMap<>();
    Set<String> redisIds = ConcurrentHashMap.newKeySet();
    AtomicInteger busCount = new AtomicInteger();
    AtomicInteger redisCount = new AtomicInteger();
    Runnable maybeDone = () -> {
      if (busCount.get() == total && redisCount.get() == total) {
        ctx.verify(() -> {
          assertThat(deliveries).hasSize(total);
          assertThat(deliveries.values()).allMatch(count -> count.get() == 1);
          assertThat(redisIds).hasSize(total);
          assertThat(lastOnBus.values()).containsOnly(perAggregate - 1);
          assertThat(lastOnRedis.values()).containsOnly(perAggregate - 1);
        });
        // the last batch is marked published in the relay's transaction right after it reached bus and Redis
        awaitNothingPending(vertx)
            .onComplete(ctx.succeedingThenComplete());
      }
    };
    vertx.eventBus().<JsonObject>consumer("events." + DEFAULT_TYPE, msg -> ctx.verify(() -> {
      EventEnvelope e = EventEnvelope.fromJson(msg.body());
      deliveries.computeIfAbsent(e.id().toString(), id -> new AtomicInteger()).incrementAndGet();
      assertInOrder(lastOnBus, e);
      busCount.incrementAndGet();
      maybeDone.run();
    })).completion().await();
    OutboxFixtures.subscribe(vertx, "events.*", (channel, message) -> ctx.verify(() -> {
      EventEnvelope e = EventEnvelope.fromJson(new JsonObject(message));
      redisIds.add(e.id().toString());
      assertInOrder(lastOnRedis, e);
      redisCount.incrementAndGet();
      maybeDone.run();
    })).await();

    OlympusConfig.Outbox settings = new OlympusConfig.Outbox(true, 2, 200, 20, 3, 10, 40, "events.*", 168, 60_000, 0);
    vertx.deployVerticle(OutboxFixtures.relay(vertx, settings)).await();
    vertx.deployVerticle(OutboxFixtures.relay(vertx, settings)).await();

    // written while both relays run: 20 transactions of 500 events, aggregates interleaved
    List<EventEnvelope> batch = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      batch.add(event(DEFAULT_TYPE, "agg-" + i % aggregates, new JsonObject().put("n", i / aggregates)));
      if (batch.size() == 500) {
        List<EventEnvelope> events = List.copyOf(batch);
        Tenancy.inTenant(pool, OutboxFixtures.DEFAULT_TENANT, tx -> OutboxWriter.appendAll(tx, events)).await();
        batch.clear();
      }
    }
  }

  @Test
  void shouldDeadLetterAfterTheRetryBudgetAndPublishAgainAfterReplay(Vertx vertx, VertxTestContext ctx) {
    EventEnvelope event = event(DEFAULT_TYPE, "agg-3", new JsonObject().put("n", 1));
    Tenancy.inTenant(pool, OutboxFixtures.DEFAULT_TENANT, tx -> OutboxWriter.append(tx, event)).await();
    // a relay whose Redis is unreachable fails every attempt
    Redis unreachable = Redis.createClient(vertx, "redis://127.0.0.1:1");
    OutboxRelayVerticle broken = new OutboxRelayVerticle(infra.appPool(vertx), unreachable, null, FAST);
    String brokenId = vertx.deployVerticle(broken).await();
    awaitDeadLetters(vertx, 1).await();
    vertx.undeploy(brokenId).await();

    List<DeadLetters.DeadLetter> letters = DeadLetters.list(pool, DeadLetters.RELAY, ReplayRange.all(), 10).await();
    assertThat(letters).singleElement().satisfies(letter -> {
      assertThat(letter.eventId()).isEqualTo(event.id());
      assertThat(letter.attempts()).isEqualTo(FAST.maxAttempts());
      assertThat(letter.lastError()).isNotBlank();
      assertThat(letter.envelope()).isEqualTo(event);
    });
    assertThat(OutboxHealth.check(pool).await().getLong("dead_letters")).isEqualTo(1);

    vertx.eventBus().<JsonObject>consumer(event.address(), msg -> {
      ctx.verify(() -> assertThat(msg.body().getString("id")).isEqualTo(event.id().toString()));
      DeadLetters.count(pool)
          .onComplete(ctx.succeeding(count -> ctx.verify(() -> {
            assertThat(count).isZero();
            ctx.completeNow();
          })));
    }).completion().await();
    int moved = new OutboxReplay(ServiceHarness.bus(vertx), pool).replayRelayDeadLetters(ReplayRange.ids(event.id(), event.id())).await();
    assertThat(moved).isEqualTo(1);
    vertx.deployVerticle(OutboxFixtures.relay(vertx, FAST)).await();
  }

  @Test
  void shouldRepublishPastEventsInATimeRange(Vertx vertx, VertxTestContext ctx) {
    EventEnvelope event = event(DEFAULT_TYPE, "agg-4", new JsonObject().put("n", 1));
    AtomicInteger seen = new AtomicInteger();
    vertx.eventBus().<JsonObject>consumer(event.address(), msg -> ctx.verify(() -> {
      assertThat(msg.body().getString("id")).isEqualTo(event.id().toString());
      if (seen.incrementAndGet() == 2) {
        ctx.completeNow();
      }
    })).completion().await();
    vertx.deployVerticle(OutboxFixtures.relay(vertx, FAST)).await();
    Tenancy.inTenant(pool, OutboxFixtures.DEFAULT_TENANT, tx -> OutboxWriter.append(tx, event)).await();
    awaitNothingPending(vertx).await();

    int marked = new OutboxReplay(ServiceHarness.bus(vertx), pool)
        .republish(ReplayRange.time(event.occurredAt(), event.occurredAt().plusMillis(1)))
        .await();
    assertThat(marked).isEqualTo(1);
  }

  @Test
  void shouldReportPendingEventsAndLagInHealth(Vertx vertx, VertxTestContext ctx) {
    Tenancy.inTenant(pool, OutboxFixtures.DEFAULT_TENANT, tx -> OutboxWriter.append(tx, event(DEFAULT_TYPE, "agg-5", new JsonObject()))).await();
    OutboxHealth.check(pool)
        .onComplete(ctx.succeeding(health -> ctx.verify(() -> {
          assertThat(health.getLong("pending")).isEqualTo(1);
          assertThat(health.getLong("lag_ms")).isGreaterThanOrEqualTo(0);
          assertThat(health.getLong("dead_letters")).isZero();
          assertThat(health.fieldNames()).contains("publish_lag_p99_ms");
          ctx.completeNow();
        })));
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void shouldNotNotifyForATransactionThatSkipsItOrSetsItWithItsTenantAndRelayItsEventsWhenWokenOnTheBus(Vertx vertx) {
    // notifications arrive in commit order: one sent by the quiet commit would arrive before the marker after it
    List<String> payloads = new ArrayList<>();
    io.vertx.core.Promise<List<String>> marked = io.vertx.core.Promise.promise();
    io.vertx.pgclient.pubsub.PgSubscriber subscriber = io.vertx.pgclient.pubsub.PgSubscriber.subscriber(vertx,
        io.olympus.common.db.PgPools.connectOptions(infra.appUrl()));
    subscriber.channel(OutboxRelayVerticle.NOTIFY_CHANNEL).handler(payload -> {
      payloads.add(payload);
      if ("marker".equals(payload)) {
        marked.tryComplete(List.copyOf(payloads));
      }
    });
    subscriber.connect().await();
    // a relay that polls only every 10 minutes: what it relays within the test's minute, a NOTIFY or a wake made it relay
    OlympusConfig.Outbox slowPoll = new OlympusConfig.Outbox(true, 1, 200, 600_000, 3, 10, 40, "events.*", 168, 60_000, 0);
    vertx.deployVerticle(OutboxFixtures.relay(vertx, slowPoll)).await();
    EventEnvelope loud = event(DEFAULT_TYPE, "agg-loud", new JsonObject().put("n", 1));
    EventEnvelope quiet = event(DEFAULT_TYPE, "agg-quiet", new JsonObject().put("n", 2));
    EventEnvelope quietWithTenant = event(DEFAULT_TYPE, "agg-quiet-too", new JsonObject().put("n", 3));
    io.vertx.core.Promise<Void> loudRelayed = io.vertx.core.Promise.promise();
    io.vertx.core.Promise<Void> quietRelayed = io.vertx.core.Promise.promise();
    io.vertx.core.Promise<Void> quietWithTenantRelayed = io.vertx.core.Promise.promise();
    vertx.eventBus().<JsonObject>consumer(loud.address(), msg -> {
      if (msg.body().getString("id").equals(loud.id().toString())) {
        loudRelayed.tryComplete();
      } else if (msg.body().getString("id").equals(quiet.id().toString())) {
        quietRelayed.tryComplete();
      } else if (msg.body().getString("id").equals(quietWithTenant.id().toString())) {
        quietWithTenantRelayed.tryComplete();
      }
    }).completion().await();

    Tenancy.inTenant(pool, OutboxFixtures.DEFAULT_TENANT, tx -> OutboxWriter.append(tx, loud)).await();
    loudRelayed.future().await();
    Tenancy.inTenant(pool, OutboxFixtures.DEFAULT_TENANT, tx -> {
      OutboxWriter.skipNotify(tx);
      return OutboxWriter.append(tx, quiet);
    }).await();
    // set with the tenant: skipNotify then costs no statement, and the commit does not NOTIFY either
    Tenancy.inTenant(pool, OutboxFixtures.DEFAULT_TENANT, List.of(OutboxWriter.NO_NOTIFY), tx -> {
      OutboxWriter.skipNotify(tx);
      return OutboxWriter.append(tx, quietWithTenant);
    }).await();
    pool.query("SELECT pg_notify('" + OutboxRelayVerticle.NOTIFY_CHANNEL + "', 'marker')").execute().await();
    List<String> seen = marked.future().await();
    vertx.eventBus().publish(OutboxRelayVerticle.WAKE_ADDRESS, null);
    quietRelayed.future().await();
    quietWithTenantRelayed.future().await();
    subscriber.close().await();

    // the loud commit's notification, then the marker: nothing from the quiet commits
    assertThat(seen).containsExactly("", "marker");
  }

  @Test
  void shouldAppendSeveralEventsInOneStatementInListOrder() {
    List<EventEnvelope> events = new ArrayList<>();
    for (int n = 0; n < 5; n++) {
      events.add(event(DEFAULT_TYPE, "agg-batch", new JsonObject().put("n", n).put("text", "line \"" + n + "\"")));
    }

    Tenancy.inTenant(pool, OutboxFixtures.DEFAULT_TENANT, tx -> OutboxWriter.appendAll(tx, events)).await();

    List<String> stored = Tenancy.asSystem(pool, c -> c.query("SELECT id, payload FROM outbox_event ORDER BY seq")
        .execute().map(rows -> {
          List<String> found = new ArrayList<>();
          rows.forEach(row -> found.add(row.getUUID("id") + " " + row.getJsonObject("payload").getInteger("n")));
          return found;
        })).await();
    assertThat(stored).containsExactlyElementsOf(events.stream().map(e -> e.id() + " " + e.payload().getInteger("n"))
        .toList());
  }

  @Test
  void shouldRelayEveryQuietCommitWokenDuringALingerWithoutAPoll(Vertx vertx) {
    // polls only every 10 minutes and lingers between busy cycles: every event below is relayed by a wake, those whose
    // wake came while a cycle ran or lingered by the cycle after the linger
    OlympusConfig.Outbox lingering = new OlympusConfig.Outbox(true, 1, 200, 600_000, 3, 10, 40, "events.*", 168, 60_000, 30);
    vertx.deployVerticle(OutboxFixtures.relay(vertx, lingering)).await();
    List<EventEnvelope> written = new ArrayList<>();
    for (int n = 0; n < 20; n++) {
      written.add(event(DEFAULT_TYPE, "agg-" + (n % 3), new JsonObject().put("n", n / 3)));
    }
    Set<String> relayed = ConcurrentHashMap.newKeySet();
    io.vertx.core.Promise<Void> all = io.vertx.core.Promise.promise();
    vertx.eventBus().<JsonObject>consumer(written.get(0).address(), msg -> {
      relayed.add(msg.body().getString("id"));
      if (relayed.size() == written.size()) {
        all.tryComplete();
      }
    }).completion().await();

    for (EventEnvelope e : written) {
      Tenancy.inTenant(pool, OutboxFixtures.DEFAULT_TENANT, tx -> {
        OutboxWriter.skipNotify(tx);
        return OutboxWriter.append(tx, e);
      }).await();
      vertx.eventBus().publish(OutboxRelayVerticle.WAKE_ADDRESS, null);
    }
    all.future().await();

    assertThat(relayed).containsExactlyInAnyOrderElementsOf(written.stream().map(e -> e.id().toString()).toList());
  }

  private static void assertInOrder(Map<String, Integer> last, EventEnvelope e) {
    int n = e.payload().getInteger("n");
    Integer previous = last.put(e.aggregateId(), n);
    assertThat(n).as("event %d of %s after %s", n, e.aggregateId(), previous)
        .isEqualTo(previous == null ? 0 : previous + 1);
  }

  /** Completes once every outbox row is published (checked every 20 ms). */
  private Future<Void> awaitNothingPending(Vertx vertx) {
    return OutboxHealth.snapshot(pool)
        .compose(health -> health.pending() == 0
            ? Future.<Void>succeededFuture()
            : vertx.timer(20).compose(v -> awaitNothingPending(vertx)));
  }

  /** Completes once the dead-letter table holds {@code expected} rows (checked every 20 ms). */
  private Future<Void> awaitDeadLetters(Vertx vertx, long expected) {
    return DeadLetters.count(pool)
        .compose(n -> n >= expected
            ? Future.<Void>succeededFuture()
            : vertx.timer(20).compose(v -> awaitDeadLetters(vertx, expected)));
  }
}
