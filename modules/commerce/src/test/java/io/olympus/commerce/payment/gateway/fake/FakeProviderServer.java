package io.olympus.commerce.payment.gateway.fake;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for a payment provider's API: a real Vert.x HTTP server on a free port, whose subclasses
 * implement the provider's documented requests, answers, errors, idempotency and webhook signatures. Fault switches
 * make the next calls fail with a 5xx, a 429 with {@code Retry-After}, or no answer at all (the client times out);
 * faults are applied before anything else, so a faulted call changes no state and stores no idempotent answer.
 */
public abstract class FakeProviderServer {

  /** What the next call does instead of its real work. */
  private record Fault(int status, long retryAfterSeconds, boolean hang) {}

  protected final Vertx vertx;
  private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
  private final AtomicInteger requests = new AtomicInteger();
  /** Idempotency records: key (scoped by the subclass) to the first request's fingerprint and answer. */
  private final Map<String, Stored> idempotent = new ConcurrentHashMap<>();
  private HttpServer server;

  /** An answer kept for an idempotency key. */
  protected record Stored(String fingerprint, int status, JsonObject body) {}

  protected FakeProviderServer(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Starts on a free port of 127.0.0.1. */
  public Future<Void> start() {
    Router router = Router.router(vertx);
    router.route().handler(this::count);
    router.route().handler(this::applyFault);
    router.route().handler(BodyHandler.create().setBodyLimit(1024 * 1024));
    routes(router);
    return vertx.createHttpServer()
        .requestHandler(router)
        .listen(0, "127.0.0.1")
        .onSuccess(started -> server = started)
        .mapEmpty();
  }

  public Future<Void> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** {@code http://127.0.0.1:<port>}, the base URL to configure the adapter with. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** Requests received so far, faulted ones included. */
  public int requestCount() {
    return requests.get();
  }

  /** The next {@code count} calls answer {@code status} with the provider's error body. */
  public void failNext(int count, int status) {
    for (int i = 0; i < count; i++) {
      faults.add(new Fault(status, -1, false));
    }
  }

  /** The next {@code count} calls answer 429 with {@code Retry-After: retryAfterSeconds}. */
  public void rateLimitNext(int count, long retryAfterSeconds) {
    for (int i = 0; i < count; i++) {
      faults.add(new Fault(429, retryAfterSeconds, false));
    }
  }

  /** The next {@code count} calls are accepted and never answered. */
  public void hangNext(int count) {
    for (int i = 0; i < count; i++) {
      faults.add(new Fault(0, -1, true));
    }
  }

  protected abstract void routes(Router router);

  /** The provider's error body for a faulted call answering {@code status}. */
  protected abstract JsonObject errorBody(int status);

  /**
   * The stored answer for {@code key} when the fingerprint matches, null when the key is new, or
   * {@link #MISMATCH} when the key was used with other parameters.
   */
  protected Stored idempotent(String key, String fingerprint) {
    Stored stored = idempotent.get(key);
    if (stored == null) {
      return null;
    }
    return stored.fingerprint().equals(fingerprint) ? stored : MISMATCH;
  }

  protected void remember(String key, String fingerprint, int status, JsonObject body) {
    idempotent.putIfAbsent(key, new Stored(fingerprint, status, body.copy()));
  }

  protected static final Stored MISMATCH = new Stored("", 0, new JsonObject());

  protected static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }

  /** A form's fields sorted into one string, the fingerprint of a form request. */
  protected static String fingerprint(String path, MultiMap form) {
    return path + "?" + new java.util.TreeMap<>(form.entries().stream()
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a + "," + b)));
  }

  protected static String fingerprint(String path, Buffer body) {
    if (body == null || body.length() == 0) {
      return path;
    }
    try {
      return path + new JsonObject(body).encode();
    } catch (RuntimeException notJson) {
      return path + body;
    }
  }

  private void count(RoutingContext ctx) {
    requests.incrementAndGet();
    ctx.next();
  }

  private void applyFault(RoutingContext ctx) {
    if (!faultsApply(ctx)) {
      ctx.next();
      return;
    }
    Fault fault = faults.poll();
    if (fault == null) {
      ctx.next();
    } else if (fault.hang()) {
      ctx.request().pause();
    } else {
      if (fault.retryAfterSeconds() >= 0) {
        ctx.response().putHeader("Retry-After", Long.toString(fault.retryAfterSeconds()));
      }
      json(ctx, fault.status(), errorBody(fault.status()));
    }
  }

  /** Whether fault switches apply to this request (all by default). */
  protected boolean faultsApply(RoutingContext ctx) {
    return true;
  }
}
