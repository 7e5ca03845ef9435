package io.olympus.common.tenant;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** What every service needs to know about a tenant: identity, plan, its API rate and whether it may act. */
public record TenantInfo(UUID id, String slug, String name, String plan, String status, int apiRequestsPerMinute) {

  public boolean isActive() {
    return "active".equals(status);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("slug", slug)
        .put("name", name)
        .put("plan", plan)
        .put("status", status)
        .put("api_requests_per_minute", apiRequestsPerMinute);
  }

  public static TenantInfo fromJson(JsonObject json) {
    return new TenantInfo(UUID.fromString(json.getString("id")), json.getString("slug"), json.getString("name"),
        json.getString("plan"), json.getString("status"), json.getInteger("api_requests_per_minute", 0));
  }
}
