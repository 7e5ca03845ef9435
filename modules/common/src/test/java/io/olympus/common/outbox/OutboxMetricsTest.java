package io.olympus.common.outbox;

import io.olympus.common.db.Tenancy;
import static io.olympus.common.outbox.OutboxFixtures.FAST;
import static io.olympus.common.outbox.OutboxFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.olympus.common.event.EventEnvelope;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.Test;

class OutboxMetricsTest {

  @Test
  void shouldRecordPublishedEventsAndRegisterGaugesWhenMetricsAreOn() {
    TestInfra infra = TestInfra.get();
    infra.truncateAll();
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
            .setEnabled(true)
            .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))))
        .build();
    try {
      MeterRegistry registry = BackendRegistries.getDefaultNow();
      assertThat(registry).isNotNull();
      EventEnvelope event = event("metrics_test.happened", "agg-1", new JsonObject());
      Promise<Void> received = Promise.promise();
      vertx.eventBus().consumer(event.address(), msg -> received.tryComplete()).completion().await();
      vertx.deployVerticle(OutboxFixtures.relay(vertx, FAST)).await();
      Pool pool = infra.appPool(vertx);
      Tenancy.inTenant(pool, OutboxFixtures.DEFAULT_TENANT, tx -> OutboxWriter.append(tx, event)).await();
      received.future().await();

      assertThat(registry.get("olympus.outbox.published").counter().count()).isGreaterThanOrEqualTo(1);
      assertThat(registry.get("olympus.outbox.publish.lag").timer().count()).isGreaterThanOrEqualTo(1);
      assertThat(registry.find("olympus.outbox.pending").gauge()).isNotNull();
      assertThat(registry.find("olympus.outbox.lag.ms").gauge()).isNotNull();
      assertThat(registry.find("olympus.outbox.dead.letters").gauge()).isNotNull();
    } finally {
      vertx.close().await();
    }
  }
}
