package io.olympus.common.audit;

import java.util.UUID;

/**
 * Who performs a change, as the audit log and events record it: a user, an API key or the system,
 * with the request it came from.
 */
public record Actor(String type, String id, String ip, String requestId) {

  public static final Actor SYSTEM = new Actor("system", null, null, null);

  public static Actor user(UUID userId, String ip, String requestId) {
    return new Actor("user", userId == null ? null : userId.toString(), ip, requestId);
  }

  public static Actor apiKey(String keyId, String ip, String requestId) {
    return new Actor("api_key", keyId, ip, requestId);
  }

  /** An audit entry of this actor's change to one resource. */
  public AuditEntry entry(UUID tenantId, String action, String resourceType, String resourceId, String changesJson) {
    return AuditLog.entry(tenantId, type, id, action, resourceType, resourceId, changesJson, ip, requestId);
  }
}
