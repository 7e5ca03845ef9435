package io.olympus.common.audit;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.UUID;

/**
 * One audit record: who did what to which resource, with a summary of the changed fields.
 * {@code changes} is JSON text, stored exactly as hashed.
 */
public record AuditEntry(
    UUID id,
    UUID tenantId,
    String actorType,
    String actorId,
    String action,
    String resourceType,
    String resourceId,
    String changes,
    String ip,
    String requestId,
    Instant occurredAt) {

  public AuditEntry {
    occurredAt = occurredAt.truncatedTo(ChronoUnit.MICROS);
    changes = changes == null ? "{}" : changes;
  }

  /** The chain hash of this entry at position {@code seq} after an entry hashed {@code prevHash}. */
  public String chainHash(long seq, String prevHash) {
    String canonical = String.join("\u001f",
        prevHash, Long.toString(seq), id.toString(), tenantId.toString(), actorType, nullable(actorId), action,
        resourceType, nullable(resourceId), changes, nullable(ip), nullable(requestId), occurredAt.toString());
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("actor_type", actorType)
        .put("actor_id", actorId)
        .put("action", action)
        .put("resource_type", resourceType)
        .put("resource_id", resourceId)
        .put("changes", new JsonObject(changes))
        .put("ip", ip)
        .put("request_id", requestId)
        .put("occurred_at", occurredAt.toString());
  }

  private static String nullable(String s) {
    return s == null ? "" : s;
  }
}
