package io.olympus.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventLoopDelayProbeTest {

  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void shouldRecordHowLongABusyEventLoopKeptItsTasksWaiting() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    EventLoopDelayProbe probe = EventLoopDelayProbe.start(vertx, registry, Duration.ofMillis(5));
    Timer delay = registry.get(EventLoopDelayProbe.METER).timer();
    waitForSamples(delay, 3);

    // the one event loop is held for 300 ms (well under the blocked-thread warning)
    Promise<Void> held = Promise.promise();
    vertx.runOnContext(v -> {
      long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
      while (System.nanoTime() < until) {
        Thread.onSpinWait();
      }
      held.complete();
    });
    held.future().await();
    long before = delay.count();
    waitForSamples(delay, before + 2);

    assertThat(delay.max(TimeUnit.MILLISECONDS)).as("the task that waited behind the busy loop").isGreaterThanOrEqualTo(200);
    probe.close();
    // at most the one task already scheduled still runs
    Thread.sleep(200);
    long afterClose = delay.count();
    Thread.sleep(100);
    assertThat(delay.count()).as("no samples after close").isEqualTo(afterClose);
  }

  private static void waitForSamples(Timer delay, long count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (delay.count() < count && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(delay.count()).isGreaterThanOrEqualTo(count);
  }
}
