package io.olympus.common.service;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Process-wide traffic state that graceful shutdown drives: readiness checks report DOWN once shutdown has begun
 * ({@link #stopAccepting}); once draining ({@link #beginDrain}) new requests are refused with 503 while the requests
 * already running, counted here, finish ({@link #drained}).
 */
public final class Readiness {

  /** How often {@link #drained} looks at the count of running requests. */
  private static final long DRAIN_POLL_MS = 10;

  private final AtomicBoolean accepting = new AtomicBoolean(true);
  private final AtomicBoolean draining = new AtomicBoolean();
  private final AtomicInteger inFlight = new AtomicInteger();

  public boolean isAccepting() {
    return accepting.get();
  }

  public void stopAccepting() {
    accepting.set(false);
  }

  /** From now on new requests are refused (503); running ones go on. Implies {@link #stopAccepting}. */
  public void beginDrain() {
    accepting.set(false);
    draining.set(true);
  }

  public boolean isDraining() {
    return draining.get();
  }

  /** A request began (called by the HTTP stack). */
  public void requestStarted() {
    inFlight.incrementAndGet();
  }

  /** A request's answer was sent or its connection closed (called once per {@link #requestStarted}). */
  public void requestFinished() {
    inFlight.decrementAndGet();
  }

  /** Requests running now. */
  public int inFlight() {
    return inFlight.get();
  }

  /**
   * Completes once no request runs, or after {@code timeoutMs} at the latest, with the number of requests still
   * running then (0 when everything finished). Never fails.
   */
  public Future<Integer> drained(Vertx vertx, long timeoutMs) {
    Promise<Integer> done = Promise.promise();
    poll(vertx, System.nanoTime() + timeoutMs * 1_000_000L, done);
    return done.future();
  }

  private void poll(Vertx vertx, long deadlineNanos, Promise<Integer> done) {
    int running = inFlight.get();
    if (running <= 0 || System.nanoTime() - deadlineNanos >= 0) {
      done.tryComplete(Math.max(0, running));
      return;
    }
    vertx.setTimer(DRAIN_POLL_MS, id -> poll(vertx, deadlineNanos, done));
  }
}
