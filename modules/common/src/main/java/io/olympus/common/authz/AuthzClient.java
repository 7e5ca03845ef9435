package io.olympus.common.authz;

import io.olympus.common.bus.BusClient;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * The consumers' side of {@link Authz} over the platform's authorization addresses (through {@link BusClient}: deadline
 * and circuit breaker).
 */
public final class AuthzClient implements Authz {

  private final BusClient bus;

  public AuthzClient(BusClient bus) {
    this.bus = bus;
  }

  @Override
  public Future<Decision> check(Check request) {
    return request(AuthzAddresses.CHECK, request.toJson()).map(Decision::fromJson);
  }

  @Override
  public Future<EffectivePermissions> effective(UUID tenantId, UUID userId) {
    return request(AuthzAddresses.EFFECTIVE, new UserRef(tenantId, userId).toJson())
        .map(EffectivePermissions::fromJson);
  }

  /** The materialised path of a location; NotFoundException for a location of another tenant or none. */
  @Override
  public Future<String> locationPath(UUID tenantId, UUID locationId) {
    return request(AuthzAddresses.LOCATION_PATH, new LocationRef(tenantId, locationId).toJson())
        .map(json -> json.getString("path"));
  }

  private Future<JsonObject> request(String address, JsonObject body) {
    return bus.request(address, body);
  }
}
