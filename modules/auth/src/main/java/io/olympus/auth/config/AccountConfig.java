package io.olympus.auth.config;

import io.olympus.common.config.Settings;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings of accounts: registration, verification mail, sign-in, lockout, rate limits, sessions and the SMTP server.
 *
 * <p>Keys and defaults: {@code AUTH_REQUIRE_VERIFIED_EMAIL}=false, {@code AUTH_PUBLIC_BASE_URL}=http://localhost:8000
 * (links in mails), {@code AUTH_EMAIL_VERIFICATION_TTL_HOURS}=24, {@code AUTH_UNLOCK_TOKEN_TTL_MINUTES}=60,
 * {@code AUTH_LOCKOUT_THRESHOLD}=10 failures, {@code AUTH_LOCKOUT_SECONDS}=900, {@code AUTH_FAILURE_WINDOW_SECONDS}=900,
 * {@code AUTH_FAILURE_DELAY_MAX_MS}=2000, {@code AUTH_SESSION_IDLE_MINUTES}=10080 (7 days),
 * {@code AUTH_SESSION_ABSOLUTE_DAYS}=30, {@code AUTH_RATE_LOGIN_IP_PER_MINUTE}=30,
 * {@code AUTH_RATE_LOGIN_ACCOUNT_PER_MINUTE}=10, {@code AUTH_RATE_REGISTER_IP_PER_HOUR}=20,
 * {@code AUTH_RATE_RESEND_IP_PER_HOUR}=20, {@code AUTH_RATE_RESEND_ACCOUNT_PER_HOUR}=3, {@code SMTP_HOST} (unset: mails
 * are logged), {@code SMTP_PORT}=587, {@code SMTP_USERNAME}, {@code SMTP_PASSWORD}, {@code SMTP_STARTTLS}=OPTIONAL
 * (DISABLED, OPTIONAL, REQUIRED), {@code SMTP_SSL}=false, {@code MAIL_FROM}=Olympus &lt;no-reply@olympus.local&gt;.
 */
public record AccountConfig(
    boolean requireVerifiedEmail,
    String publicBaseUrl,
    Duration emailVerificationTtl,
    Duration unlockTokenTtl,
    int lockoutThreshold,
    Duration lockout,
    Duration failureWindow,
    long failureDelayMaxMs,
    Duration sessionIdle,
    Duration sessionAbsolute,
    int loginPerIpPerMinute,
    int loginPerAccountPerMinute,
    int registerPerIpPerHour,
    int resendPerIpPerHour,
    int resendPerAccountPerHour,
    Optional<Smtp> smtp,
    String mailFrom) {

  /** SMTP server settings; absent when {@code SMTP_HOST} is unset. */
  public record Smtp(String host, int port, Optional<String> username, Optional<String> password, String startTls, boolean ssl) {

    @Override
    public String toString() {
      return "Smtp[host=" + host + ", port=" + port + ", username=" + username.orElse("-") + ", password=***, startTls="
          + startTls + ", ssl=" + ssl + "]";
    }
  }

  /** Parses and validates; throws {@code ConfigException} naming every bad variable. */
  public static AccountConfig from(JsonObject source) {
    Settings s = new Settings(source);
    boolean requireVerified = s.bool("AUTH_REQUIRE_VERIFIED_EMAIL", false);
    String baseUrl = s.string("AUTH_PUBLIC_BASE_URL", "http://localhost:8000");
    if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
      s.problem("AUTH_PUBLIC_BASE_URL", baseUrl, "an http(s) URL");
    }
    baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    Duration verifyTtl = Duration.ofHours(s.integer("AUTH_EMAIL_VERIFICATION_TTL_HOURS", 24, 1, 24 * 30));
    Duration unlockTtl = Duration.ofMinutes(s.integer("AUTH_UNLOCK_TOKEN_TTL_MINUTES", 60, 1, 24 * 60));
    int threshold = s.integer("AUTH_LOCKOUT_THRESHOLD", 10, 2, 1000);
    Duration lockout = Duration.ofSeconds(s.integer("AUTH_LOCKOUT_SECONDS", 900, 1, 7 * 24 * 3600));
    Duration window = Duration.ofSeconds(s.integer("AUTH_FAILURE_WINDOW_SECONDS", 900, 1, 7 * 24 * 3600));
    long delayMax = s.integer("AUTH_FAILURE_DELAY_MAX_MS", 2000, 0, 30_000);
    Duration idle = Duration.ofMinutes(s.integer("AUTH_SESSION_IDLE_MINUTES", 10_080, 1, 366 * 24 * 60));
    Duration absolute = Duration.ofDays(s.integer("AUTH_SESSION_ABSOLUTE_DAYS", 30, 1, 365));
    int loginIp = s.integer("AUTH_RATE_LOGIN_IP_PER_MINUTE", 30, 1, 1_000_000);
    int loginAccount = s.integer("AUTH_RATE_LOGIN_ACCOUNT_PER_MINUTE", 10, 1, 1_000_000);
    int registerIp = s.integer("AUTH_RATE_REGISTER_IP_PER_HOUR", 20, 1, 1_000_000);
    int resendIp = s.integer("AUTH_RATE_RESEND_IP_PER_HOUR", 20, 1, 1_000_000);
    int resendAccount = s.integer("AUTH_RATE_RESEND_ACCOUNT_PER_HOUR", 3, 1, 1_000_000);
    Optional<Smtp> smtp = s.optional("SMTP_HOST").map(host -> new Smtp(host,
        s.port("SMTP_PORT", 587),
        s.optional("SMTP_USERNAME"),
        s.optional("SMTP_PASSWORD"),
        s.string("SMTP_STARTTLS", "OPTIONAL"),
        s.bool("SMTP_SSL", false)));
    smtp.ifPresent(server -> {
      if (!server.startTls().equals("DISABLED") && !server.startTls().equals("OPTIONAL") && !server.startTls().equals("REQUIRED")) {
        s.problem("SMTP_STARTTLS", server.startTls(), "DISABLED, OPTIONAL or REQUIRED");
      }
    });
    String from = s.string("MAIL_FROM", "Olympus <no-reply@olympus.local>");
    s.validate();
    return new AccountConfig(requireVerified, baseUrl, verifyTtl, unlockTtl, threshold, lockout, window, delayMax,
        idle, absolute, loginIp, loginAccount, registerIp, resendIp, resendAccount, smtp, from);
  }
}
