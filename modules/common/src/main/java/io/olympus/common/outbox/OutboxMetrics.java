package io.olympus.common.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.micrometer.backends.BackendRegistries;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Micrometer meters of the outbox, registered on the default Vert.x registry when metrics are on;
 * every method is a no-op otherwise. Gauges read values refreshed by the relay from
 * {@link OutboxHealth} (one set per process, whichever relay refreshed last).
 */
final class OutboxMetrics {

  private static final AtomicLong PENDING = new AtomicLong();
  private static final AtomicLong LAG_MS = new AtomicLong();
  private static final AtomicLong DEAD_LETTERS = new AtomicLong();

  private final Timer publishLag;
  private final Counter published;
  private final Counter failures;

  private OutboxMetrics(MeterRegistry registry) {
    if (registry == null) {
      publishLag = null;
      published = null;
      failures = null;
      return;
    }
    Gauge.builder("olympus.outbox.pending", PENDING, AtomicLong::get)
        .description("Outbox rows not yet published").register(registry);
    Gauge.builder("olympus.outbox.lag.ms", LAG_MS, AtomicLong::get)
        .description("Age of the oldest unpublished outbox row in milliseconds").register(registry);
    Gauge.builder("olympus.outbox.dead.letters", DEAD_LETTERS, AtomicLong::get)
        .description("Events in the dead-letter table").register(registry);
    publishLag = Timer.builder("olympus.outbox.publish.lag")
        .description("Outbox insert to publish on bus and Redis")
        .publishPercentileHistogram()
        .register(registry);
    published = Counter.builder("olympus.outbox.published").register(registry);
    failures = Counter.builder("olympus.outbox.publish.failures").register(registry);
  }

  static OutboxMetrics create() {
    return new OutboxMetrics(BackendRegistries.getDefaultNow());
  }

  boolean enabled() {
    return publishLag != null;
  }

  void published(long lagMs) {
    if (publishLag != null) {
      publishLag.record(Duration.ofMillis(Math.max(0, lagMs)));
      published.increment();
    }
  }

  void failed(int events) {
    if (failures != null) {
      failures.increment(events);
    }
  }

  void refresh(OutboxHealth.Snapshot snapshot) {
    PENDING.set(snapshot.pending());
    LAG_MS.set(snapshot.lagMs());
    DEAD_LETTERS.set(snapshot.deadLetters());
  }
}
