package io.olympus.common.bus;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.olympus.common.error.UnavailableException;
import io.olympus.common.http.DependencyFailures;
import io.olympus.common.metrics.MetricsSupport;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last answer a peer service gave for each key, kept for a bounded time after it was loaded (the cache's TTL plus
 * a stale window, {@code BUS_STALE_SECONDS}), to answer from while that peer cannot be reached (its breaker is open, it
 * timed out, it answered 503). Only for answers where a slightly old value is safe: a tenant's record, a user's
 * effective permissions, a location's path. Entries are dropped with the cache's own invalidations (the events that
 * change them). Answers served this way are counted in {@code olympus_bus_stale_served_total{cache}}.
 */
public final class LastKnown<K, V> {

  private static final Logger LOG = LoggerFactory.getLogger(LastKnown.class);

  private final String name;
  private final Cache<K, V> values;
  private final Counter served;

  public LastKnown(String name, Duration ttl, Duration staleWindow, long maxSize) {
    this.name = name;
    this.values = Caffeine.newBuilder().maximumSize(maxSize).expireAfterWrite(ttl.plus(staleWindow)).build();
    MeterRegistry registry = MetricsSupport.registry();
    this.served = Counter.builder("olympus.bus.stale.served")
        .description("Answers served from the last known value while the service that owns it could not be reached")
        .tag("cache", name)
        .register(registry);
  }

  /**
   * A load from the peer, remembered when it succeeds (its time counts from now); a null answer (no such thing) or a
   * business failure forgets the key. Call it from the cache's loader, so only real loads — not cache hits — renew it.
   */
  public Future<V> loading(K key, Future<V> load) {
    return load.andThen(ar -> {
      if (ar.succeeded() && ar.result() != null) {
        values.put(key, ar.result());
      } else if (ar.succeeded() || !unavailable(ar.cause())) {
        values.invalidate(key);
      }
    });
  }

  /**
   * {@code loaded}, or — when it failed because the peer is unavailable and a value is known — that value. Other
   * failures (a 404, a 400) pass through.
   */
  public Future<V> orLastKnown(K key, Future<V> loaded) {
    return loaded.transform(ar -> {
      if (ar.succeeded()) {
        return Future.succeededFuture(ar.result());
      }
      V known = unavailable(ar.cause()) ? values.getIfPresent(key) : null;
      if (known == null) {
        return Future.failedFuture(ar.cause());
      }
      served.increment();
      LOG.debug("{}: serving the last known value of {} ({})", name, key, ar.cause().getMessage());
      return Future.succeededFuture(known);
    });
  }

  public void invalidate(K key) {
    values.invalidate(key);
  }

  public void invalidateIf(Predicate<K> matches) {
    values.asMap().keySet().removeIf(matches);
  }

  public void invalidateValuesIf(Predicate<V> matches) {
    values.asMap().values().removeIf(matches);
  }

  private static boolean unavailable(Throwable err) {
    return err instanceof UnavailableException || DependencyFailures.toProblem(err) != null;
  }
}
