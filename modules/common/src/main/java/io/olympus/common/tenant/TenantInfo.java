package io.olympus.common.tenant;

import io.olympus.common.net.IpAccessList;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every service needs to know about a tenant: identity, plan, its API rate, whether it may act, its IP
 * allow/deny lists (parsed once, cached with the tenant) and the plan's product limit ({@code maxProducts}, 0 =
 * unlimited; enforced by commerce).
 */
public record TenantInfo(UUID id, String slug, String name, String plan, String status, int apiRequestsPerMinute,
                         IpAccessList ipAccess, long maxProducts) {

  private static final Logger LOG = LoggerFactory.getLogger(TenantInfo.class);

  public TenantInfo(UUID id, String slug, String name, String plan, String status, int apiRequestsPerMinute) {
    this(id, slug, name, plan, status, apiRequestsPerMinute, IpAccessList.NONE, 0);
  }

  public TenantInfo(UUID id, String slug, String name, String plan, String status, int apiRequestsPerMinute,
                    IpAccessList ipAccess) {
    this(id, slug, name, plan, status, apiRequestsPerMinute, ipAccess, 0);
  }

  public TenantInfo {
    ipAccess = ipAccess == null ? IpAccessList.NONE : ipAccess;
  }

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
        .put("api_requests_per_minute", apiRequestsPerMinute)
        .put("ip_allow", new JsonArray(ipAccess.allow()))
        .put("ip_deny", new JsonArray(ipAccess.deny()))
        .put("max_products", maxProducts);
  }

  public static TenantInfo fromJson(JsonObject json) {
    UUID id = UUID.fromString(json.getString("id"));
    return new TenantInfo(id, json.getString("slug"), json.getString("name"),
        json.getString("plan"), json.getString("status"), json.getInteger("api_requests_per_minute", 0),
        ipAccess(id, strings(json.getJsonArray("ip_allow")), strings(json.getJsonArray("ip_deny"))),
        json.getLong("max_products", 0L));
  }

  /** Parses a tenant's IP lists; an entry that does not parse fails closed (every address refused, logged). */
  public static IpAccessList ipAccess(UUID id, List<String> allow, List<String> deny) {
    try {
      return IpAccessList.of(allow, deny);
    } catch (IllegalArgumentException e) {
      // the platform validates every write; a bad stored entry fails closed: nobody may act until it is fixed
      LOG.error("tenant {} has an invalid IP list entry ({}); refusing every address", id, e.getMessage());
      return IpAccessList.of(List.of("0.0.0.0/32"), List.of("0.0.0.0/0", "::/0"));
    }
  }

  private static List<String> strings(JsonArray array) {
    List<String> out = new ArrayList<>();
    if (array != null) {
      array.forEach(v -> out.add(String.valueOf(v)));
    }
    return out;
  }
}
