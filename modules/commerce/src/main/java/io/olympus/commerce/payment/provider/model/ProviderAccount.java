package io.olympus.commerce.payment.provider.model;

import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;

/**
 * A tenant's account at a payment provider as the API shows it: never the credentials, only the last four
 * characters of the key id ({@code key_last4}).
 */
public record ProviderAccount(String provider, boolean enabled, boolean isDefault, String keyLast4,
                              OffsetDateTime createdAt, OffsetDateTime updatedAt) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("provider", provider)
        .put("enabled", enabled)
        .put("default", isDefault)
        .put("key_last4", keyLast4)
        .put("created_at", createdAt == null ? null : createdAt.toInstant().toString())
        .put("updated_at", updatedAt == null ? null : updatedAt.toInstant().toString());
  }

  /** What the audit log records of a change: the same as the API shows. */
  public JsonObject auditJson() {
    return new JsonObject().put("provider", provider).put("enabled", enabled).put("default", isDefault)
        .put("key_last4", keyLast4);
  }
}
