package io.olympus.common.outbox;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;

/** At most {@code max} tasks at once; later ones wait in arrival order. Thread-safe. */
final class InFlightLimiter {

  private final int max;
  private final ArrayDeque<Promise<Void>> waiting = new ArrayDeque<>();
  private int active;

  InFlightLimiter(int max) {
    this.max = max;
  }

  /** Runs {@code task} once a slot is free and frees the slot when it completes. */
  <T> Future<T> run(java.util.function.Supplier<Future<T>> task) {
    return acquire()
        .compose(v -> task.get())
        .andThen(ar -> release());
  }

  private synchronized Future<Void> acquire() {
    if (active < max) {
      active++;
      return Future.succeededFuture();
    }
    Promise<Void> slot = Promise.promise();
    waiting.add(slot);
    return slot.future();
  }

  private void release() {
    Promise<Void> next;
    synchronized (this) {
      next = waiting.poll();
      if (next == null) {
        active--;
        return;
      }
    }
    next.complete();
  }
}
