package io.olympus.auth.config;

import io.olympus.common.config.Settings;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * Admission of sign-ins to the password-hashing pool, decided before a sign-in does any other work.
 *
 * <p>Keys and defaults: {@code AUTH_LOGIN_QUEUE_SIZE}=0 (derived: the hashing workers plus as many sign-ins as they
 * can finish within the budget at the hash time measured lately; a positive value fixes it), {@code
 * AUTH_LOGIN_QUEUE_BUDGET_MS}=250 (the wait for a hashing thread the derived size aims at), {@code
 * AUTH_LOGIN_QUEUE_DEADLINE_MS}=500 (a sign-in that waited this long for a hashing thread is answered 503 without
 * hashing; 0 turns the deadline off), {@code AUTH_LOGIN_QUEUE_RETRY_AFTER_SECONDS}=1.
 */
public record LoginQueueConfig(int size, Duration budget, Duration deadline, long retryAfterSeconds) {

  /** Parses and validates; throws {@code ConfigException} naming every bad variable. */
  public static LoginQueueConfig from(JsonObject source) {
    Settings s = new Settings(source);
    int size = s.integer("AUTH_LOGIN_QUEUE_SIZE", 0, 0, 100_000);
    int budget = s.integer("AUTH_LOGIN_QUEUE_BUDGET_MS", 250, 1, 60_000);
    int deadline = s.integer("AUTH_LOGIN_QUEUE_DEADLINE_MS", 500, 0, 600_000);
    int retryAfter = s.integer("AUTH_LOGIN_QUEUE_RETRY_AFTER_SECONDS", 1, 1, 3600);
    s.validate();
    return new LoginQueueConfig(size, Duration.ofMillis(budget), Duration.ofMillis(deadline), retryAfter);
  }

  /** Defaults everywhere. */
  public static LoginQueueConfig defaults() {
    return from(new JsonObject());
  }
}
