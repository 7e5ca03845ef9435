package io.olympus.common.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * How late each event loop runs a task scheduled on it: every {@code period} a task is scheduled on every loop of the
 * Vert.x instance, and the time between its due moment and its start goes into {@code olympus.eventloop.delay} (a
 * histogram). A loop that is kept busy (a slow handler, a burst of work, a CPU that other threads hold) shows here,
 * apart from time spent waiting on PostgreSQL or Redis. The cost is one tiny task per loop per period.
 */
public final class EventLoopDelayProbe implements AutoCloseable {

  public static final String METER = "olympus.eventloop.delay";

  private final long periodNanos;
  private final Timer delay;
  private volatile boolean closed;

  private EventLoopDelayProbe(Duration period, Timer delay) {
    this.periodNanos = period.toNanos();
    this.delay = delay;
  }

  /** Starts probing every loop of {@code vertx} into {@code registry}; stops on {@link #close()} or with Vert.x. */
  public static EventLoopDelayProbe start(Vertx vertx, MeterRegistry registry, Duration period) {
    Timer timer = Timer.builder(METER)
        .description("Time between a task's due moment on an event loop and its start")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(100_000))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry);
    EventLoopDelayProbe probe = new EventLoopDelayProbe(period, timer);
    for (EventExecutor loop : ((VertxInternal) vertx).eventLoopGroup()) {
      probe.scheduleOn(loop);
    }
    return probe;
  }

  private void scheduleOn(EventExecutor loop) {
    if (closed || loop.isShuttingDown()) {
      return;
    }
    long due = System.nanoTime() + periodNanos;
    try {
      loop.schedule(() -> {
        delay.record(Math.max(0, System.nanoTime() - due), TimeUnit.NANOSECONDS);
        scheduleOn(loop);
      }, periodNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // the loop is shutting down with its Vert.x: nothing left to probe
    }
  }

  @Override
  public void close() {
    closed = true;
  }
}
