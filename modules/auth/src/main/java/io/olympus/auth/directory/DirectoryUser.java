package io.olympus.auth.directory;

import io.olympus.common.account.AccountUser;
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

  /** As the {@code auth.users.*} contract replies it ({@link AccountUser}). */
  public AccountUser toAccount() {
    return new AccountUser(id, email, displayName, status, emailVerified, createdAt, updatedAt, deactivatedAt,
        lastLoginAt, lastSeenAt);
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
