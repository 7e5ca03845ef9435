package io.olympus.common.commerce;

import io.olympus.common.json.JsonInput;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * What commerce tells other services about a tenant's use of it (the platform's usage counters). Implemented by the
 * commerce service (served by {@link CommerceUsageBusAdapter}), by {@link CommerceUsageClient} for the consumers, and by
 * the shared fake in common's test-jar.
 *
 * <p>Wire format of {@link CommerceAddresses#PRODUCTS_COUNT}: request {@code {tenant_id}} ({@link TenantRef}); reply
 * {@code {products}}, the tenant's products that count against the plan (draft and active, not archived); 0 for a
 * tenant without products. Fails 400 naming {@code tenant_id} when it is not a UUID (failure code = HTTP status,
 * message = JSON problem, {@code io.olympus.common.bus.BusErrors}).
 */
public interface CommerceUsage {

  /** The tenant's products that count against its plan. */
  Future<Long> productCount(UUID tenantId);

  /** The request: a tenant. */
  record TenantRef(UUID tenantId) {

    public JsonObject toJson() {
      return new JsonObject().put("tenant_id", tenantId.toString());
    }

    public static TenantRef fromJson(JsonObject json) {
      JsonInput in = JsonInput.of(json, "body");
      UUID tenantId = in.requiredUuid("tenant_id");
      in.validate();
      return new TenantRef(tenantId);
    }
  }
}
