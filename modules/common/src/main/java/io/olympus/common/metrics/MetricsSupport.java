package io.olympus.common.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.util.EnumSet;

/**
 * Vert.x metrics through Micrometer into one Prometheus registry per JVM: HTTP server request counts,
 * sizes and latency histograms labelled by route, method and status code; pool (SQL, Redis, workers)
 * and event-bus metrics. Every Vert.x instance of the process (tests create several) reports into the
 * same registry; closing one Vert.x does not close it. JVM metrics (memory, GC, threads, CPU) are bound once.
 */
public final class MetricsSupport {

  /**
   * Bucket bounds of the Vert.x latency histograms, in milliseconds: 20 fixed buckets from 100 µs (pool waits and
   * round trips on a quiet machine) to 10 s. Micrometer's default histogram over the same range has ~70 buckets per
   * series; with a series per route, method and status this is what made a scrape several MB.
   */
  static final double[] BUCKETS_MS = {0.1, 0.25, 0.5, 1, 2, 3, 5, 7.5, 10, 15, 25, 50, 75, 100, 250, 500, 1_000, 2_500,
      5_000, 10_000};

  // after BUCKETS_MS: the registry's histogram filter reads it
  private static final PrometheusMeterRegistry REGISTRY = createRegistry();

  private MetricsSupport() {}

  /** Returns the builder with metrics configured; every Vert.x instance of the process goes through here. */
  public static VertxBuilder configure(VertxBuilder builder) {
    // the factory applies its own metrics options, so the call order with builder.with(options) does not matter
    return builder.withMetrics(new SharedRegistryMetricsFactory());
  }

  /** The metrics options: Prometheus backend, route label on, per-JVM registry. */
  public static MicrometerMetricsOptions metricsOptions() {
    return new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(false)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true).setPublishQuantiles(false))
        .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE, Label.POOL_NAME,
            Label.EB_ADDRESS, Label.EB_SIDE, Label.EB_FAILURE, Label.CLIENT_NAME, Label.NAMESPACE));
  }

  /** The process-wide registry (for business counters). */
  public static PrometheusMeterRegistry registry() {
    return REGISTRY;
  }

  /** {@code GET /metrics}: the registry in Prometheus text format. */
  public static Handler<RoutingContext> scrapeHandler() {
    return PrometheusScrapingHandler.create(REGISTRY);
  }

  /** Micrometer metrics into {@link #REGISTRY} with {@link #metricsOptions()}, whatever the Vert.x options say. */
  private static final class SharedRegistryMetricsFactory implements VertxMetricsFactory {

    private final MicrometerMetricsFactory delegate = new MicrometerMetricsFactory(REGISTRY);

    @Override
    public VertxMetrics metrics(VertxOptions options) {
      return delegate.metrics(new VertxOptions(options).setMetricsOptions(metricsOptions()));
    }

    @Override
    public MetricsOptions newOptions(MetricsOptions options) {
      return metricsOptions();
    }

    @Override
    public MetricsOptions newOptions(JsonObject json) {
      return metricsOptions();
    }
  }

  private static PrometheusMeterRegistry createRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(histogramsForVertxTimers());
    // JVM metrics are bound once here, not per Vert.x instance (closing one Vert.x would unbind them for all)
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    return registry;
  }

  /** Latency timers of Vert.x (HTTP server and client, pools, event bus) publish {@link #BUCKETS_MS} buckets. */
  private static MeterFilter histogramsForVertxTimers() {
    double[] slos = new double[BUCKETS_MS.length];
    for (int i = 0; i < slos.length; i++) {
      slos[i] = BUCKETS_MS[i] * 1_000_000;
    }
    return new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (id.getType() == Meter.Type.TIMER && id.getName().startsWith("vertx.")) {
          return DistributionStatisticConfig.builder()
              .percentilesHistogram(false)
              .serviceLevelObjectives(slos)
              .build()
              .merge(config);
        }
        return config;
      }
    };
  }
}
