package io.olympus.commerce.payment.gateway.sandbox;

import io.olympus.common.config.Settings;
import io.vertx.core.json.JsonObject;

/**
 * Settings of the built-in sandbox provider: {@code COMMERCE_SANDBOX_WEBHOOK_SECRET} (signs its webhooks;
 * {@code Sandbox-Signature: t=...,v1=...}), {@code COMMERCE_SANDBOX_DISPUTE_DELAY_MS}=3000 (how long after the capture
 * of {@link SandboxTokens#DISPUTE} a dispute opens, and after evidence it closes),
 * {@code COMMERCE_SANDBOX_PENDING_SETTLE_MS}=2000 (how long {@link SandboxTokens#PENDING} stays pending).
 */
public record SandboxConfig(String webhookSecret, long disputeDelayMillis, long pendingSettleMillis) {

  public static final String DEFAULT_SECRET = "whsec_sandbox_not_secret";
  public static final SandboxConfig DEFAULTS = new SandboxConfig(DEFAULT_SECRET, 3_000, 2_000);

  public static SandboxConfig from(Settings s) {
    String secret = s.string("COMMERCE_SANDBOX_WEBHOOK_SECRET", DEFAULT_SECRET);
    int dispute = s.integer("COMMERCE_SANDBOX_DISPUTE_DELAY_MS", 3_000, 1, 3_600_000);
    int pending = s.integer("COMMERCE_SANDBOX_PENDING_SETTLE_MS", 2_000, 0, 3_600_000);
    return new SandboxConfig(secret, dispute, pending);
  }

  public static SandboxConfig from(JsonObject source) {
    Settings s = new Settings(source);
    SandboxConfig config = from(s);
    s.validate();
    return config;
  }
}
