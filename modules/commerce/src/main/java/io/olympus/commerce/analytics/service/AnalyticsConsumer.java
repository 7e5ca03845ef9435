package io.olympus.commerce.analytics.service;

import io.olympus.common.outbox.Backoff;
import io.olympus.common.outbox.EventConsumer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;

/**
 * Keeps the analytics read model: consumes the order and payment events the outbox relay publishes
 * ({@link AnalyticsService#EVENT_TYPES}) as the named consumer {@value #NAME}, each event in its own transaction
 * guarded by the inbox (applied once; a failure rolls back and is retried with backoff, then dead-lettered and
 * replayable). Deploy once per process; several processes may run it (the inbox and the per-order lock keep it once).
 */
public final class AnalyticsConsumer extends VerticleBase {

  public static final String NAME = "commerce.analytics";
  /** Connections of the consumer's own pool: events are applied at most this many at once. */
  public static final int POOL_SIZE = 2;
  /** Transactions that may wait for one of them (the consumer has at most {@link EventConsumer#MAX_IN_FLIGHT}). */
  public static final int POOL_WAIT_QUEUE = 4 * EventConsumer.MAX_IN_FLIGHT;
  /** How long an event may wait for a connection before its attempt fails (and is retried with backoff). */
  public static final long POOL_WAIT_MS = 30_000;

  private final Pool pool;
  private final AnalyticsService analytics;
  private final Backoff backoff;
  private EventConsumer consumer;

  public AnalyticsConsumer(Pool pool, AnalyticsService analytics, Backoff backoff) {
    this.pool = pool;
    this.analytics = analytics;
    this.backoff = backoff;
  }

  @Override
  public Future<?> start() {
    return EventConsumer.transactional(vertx, pool, NAME, AnalyticsService.EVENT_TYPES, backoff, analytics::apply)
        .onSuccess(started -> consumer = started);
  }

  @Override
  public Future<?> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.stop();
  }
}
