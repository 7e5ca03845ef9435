package io.olympus.common.flag;

import io.olympus.common.json.JsonInput;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The platform's feature flags as other services evaluate them. Implemented by the platform (served by
 * {@link FlagsBusAdapter}), by {@link FlagsClient} for the consumers, and by the shared fake in common's test-jar.
 *
 * <p>Wire format of {@link FlagAddresses#EVALUATE}: request {@code {tenant_id, user_id, roles?: [role…], location_id?}}
 * ({@link Evaluate}); reply {@code {flags: {<key>: {enabled, variant, reason}}}} ({@link FlagEvaluation}), every flag
 * of the tenant (none: an empty object). Fails 400 naming {@code tenant_id}, {@code user_id} or {@code location_id}
 * when it is not a UUID (failure code = HTTP status, message = JSON problem, {@code io.olympus.common.bus.BusErrors}).
 */
public interface Flags {

  /** Every flag of the tenant, evaluated for the user, by key. */
  Future<Map<String, FlagEvaluation>> evaluate(Evaluate request);

  /** Who the flags are evaluated for: a user of a tenant, their roles, and where they act (null: nowhere in particular). */
  record Evaluate(UUID tenantId, UUID userId, List<String> roles, UUID locationId) {

    public Evaluate {
      roles = roles == null ? List.of() : List.copyOf(roles);
    }

    public JsonObject toJson() {
      return new JsonObject()
          .put("tenant_id", tenantId.toString())
          .put("user_id", userId.toString())
          .put("roles", new JsonArray(roles))
          .put("location_id", locationId == null ? null : locationId.toString());
    }

    /** Decodes a request; ValidationException naming every bad field. */
    public static Evaluate fromJson(JsonObject json) {
      JsonInput in = new JsonInput(json);
      UUID tenant = in.requiredUuid("tenant_id");
      UUID user = in.requiredUuid("user_id");
      UUID location = in.optionalUuid("location_id");
      List<String> roles = new ArrayList<>();
      if (json.getValue("roles") instanceof JsonArray array) {
        array.forEach(r -> roles.add(String.valueOf(r)));
      }
      in.validate();
      return new Evaluate(tenant, user, roles, location);
    }
  }
}
