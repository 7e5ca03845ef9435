package io.olympus.platform.rbac;

import io.olympus.common.authz.Authz;
import io.olympus.common.authz.AuthzAddresses;
import io.olympus.common.authz.AuthzBusAdapter;
import io.olympus.common.authz.Decision;
import io.olympus.common.authz.EffectivePermissions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.UUID;

/** Serves the authorization addresses ({@link AuthzAddresses}) for every service in the cluster: the platform's {@link Authz}. */
public final class RbacBusVerticle extends VerticleBase implements Authz {

  private final RbacService rbac;

  public RbacBusVerticle(RbacService rbac) {
    this.rbac = rbac;
  }

  @Override
  public Future<?> start() {
    return AuthzBusAdapter.register(vertx, this).completion();
  }

  @Override
  public Future<Decision> check(Check request) {
    return rbac.check(request.tenantId(), request.userId(), request.permission(), request.locationId(), request.ownerId());
  }

  @Override
  public Future<EffectivePermissions> effective(UUID tenantId, UUID userId) {
    return rbac.effective(tenantId, userId);
  }

  @Override
  public Future<String> locationPath(UUID tenantId, UUID locationId) {
    return rbac.locationPath(tenantId, locationId);
  }
}
