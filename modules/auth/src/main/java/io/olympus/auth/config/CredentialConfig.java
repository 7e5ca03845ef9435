package io.olympus.auth.config;

import io.olympus.common.config.Settings;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * Settings of credentials: MFA, password reset and history, API keys.
 *
 * <p>Keys and defaults: {@code AUTH_MFA_ISSUER}=Olympus (shown in authenticator apps), {@code AUTH_MFA_FAILURE_LIMIT}=5
 * wrong second-factor codes per user and window, {@code AUTH_MFA_FAILURE_WINDOW_SECONDS}=900,
 * {@code AUTH_MFA_TOKEN_TTL_SECONDS}=300 (life of the login's {@code mfa_token}), {@code AUTH_PASSWORD_RESET_TTL_MINUTES}=60,
 * {@code AUTH_PASSWORD_HISTORY}=5 (the current and last 4 earlier passwords cannot be chosen again),
 * {@code AUTH_RATE_FORGOT_IP_PER_HOUR}=20, {@code AUTH_RATE_FORGOT_ACCOUNT_PER_HOUR}=5, {@code AUTH_API_KEY_FLUSH_SECONDS}=60 (how often last-used times move from
 * Redis to the database).
 */
public record CredentialConfig(
    String mfaIssuer,
    int mfaFailureLimit,
    Duration mfaFailureWindow,
    Duration mfaTokenTtl,
    Duration passwordResetTtl,
    int passwordHistory,
    int forgotPerIpPerHour,
    int forgotPerAccountPerHour,
    Duration apiKeyFlushInterval) {

  /** Parses and validates; throws {@code ConfigException} naming every bad variable. */
  public static CredentialConfig from(JsonObject source) {
    Settings s = new Settings(source);
    String issuer = s.string("AUTH_MFA_ISSUER", "Olympus");
    int failureLimit = s.integer("AUTH_MFA_FAILURE_LIMIT", 5, 1, 1000);
    Duration failureWindow = Duration.ofSeconds(s.integer("AUTH_MFA_FAILURE_WINDOW_SECONDS", 900, 1, 7 * 24 * 3600));
    Duration tokenTtl = Duration.ofSeconds(s.integer("AUTH_MFA_TOKEN_TTL_SECONDS", 300, 30, 3600));
    Duration resetTtl = Duration.ofMinutes(s.integer("AUTH_PASSWORD_RESET_TTL_MINUTES", 60, 1, 24 * 60));
    int history = s.integer("AUTH_PASSWORD_HISTORY", 5, 1, 24);
    int forgotIp = s.integer("AUTH_RATE_FORGOT_IP_PER_HOUR", 20, 1, 1_000_000);
    int forgotAccount = s.integer("AUTH_RATE_FORGOT_ACCOUNT_PER_HOUR", 5, 1, 1_000_000);
    Duration flush = Duration.ofSeconds(s.integer("AUTH_API_KEY_FLUSH_SECONDS", 60, 1, 3600));
    s.validate();
    return new CredentialConfig(issuer, failureLimit, failureWindow, tokenTtl, resetTtl, history, forgotIp, forgotAccount, flush);
  }
}
