package io.olympus.common.outbox;

import io.olympus.common.db.Tenancy;
import static io.olympus.common.outbox.OutboxFixtures.event;

import io.olympus.common.config.OlympusConfig;
import io.olympus.common.event.EventEnvelope;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relay throughput and publish lag, on the embedded PostgreSQL and Redis. Not part of the normal test
 * run (surefire excludes *Benchmark); run it with
 *
 * <pre>
 * mvn -o -q -pl modules/common verify -Dtest=OutboxRelayBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     [-Dbench.events=20000] [-Dbench.relays=2] [-Dbench.rate=1000] [-Dbench.seconds=10]
 * </pre>
 *
 * Results are logged (see target/surefire-reports/io.olympus.common.outbox.OutboxRelayBenchmark-output.txt):
 * <ol>
 *   <li>drain: {@code bench.events} events over 1000 aggregates are committed first, then the relays start;
 *       throughput = events / time until every event reached both an event-bus consumer and a Redis
 *       PSUBSCRIBE client.</li>
 *   <li>lag: while the relays run, single-event transactions commit at {@code bench.rate}/s for
 *       {@code bench.seconds}; lag = bus receipt time - the writer's commit acknowledgement (p50/p99/max).
 *       A receipt that beats the writer's own acknowledgement counts as 0.</li>
 * </ol>
 */
class OutboxRelayBenchmark {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelayBenchmark.class);
  private static final String TYPE = "bench.happened";

  private final int events = Integer.getInteger("bench.events", 20_000);
  private final int relays = Integer.getInteger("bench.relays", 2);
  private final int rate = Integer.getInteger("bench.rate", 1_000);
  private final int seconds = Integer.getInteger("bench.seconds", 10);
  private final OlympusConfig.Outbox settings =
      new OlympusConfig.Outbox(true, relays, 500, 100, 8, 200, 60_000, "events.*", 168, 60_000, 0);

  @Test
  void drainThroughputAndPublishLag() {
    TestInfra infra = TestInfra.get();
    infra.truncateAll();
    Vertx vertx = Vertx.vertx();
    try {
      drain(vertx, infra);
      infra.truncateAll();
      lag(vertx, infra);
    } finally {
      vertx.close().await();
    }
  }

  private void drain(Vertx vertx, TestInfra infra) {
    Pool pool = infra.appPool(vertx);
    for (int written = 0; written < events; written += 1_000) {
      List<EventEnvelope> batch = new ArrayList<>();
      for (int i = written; i < Math.min(events, written + 1_000); i++) {
        batch.add(event(TYPE, "agg-" + i % 1_000, new JsonObject().put("n", i / 1_000).put("pad", "x".repeat(200))));
      }
      Tenancy.inTenant(pool, OutboxFixtures.DEFAULT_TENANT, tx -> OutboxWriter.appendAll(tx, batch)).await();
    }
    AtomicInteger onBus = new AtomicInteger();
    AtomicInteger onRedis = new AtomicInteger();
    Promise<Void> done = Promise.promise();
    Runnable check = () -> {
      if (onBus.get() >= events && onRedis.get() >= events) {
        done.tryComplete();
      }
    };
    var consumer = vertx.eventBus().consumer("events." + TYPE, msg -> {
      onBus.incrementAndGet();
      check.run();
    });
    consumer.completion().await();
    var subscription = OutboxFixtures.subscribe(vertx, "events.*", (channel, message) -> {
      onRedis.incrementAndGet();
      check.run();
    }).await();

    long start = System.nanoTime();
    List<String> deployments = deployRelays(vertx);
    done.future().await();
    double elapsedS = (System.nanoTime() - start) / 1e9;
    LOG.info("BENCHMARK drain: {} events, {} relay(s), batch {}: {} s, {} events/s (bus + Redis)",
        events, relays, settings.batchSize(), String.format("%.2f", elapsedS), Math.round(events / elapsedS));
    for (String id : deployments) {
      vertx.undeploy(id).await();
    }
    consumer.unregister().await();
    subscription.close().await();
    pool.close().await();
  }

  private void lag(Vertx vertx, TestInfra infra) {
    Pool pool = infra.appPool(vertx);
    int total = rate * seconds;
    Map<String, Long> committedAt = new ConcurrentHashMap<>();
    Map<String, Long> receivedAt = new ConcurrentHashMap<>();
    Promise<Void> done = Promise.promise();
    var consumer = vertx.eventBus().<JsonObject>consumer("events." + TYPE, msg -> {
      receivedAt.put(msg.body().getString("id"), System.nanoTime());
      if (receivedAt.size() >= total) {
        done.tryComplete();
      }
    });
    consumer.completion().await();
    List<String> deployments = deployRelays(vertx);

    // every 10 ms, rate/100 single-event transactions
    int perTick = Math.max(1, rate / 100);
    AtomicInteger sent = new AtomicInteger();
    long start = System.nanoTime();
    long timer = vertx.setPeriodic(10, id -> {
      for (int i = 0; i < perTick && sent.get() < total; i++) {
        int n = sent.getAndIncrement();
        EventEnvelope e = event(TYPE, "agg-" + n % 1_000, new JsonObject().put("n", n).put("pad", "x".repeat(200)));
        Tenancy.inTenant(pool, OutboxFixtures.DEFAULT_TENANT, tx -> OutboxWriter.append(tx, e))
            .onSuccess(v -> committedAt.put(e.id().toString(), System.nanoTime()))
            .onFailure(err -> LOG.warn("benchmark write failed: {}", err.toString()));
      }
    });
    done.future().await();
    double elapsedS = (System.nanoTime() - start) / 1e9;
    vertx.cancelTimer(timer);
    long[] lags = committedAt.entrySet().stream()
        .filter(entry -> receivedAt.containsKey(entry.getKey()))
        .mapToLong(entry -> Math.max(0, receivedAt.get(entry.getKey()) - entry.getValue()))
        .sorted()
        .toArray();
    LOG.info("BENCHMARK lag: {} events at {}/s offered ({} events/s achieved), {} relay(s), LISTEN/NOTIFY on, "
            + "poll {} ms: commit -> bus p50 {} ms, p99 {} ms, max {} ms",
        lags.length, rate, Math.round(total / elapsedS), relays, settings.pollIntervalMs(),
        ms(percentile(lags, 0.50)), ms(percentile(lags, 0.99)), ms(lags[lags.length - 1]));
    for (String id : deployments) {
      vertx.undeploy(id).await();
    }
    consumer.unregister().await();
    pool.close().await();
  }

  private List<String> deployRelays(Vertx vertx) {
    List<Future<String>> deployed = new ArrayList<>();
    for (int i = 0; i < relays; i++) {
      deployed.add(vertx.deployVerticle(OutboxFixtures.relay(vertx, settings)));
    }
    return Arrays.stream(deployed.toArray(Future[]::new)).map(f -> (String) f.await()).toList();
  }

  private static long percentile(long[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  private static String ms(long nanos) {
    return String.format("%.1f", nanos / 1e6);
  }
}
