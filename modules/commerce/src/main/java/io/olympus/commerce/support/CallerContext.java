package io.olympus.commerce.support;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * For process-wide objects shared by every event loop (caches of futures): a future made on one event loop completes
 * its listeners there, so a caller on another loop would carry on on the wrong thread. {@link #of} hands the outcome
 * back on the caller's context.
 */
public final class CallerContext {

  private CallerContext() {}

  /** {@code future}'s outcome delivered on the caller's context (as it is when the caller runs on no context). */
  public static <T> Future<T> of(Future<T> future) {
    Context context = Vertx.currentContext();
    if (context == null) {
      return future;
    }
    Promise<T> promise = Promise.promise();
    future.onComplete(result -> context.runOnContext(ignored -> promise.handle(result)));
    return promise.future();
  }
}
