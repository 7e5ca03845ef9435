package io.olympus.auth.account.repository;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/** One security-relevant fact about an account. */
public record SecurityEvent(
    UUID id,
    UUID tenantId,
    UUID userId,
    String type,
    String ip,
    String userAgent,
    String requestId,
    JsonObject detail,
    Instant createdAt) {

  public static final String LOGIN_SUCCEEDED = "login_succeeded";
  public static final String LOGIN_FAILED = "login_failed";
  public static final String LOCKED_OUT = "locked_out";
  public static final String UNLOCKED = "unlocked";
  public static final String NEW_DEVICE = "new_device";
  public static final String TOKEN_REUSE = "refresh_token_reuse";
  public static final String LOGGED_OUT = "logged_out";
  public static final String SESSION_REVOKED = "session_revoked";
  public static final String DEVICE_REVOKED = "device_revoked";
  public static final String EMAIL_VERIFIED = "email_verified";
  /** A sign-in, refresh or registration from an address the tenant's IP lists refuse. */
  public static final String IP_REFUSED = "ip_refused";

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("user_id", userId == null ? null : userId.toString())
        .put("type", type)
        .put("ip", ip)
        .put("user_agent", userAgent)
        .put("request_id", requestId)
        .put("detail", detail)
        .put("created_at", createdAt.toString());
  }
}
