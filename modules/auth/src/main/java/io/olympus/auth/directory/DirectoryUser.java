package io.olympus.auth.directory;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.function.Function;

/** A user as tenant administrators see it: profile, status and last activity (never credentials). */
public record DirectoryUser(
    UUID id,
    UUID tenantId,
    String email,
    String displayName,
    String status,
    boolean emailVerified,
    Instant createdAt,
    Instant updatedAt,
    Instant deactivatedAt,
    Instant lastLoginAt,
    Instant lastSeenAt) {

  public static final String ACTIVE = "active";
  public static final String DEACTIVATED = "deactivated";

  static final Function<Row, DirectoryUser> MAPPER = row -> new DirectoryUser(
      row.getUUID("id"),
      row.getUUID("tenant_id"),
      row.getString("email"),
      row.getString("display_name"),
      row.getString("status"),
      row.getBoolean("email_verified"),
      instant(row.getOffsetDateTime("created_at")),
      instant(row.getOffsetDateTime("updated_at")),
      instant(row.getOffsetDateTime("deactivated_at")),
      instant(row.getOffsetDateTime("last_login_at")),
      instant(row.getOffsetDateTime("last_seen_at")));

  public boolean active() {
    return ACTIVE.equals(status);
  }

  /** The bus reply of {@code auth.users.*} (see {@code AuthAddresses}). */
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

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
