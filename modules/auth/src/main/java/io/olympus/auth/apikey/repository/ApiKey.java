package io.olympus.auth.apikey.repository;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An API key as stored (never its secret). */
public record ApiKey(
    UUID id,
    UUID tenantId,
    UUID userId,
    String name,
    String prefix,
    byte[] secretHash,
    List<String> scopes,
    Instant createdAt,
    Instant expiresAt,
    Instant lastUsedAt,
    Instant revokedAt) {

  public ApiKey {
    scopes = List.copyOf(scopes);
  }

  public boolean usableAt(Instant now) {
    return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
  }

  public ApiKey withLastUsedAt(Instant at) {
    return new ApiKey(id, tenantId, userId, name, prefix, secretHash, scopes, createdAt, expiresAt, at, revokedAt);
  }

  /** The public view: no secret, no hash. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("name", name)
        .put("prefix", "olym_" + prefix)
        .put("scopes", new JsonArray(scopes))
        .put("created_by", userId.toString())
        .put("created_at", createdAt.toString())
        .put("expires_at", expiresAt == null ? null : expiresAt.toString())
        .put("last_used_at", lastUsedAt == null ? null : lastUsedAt.toString())
        .put("revoked_at", revokedAt == null ? null : revokedAt.toString());
  }

  @Override
  public String toString() {
    return "ApiKey[id=" + id + ", tenantId=" + tenantId + ", prefix=" + prefix + ", scopes=" + scopes + "]";
  }
}
