package io.olympus.commerce.payment.service;

import io.olympus.commerce.payment.gateway.sandbox.SandboxConfig;
import io.olympus.common.config.Settings;
import io.vertx.core.json.JsonObject;

/**
 * Settings of payment processing. Keys and defaults: {@code COMMERCE_PAYMENT_CALL_TIMEOUT_MS}=5000 (deadline of one
 * provider call), {@code COMMERCE_PAYMENT_RETRIES}=2 (retries of a transient failure, same idempotency key),
 * {@code COMMERCE_PAYMENT_BACKOFF_MS}=200 (first back-off, doubled per retry, with jitter),
 * {@code COMMERCE_PAYMENT_BREAKER_FAILURES}=5 (failed calls within 10 s that open a provider's breaker for a tenant),
 * {@code COMMERCE_PAYMENT_BREAKER_RESET_MS}=15000 (how long it stays open before one call probes),
 * {@code COMMERCE_PAYMENT_RECONCILE_INTERVAL_MS}=15000 (how often the reconciler runs),
 * {@code COMMERCE_PAYMENT_RECONCILE_AFTER_SECONDS}=60 (a pending payment or requested capture/void older than this
 * is settled from the provider's record; keep it above the longest call with its retries),
 * {@code COMMERCE_PAYMENT_AUTHORIZATION_DAYS}=7 (an uncaptured authorization is voided after this), and the
 * sandbox's ({@link SandboxConfig}).
 */
public record PaymentConfig(long callTimeoutMillis, int retries, long backoffMillis, int breakerFailures,
                            long breakerResetMillis, long reconcileIntervalMillis, int reconcileAfterSeconds,
                            int authorizationDays, SandboxConfig sandbox) {

  public static final PaymentConfig DEFAULTS = new PaymentConfig(5_000, 2, 200, 5, 15_000, 15_000, 60, 7,
      SandboxConfig.DEFAULTS);

  /** Parses the keys above; problems are recorded in {@code s} (the caller validates). */
  public static PaymentConfig from(Settings s) {
    return new PaymentConfig(
        s.integer("COMMERCE_PAYMENT_CALL_TIMEOUT_MS", 5_000, 100, 120_000),
        s.integer("COMMERCE_PAYMENT_RETRIES", 2, 0, 10),
        s.integer("COMMERCE_PAYMENT_BACKOFF_MS", 200, 1, 60_000),
        s.integer("COMMERCE_PAYMENT_BREAKER_FAILURES", 5, 1, 1_000),
        s.integer("COMMERCE_PAYMENT_BREAKER_RESET_MS", 15_000, 100, 3_600_000),
        s.integer("COMMERCE_PAYMENT_RECONCILE_INTERVAL_MS", 15_000, 100, 3_600_000),
        s.integer("COMMERCE_PAYMENT_RECONCILE_AFTER_SECONDS", 60, 1, 86_400),
        s.integer("COMMERCE_PAYMENT_AUTHORIZATION_DAYS", 7, 1, 30),
        SandboxConfig.from(s));
  }

  public static PaymentConfig from(JsonObject source) {
    Settings s = new Settings(source);
    PaymentConfig config = from(s);
    s.validate();
    return config;
  }

  /** These settings with another breaker and retry policy (tests). */
  public PaymentConfig withResilience(long callTimeoutMillis, int retries, long backoffMillis, int breakerFailures,
                                      long breakerResetMillis) {
    return new PaymentConfig(callTimeoutMillis, retries, backoffMillis, breakerFailures, breakerResetMillis,
        reconcileIntervalMillis, reconcileAfterSeconds, authorizationDays, sandbox);
  }
}
