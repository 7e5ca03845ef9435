package io.olympus.common.http.idempotency;

import io.olympus.common.config.Settings;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * Settings of {@link Idempotency}: {@code IDEMPOTENCY_KEY_TTL_HOURS}=24 (1..720: how long a key and its stored answer
 * live; afterwards the key may be used again), {@code IDEMPOTENCY_LOCK_SECONDS}=60 (1..3600: how long a claim of a
 * request still in flight holds its key; a request that crashed frees it after this) and
 * {@code IDEMPOTENCY_SWEEP_INTERVAL_SECONDS}=600 (10..86400: how often expired keys are deleted).
 */
public record IdempotencyConfig(Duration keyTtl, Duration lockTtl, Duration sweepInterval) {

  public static final IdempotencyConfig DEFAULTS = new IdempotencyConfig(Duration.ofHours(24), Duration.ofSeconds(60),
      Duration.ofMinutes(10));

  /** Parses and validates; throws {@code ConfigException} naming every bad variable. */
  public static IdempotencyConfig from(JsonObject source) {
    Settings s = new Settings(source);
    int ttlHours = s.integer("IDEMPOTENCY_KEY_TTL_HOURS", 24, 1, 720);
    int lockSeconds = s.integer("IDEMPOTENCY_LOCK_SECONDS", 60, 1, 3600);
    int sweepSeconds = s.integer("IDEMPOTENCY_SWEEP_INTERVAL_SECONDS", 600, 10, 86_400);
    s.validate();
    return new IdempotencyConfig(Duration.ofHours(ttlHours), Duration.ofSeconds(lockSeconds),
        Duration.ofSeconds(sweepSeconds));
  }
}
