package io.olympus.commerce.analytics.service;

import io.olympus.common.db.Tenancy;
import io.olympus.common.event.EventEnvelope;
import io.olympus.common.outbox.Backoff;
import io.olympus.common.outbox.EventConsumer;
import io.olympus.common.outbox.Inbox;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Keeps the analytics read model: consumes the order and payment events the outbox relay publishes
 * ({@link AnalyticsService#EVENT_TYPES}) as the named consumer {@value #NAME}, guarded by the inbox (each event applied
 * once; a failure rolls back and is retried with backoff, then dead-lettered and replayable). Deploy once per process;
 * several processes may run it (the inbox and the per-order lock keep it once).
 *
 * <p>Events are applied in batches: one transaction at a time (at most one each {@link #LINGER_MS} ms unless a full
 * batch is waiting) takes every waiting event of one tenant (at most {@link #MAX_BATCH}), records them in the inbox
 * in one statement and applies the orders they name together, so under load an order costs a share of one
 * transaction instead of one of its own (each of which waited for its WAL flush with the tenant's daily sales row
 * locked, which capped the consumer at roughly one event per flush). When a batch
 * fails, its events are applied again one by one, each in its own transaction, so one failing event is retried and
 * dead-lettered alone. Applying an order recomputes its contribution from what the order is now, so which events share
 * a batch, and in which order, does not change the result.
 */
public final class AnalyticsConsumer extends VerticleBase {

  public static final String NAME = "commerce.analytics";
  /** Connections of the consumer's own pool: events are applied at most this many at once. */
  public static final int POOL_SIZE = 2;
  /** Transactions that may wait for one of them (the consumer has at most {@link EventConsumer#MAX_IN_FLIGHT}). */
  public static final int POOL_WAIT_QUEUE = 4 * EventConsumer.MAX_IN_FLIGHT;
  /** How long an event may wait for a connection before its attempt fails (and is retried with backoff). */
  public static final long POOL_WAIT_MS = 30_000;
  /**
   * After a batch, the next one waits this long for events to gather (unless a full batch is waiting already): an
   * event arriving while the consumer is idle is applied at once, and under load the read model trails the orders by
   * about this much while a batch applies many orders for the cost of a few.
   */
  static final long LINGER_MS = 50;
  /** Events applied in one transaction at most (the consumer has at most {@link EventConsumer#MAX_IN_FLIGHT}). */
  static final int MAX_BATCH = EventConsumer.MAX_IN_FLIGHT;

  private final Pool pool;
  private final AnalyticsService analytics;
  private final Backoff backoff;
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
  private boolean applying;
  private EventConsumer consumer;

  public AnalyticsConsumer(Pool pool, AnalyticsService analytics, Backoff backoff) {
    this.pool = pool;
    this.analytics = analytics;
    this.backoff = backoff;
  }

  @Override
  public Future<?> start() {
    return EventConsumer.start(vertx, pool, NAME, AnalyticsService.EVENT_TYPES, backoff, this::submit)
        .onSuccess(started -> {
          consumer = started;
          // the batches record what they applied in the inbox under NAME: events missed while stopped are read back
          started.catchUp(AnalyticsService.EVENT_TYPES);
        });
  }

  @Override
  public Future<?> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.stop();
  }

  private record Waiting(EventEnvelope event, Promise<Void> done) {}

  /** Queues the event for the next batch; completes when the batch that applied it committed. */
  private Future<Void> submit(EventEnvelope event) {
    Promise<Void> done = Promise.promise();
    // the queue is this verticle's: touched on its context only, whichever event loop a transaction completed on
    context.runOnContext(v -> {
      waiting.add(new Waiting(event, done));
      next();
    });
    return done.future();
  }

  /** Starts a batch of the oldest waiting event's tenant unless one is being applied. */
  private void next() {
    if (applying || waiting.isEmpty()) {
      return;
    }
    UUID tenant = waiting.peek().event().tenantId();
    List<Waiting> batch = new ArrayList<>();
    for (Iterator<Waiting> it = waiting.iterator(); it.hasNext() && batch.size() < MAX_BATCH; ) {
      Waiting w = it.next();
      if (Objects.equals(w.event().tenantId(), tenant)) {
        batch.add(w);
        it.remove();
      }
    }
    applying = true;
    applyBatch(tenant, batch)
        .recover(err -> batch.size() == 1 ? Future.failedFuture(err) : applyOneByOne(batch))
        .onComplete(ar -> context.runOnContext(v -> {
          if (ar.failed()) {
            batch.forEach(w -> w.done().tryFail(ar.cause()));
          }
          batch.forEach(w -> w.done().tryComplete());
          if (waiting.size() >= MAX_BATCH) {
            applying = false;
            next();
          } else {
            // let the next batch gather: under load a batch per LINGER_MS, not one per commit
            vertx.setTimer(LINGER_MS, id -> {
              applying = false;
              next();
            });
          }
        }));
  }

  private Future<Void> applyBatch(UUID tenant, List<Waiting> batch) {
    List<UUID> ids = batch.stream().map(w -> w.event().id()).toList();
    return pool.withTransaction(tx -> (tenant == null ? Future.<Void>succeededFuture() : Tenancy.setTenant(tx, tenant))
        .compose(v -> Inbox.applyOnce(tx, NAME, ids))
        .compose(first -> analytics.apply(tx, tenant, firstSeen(batch, first))));
  }

  private static List<EventEnvelope> firstSeen(List<Waiting> batch, Set<UUID> first) {
    return batch.stream().map(Waiting::event).filter(event -> first.contains(event.id())).toList();
  }

  /** Each event of a failed batch in its own transaction: the ones that fail alone fail (and are retried) alone. */
  private Future<Void> applyOneByOne(List<Waiting> batch) {
    Future<Void> chain = Future.succeededFuture();
    for (Waiting w : batch) {
      chain = chain.compose(v -> {
        applyBatch(w.event().tenantId(), List.of(w)).onComplete(w.done());
        return w.done().future().recover(err -> Future.succeededFuture());
      });
    }
    return chain;
  }
}
