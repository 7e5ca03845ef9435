package io.olympus.platform.tenant;

import io.olympus.common.net.IpAccessList;
import io.olympus.common.tenant.TenantInfo;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.function.Function;

/** A tenant as the platform service stores it. */
public record Tenant(
    UUID id,
    String slug,
    String name,
    String plan,
    String status,
    String billingEmail,
    JsonObject billingAddress,
    String taxId,
    int version,
    Instant createdAt,
    Instant updatedAt,
    int apiRequestsPerMinute,
    Integer maxProducts) {

  static final Function<Row, Tenant> MAPPER = row -> new Tenant(
      row.getUUID("id"),
      row.getString("slug"),
      row.getString("name"),
      row.getString("plan"),
      row.getString("status"),
      row.getString("billing_email"),
      (JsonObject) row.getValue("billing_address"),
      row.getString("tax_id"),
      row.getInteger("version"),
      instant(row.getOffsetDateTime("created_at")),
      instant(row.getOffsetDateTime("updated_at")),
      row.getInteger("api_requests_per_minute"),
      row.getInteger("max_products"));

  public TenantInfo info() {
    return info(IpAccessList.NONE);
  }

  /** What other services cache about the tenant, with its IP lists. */
  public TenantInfo info(IpAccessList ipAccess) {
    return new TenantInfo(id, slug, name, plan, status, apiRequestsPerMinute, ipAccess,
        maxProducts == null ? 0 : maxProducts);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("slug", slug)
        .put("name", name)
        .put("plan", plan)
        .put("status", status)
        .put("billing_email", billingEmail)
        .put("billing_address", billingAddress)
        .put("tax_id", taxId)
        .put("version", version)
        .put("created_at", createdAt.toString())
        .put("updated_at", updatedAt.toString());
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
