package io.olympus.common.authz;

import io.olympus.common.bus.BusClient;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** Typed client of the platform's authorization addresses (through {@link BusClient}: deadline and circuit breaker). */
public final class AuthzClient {

  private final BusClient bus;

  public AuthzClient(BusClient bus) {
    this.bus = bus;
  }

  public Future<EffectivePermissions> effective(UUID tenantId, UUID userId) {
    return request(AuthzAddresses.EFFECTIVE, new JsonObject()
        .put("tenant_id", tenantId.toString())
        .put("user_id", userId.toString()))
        .map(EffectivePermissions::fromJson);
  }

  /** The materialised path of a location; NotFoundException for a location of another tenant or none. */
  public Future<String> locationPath(UUID tenantId, UUID locationId) {
    return request(AuthzAddresses.LOCATION_PATH, new JsonObject()
        .put("tenant_id", tenantId.toString())
        .put("location_id", locationId.toString()))
        .map(json -> json.getString("path"));
  }

  private Future<JsonObject> request(String address, JsonObject body) {
    return bus.request(address, body);
  }
}
