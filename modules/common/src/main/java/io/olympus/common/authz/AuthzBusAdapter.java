package io.olympus.common.authz;

import io.olympus.common.bus.BusEndpoints;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** Serves the addresses of {@link AuthzAddresses} from an {@link Authz} implementation (wire format: {@link Authz}). */
public final class AuthzBusAdapter {

  private AuthzBusAdapter() {}

  /** Registers the consumers; unregister the returned handle to stop. */
  public static BusEndpoints.Registration register(Vertx vertx, Authz authz) {
    return BusEndpoints.on(vertx)
        .serve(AuthzAddresses.CHECK, body -> authz.check(Authz.Check.fromJson(body)).map(Decision::toJson))
        .serve(AuthzAddresses.EFFECTIVE, body -> {
          Authz.UserRef user = Authz.UserRef.fromJson(body);
          return authz.effective(user.tenantId(), user.userId()).map(EffectivePermissions::toJson);
        })
        .serve(AuthzAddresses.LOCATION_PATH, body -> {
          Authz.LocationRef location = Authz.LocationRef.fromJson(body);
          return authz.locationPath(location.tenantId(), location.locationId())
              .map(path -> new JsonObject().put("path", path));
        })
        .registration();
  }
}
