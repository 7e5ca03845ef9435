package io.olympus.auth.account.service;

import io.olympus.auth.account.repository.RequestMeta;
import io.olympus.common.audit.Actor;
import io.olympus.common.audit.AuditLog;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.UUID;

/**
 * Audit entries of account changes — unlocks, MFA, passwords, sessions, devices — appended to the tenant's hash-chained
 * audit log in the transaction that makes the change (next to the change's security event). The actor is a user of the
 * tenant: the account holder for self-service changes, the administrator for an administrator's unlock.
 */
public final class AccountAudit {

  public static final String USER_UNLOCK = "user.unlock";
  public static final String MFA_ENROL = "mfa.enrol";
  public static final String MFA_ENABLE = "mfa.enable";
  public static final String MFA_DISABLE = "mfa.disable";
  public static final String MFA_BACKUP_CODES_REGENERATE = "mfa.backup_codes.regenerate";
  public static final String PASSWORD_CHANGE = "password.change";
  public static final String PASSWORD_RESET = "password.reset";
  public static final String SESSION_REVOKE = "session.revoke";
  public static final String SESSION_LOGOUT = "session.logout";
  public static final String SESSION_LOGOUT_ALL = "session.logout_all";
  public static final String DEVICE_REVOKE = "device.revoke";
  public static final String DEVICE_RENAME = "device.rename";

  private AccountAudit() {}

  /** Appends one entry: {@code actorId} did {@code action} to {@code resourceType}/{@code resourceId} in the tenant. */
  public static Future<Void> append(SqlConnection conn, UUID tenantId, UUID actorId, String action, String resourceType,
      String resourceId, JsonObject changes, RequestMeta meta) {
    return AuditLog.append(conn, Actor.user(actorId, meta.ip(), meta.requestId())
            .entry(tenantId, action, resourceType, resourceId, changes.encode()))
        .mapEmpty();
  }

  /** An entry about the user's own account ({@code user}/{@code userId}), made by the user. */
  public static Future<Void> ofUser(SqlConnection conn, UUID tenantId, UUID userId, String action, JsonObject changes,
      RequestMeta meta) {
    return append(conn, tenantId, userId, action, "user", userId.toString(), changes, meta);
  }
}
