package io.olympus.common.ratelimit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fixed-window request budgets counted in the process and reconciled with Redis every {@code syncMs}: a hit costs
 * no round trip. Each counter knows the window's total across every process as of its last reconciliation (the
 * Redis counter, the same {@code ratelimit:<key>:<window>} key as {@link RateLimiter}) and adds the hits this
 * process counted since; a reconciliation adds those to Redis ({@code INCRBY}) and reads the new total back.
 *
 * <p>Over-admission: a process does not see the other processes' hits of the last interval, so with {@code P}
 * processes serving one tenant a window can admit up to {@code (P - 1) × (hits one process admits in one interval)}
 * more than its limit, and never more than {@code (P - 1) × limit}. One process alone never over-admits. When Redis
 * cannot answer, each process keeps counting on its own (a Redis outage must not become an API outage) and
 * reconciles when Redis is back.
 */
public final class LocalBudgets {

  private static final Logger LOG = LoggerFactory.getLogger(LocalBudgets.class);

  private final Vertx vertx;
  private final Redis redis;
  private final long syncMs;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private long timer = -1;

  public LocalBudgets(Vertx vertx, Redis redis, long syncMs) {
    this.vertx = vertx;
    this.redis = redis;
    this.syncMs = syncMs;
  }

  /** Starts the periodic reconciliation with Redis. */
  public LocalBudgets start() {
    if (timer < 0) {
      timer = vertx.setPeriodic(syncMs, id -> reconcile());
    }
    return this;
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  /** The reconciliation interval: how long another process's hits may go unseen here. */
  public long syncMs() {
    return syncMs;
  }

  /** Counts one hit on {@code key} in the current window; allowed while the window's count is at most {@code limit}. */
  public RateLimiter.Outcome hit(String key, long limit, long windowSeconds) {
    RateLimiter.Pending pending = RateLimiter.pending(key, limit, windowSeconds);
    Counter counter = counters.computeIfAbsent(pending.counter(), name -> new Counter(name, windowSeconds));
    long used = counter.add(1);
    return new RateLimiter.Outcome(used <= limit, limit, Math.max(0, limit - used), pending.resetSeconds());
  }

  /**
   * Sends every counter's unsent hits to Redis and reads the totals back, in one pipelined batch; drops counters of
   * past windows. Completes when the totals are in (failures are logged: the hits are sent again next time).
   */
  public Future<Void> reconcile() {
    long nowSeconds = System.currentTimeMillis() / 1000;
    List<Counter> live = new ArrayList<>();
    List<Long> deltas = new ArrayList<>();
    List<Request> batch = new ArrayList<>();
    for (Counter counter : counters.values()) {
      if (counter.window < nowSeconds / counter.windowSeconds) {
        counters.remove(counter.name, counter);
        continue;
      }
      long delta = counter.takeUnsent();
      live.add(counter);
      deltas.add(delta);
      batch.add(Request.cmd(Command.SET).arg(counter.name).arg(0).arg("EX").arg(counter.windowSeconds + 1).arg("NX"));
      batch.add(Request.cmd(Command.INCRBY).arg(counter.name).arg(delta));
    }
    if (batch.isEmpty()) {
      return Future.succeededFuture();
    }
    return redis.batch(batch)
        .onSuccess(answers -> {
          for (int i = 0; i < live.size(); i++) {
            Response total = answers.get(2 * i + 1);
            live.get(i).sent(deltas.get(i), total == null ? 0 : total.toLong());
          }
        })
        .onFailure(err -> {
          LOG.debug("budget reconciliation failed, counting locally: {}", err.getMessage());
          for (int i = 0; i < live.size(); i++) {
            live.get(i).unsent(deltas.get(i));
          }
        })
        .<Void>mapEmpty()
        .recover(err -> Future.succeededFuture());
  }

  /** One window's counter: the total Redis had at the last reconciliation, plus this process's hits since. */
  private static final class Counter {
    private final String name;
    private final long windowSeconds;
    private final long window;
    /** The window's total across processes as Redis last answered (includes every hit this process sent). */
    private long known;
    /** Hits sent to Redis whose answer has not arrived. */
    private long inFlight;
    /** Hits not sent yet. */
    private long unsent;

    Counter(String name, long windowSeconds) {
      this.name = name;
      this.windowSeconds = windowSeconds;
      this.window = Long.parseLong(name.substring(name.lastIndexOf(':') + 1));
    }

    synchronized long add(long hits) {
      unsent += hits;
      return known + inFlight + unsent;
    }

    synchronized long takeUnsent() {
      long delta = unsent;
      unsent = 0;
      inFlight += delta;
      return delta;
    }

    synchronized void sent(long delta, long total) {
      inFlight -= delta;
      known = Math.max(known, total);
    }

    synchronized void unsent(long delta) {
      inFlight -= delta;
      unsent += delta;
    }
  }
}
