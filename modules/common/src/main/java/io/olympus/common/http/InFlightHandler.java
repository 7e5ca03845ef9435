package io.olympus.common.http;

import io.olympus.common.error.UnavailableException;
import io.olympus.common.service.Readiness;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The first handler of every service request: counts the request as running until its answer is sent (graceful
 * shutdown waits for that count to reach zero before anything closes), refuses new requests once the process drains
 * (503 + {@code Retry-After}, {@code Connection: close}), and gives each request a deadline
 * ({@code OLYMPUS_REQUEST_TIMEOUT_MS}): a request still unanswered then — waiting on a frozen database connection, a
 * silent peer — is answered 503 + {@code Retry-After}, so no client waits longer, whatever hangs. Health and metrics
 * endpoints are neither refused nor counted: they have their own deadlines and must answer during a shutdown.
 */
public final class InFlightHandler implements PlatformHandler {

  private final Vertx vertx;
  private final Readiness readiness;
  private final long deadlineMs;

  public InFlightHandler(Vertx vertx, Readiness readiness, long deadlineMs) {
    this.vertx = vertx;
    this.readiness = readiness;
    this.deadlineMs = deadlineMs;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.request().path();
    if (path != null && (path.startsWith("/health/") || path.equals("/metrics"))) {
      ctx.next();
      return;
    }
    if (readiness.isDraining()) {
      ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
      ctx.fail(new UnavailableException("The service is shutting down; retry shortly", 1));
      return;
    }
    readiness.requestStarted();
    long timer = deadlineMs > 0 ? vertx.setTimer(deadlineMs, id -> expire(ctx)) : -1;
    AtomicBoolean finished = new AtomicBoolean();
    ctx.addEndHandler(ended -> {
      if (finished.compareAndSet(false, true)) {
        if (timer >= 0) {
          vertx.cancelTimer(timer);
        }
        readiness.requestFinished();
      }
    });
    ctx.next();
  }

  private void expire(RoutingContext ctx) {
    if (!ctx.response().headWritten() && !ctx.response().ended()) {
      ctx.fail(new UnavailableException("The request did not complete within " + deadlineMs + " ms", 1));
    }
  }
}
