package io.olympus.commerce.payment.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A transparent HTTP proxy in front of a local provider server that records every call the adapter makes (method,
 * path, {@code Idempotency-Key}, form body, the provider's status and answer), so a test can count and inspect what
 * reached the provider. {@link #down} makes the provider unreachable: every call is answered 503 without being
 * forwarded.
 */
final class RecordingProviderProxy {

  /** One call as the provider saw it and answered it. */
  record Call(String method, String path, String idempotencyKey, String form, int status, JsonObject answer) {

    boolean is(String method, String path) {
      return this.method.equals(method) && this.path.equals(path);
    }
  }

  private static final Set<String> HOP_BY_HOP = Set.of("host", "content-length", "connection", "transfer-encoding");

  private final Vertx vertx;
  private final String target;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private volatile boolean down;
  private WebClient client;
  private HttpServer server;

  RecordingProviderProxy(Vertx vertx, String target) {
    this.vertx = vertx;
    this.target = target;
  }

  Future<Void> start() {
    client = WebClient.create(vertx);
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create());
    router.route().handler(this::forward);
    return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .onSuccess(started -> server = started)
        .mapEmpty();
  }

  Future<Void> stop() {
    client.close();
    return server == null ? Future.succeededFuture() : server.close();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** Whether the provider is unreachable (every call answered 503 by the proxy, nothing forwarded). */
  void down(boolean down) {
    this.down = down;
  }

  List<Call> calls() {
    return List.copyOf(calls);
  }

  List<Call> calls(String method, String path) {
    return calls.stream().filter(call -> call.is(method, path)).toList();
  }

  /** Calls that reached the provider (forwarded), of every kind. */
  long forwarded() {
    return calls.stream().filter(call -> call.answer() != null).count();
  }

  private void forward(RoutingContext ctx) {
    String method = ctx.request().method().name();
    String path = ctx.request().path();
    String key = ctx.request().getHeader("Idempotency-Key");
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    String form = body == null ? "" : body.toString();
    if (down) {
      calls.add(new Call(method, path, key, form, 503, null));
      ctx.response().setStatusCode(503).putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("error", new JsonObject().put("type", "api_error")
              .put("message", "Service unavailable")).encode());
      return;
    }
    HttpRequest<Buffer> out = client.requestAbs(ctx.request().method(), target + ctx.request().uri());
    ctx.request().headers().forEach((name, value) -> {
      if (!HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        out.putHeader(name, value);
      }
    });
    (body == null || body.length() == 0 ? out.send() : out.sendBuffer(body))
        .onSuccess(response -> {
          JsonObject answer = response.body() == null ? new JsonObject() : response.bodyAsJsonObject();
          calls.add(new Call(method, path, key, form, response.statusCode(), answer));
          response.headers().forEach((name, value) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT))) {
              ctx.response().putHeader(name, value);
            }
          });
          ctx.response().setStatusCode(response.statusCode())
              .end(response.body() == null ? Buffer.buffer() : response.body());
        })
        .onFailure(err -> ctx.response().setStatusCode(502).end());
  }
}
