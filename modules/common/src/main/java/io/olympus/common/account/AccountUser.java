package io.olympus.common.account;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * A user as tenant administrators see it (the auth service's reply on {@code auth.users.*}): profile, status and last
 * activity, never credentials. JSON {@code {id, email, display_name, status ("active"|"deactivated"), email_verified,
 * created_at, updated_at, deactivated_at, last_login_at, last_seen_at}}, timestamps ISO-8601 UTC or null.
 */
public record AccountUser(UUID id, String email, String displayName, String status, boolean emailVerified,
                          Instant createdAt, Instant updatedAt, Instant deactivatedAt, Instant lastLoginAt,
                          Instant lastSeenAt) {

  public static final String ACTIVE = "active";
  public static final String DEACTIVATED = "deactivated";

  public boolean active() {
    return ACTIVE.equals(status);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("email", email)
        .put("display_name", displayName)
        .put("status", status)
        .put("email_verified", emailVerified)
        .put("created_at", text(createdAt))
        .put("updated_at", text(updatedAt))
        .put("deactivated_at", text(deactivatedAt))
        .put("last_login_at", text(lastLoginAt))
        .put("last_seen_at", text(lastSeenAt));
  }

  public static AccountUser fromJson(JsonObject json) {
    return new AccountUser(UUID.fromString(json.getString("id")), json.getString("email"),
        json.getString("display_name"), json.getString("status"), json.getBoolean("email_verified", false),
        instant(json.getString("created_at")), instant(json.getString("updated_at")),
        instant(json.getString("deactivated_at")), instant(json.getString("last_login_at")),
        instant(json.getString("last_seen_at")));
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private static Instant instant(String text) {
    return text == null ? null : Instant.parse(text);
  }
}
