package io.olympus.app;

import io.olympus.auth.config.AuthConfig;
import io.olympus.auth.password.service.PasswordHasher;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/** Helpers shared by the cross-service tests: rows inserted as the owner, password hashes, waiting for events. */
final class AppTestSupport {

  private AppTestSupport() {}

  /**
   * Repeats a request until it answers {@code status} or 3 s pass, and gives the last answer. Events travel the bus
   * (and the outbox) asynchronously, so another service may serve one more request from its cache after the change
   * was answered; the caches' own expiry (30 s, 60 s) is far beyond this wait, so only the event can make the answer
   * change in time.
   */
  static Future<HttpResponse<Buffer>> untilStatus(Vertx vertx, int status,
      Supplier<Future<HttpResponse<Buffer>>> request) {
    return untilStatus(vertx, status, request, System.nanoTime() + 3_000_000_000L);
  }

  private static Future<HttpResponse<Buffer>> untilStatus(Vertx vertx, int status,
      Supplier<Future<HttpResponse<Buffer>>> request, long deadlineNanos) {
    return request.get().compose(r -> r.statusCode() != status && System.nanoTime() < deadlineNanos
        ? vertx.timer(20).compose(t -> untilStatus(vertx, status, request, deadlineNanos))
        : Future.succeededFuture(r));
  }

  /** The Argon2id hash of {@code password} with the given auth settings (blocking: set-up only). */
  static String hash(Vertx vertx, Map<String, String> settings, String password) {
    PasswordHasher hasher = new PasswordHasher(vertx, AuthConfig.from(new JsonObject(Map.copyOf(settings))));
    try {
      return hasher.hash(password).await();
    } finally {
      hasher.close().await();
    }
  }

  /** Inserts an active tenant on the free plan (blocking: set-up only). */
  static void tenant(UUID id, String slug) {
    TestInfra.get().executeAsOwner("INSERT INTO tenants (id, slug, name, plan) VALUES ('" + id + "', '" + slug + "', '"
        + slug + "', 'free')");
  }
}
