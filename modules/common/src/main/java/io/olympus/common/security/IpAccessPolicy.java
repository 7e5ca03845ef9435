package io.olympus.common.security;

import io.olympus.common.error.IpNotAllowedException;
import io.olympus.common.net.ClientIp;
import io.olympus.common.tenant.TenantInfo;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.net.InetAddress;

/**
 * Enforces a tenant's IP allow/deny lists ({@code security.ip_allow} / {@code security.ip_deny} settings, parsed
 * once and cached with the tenant) against the request's client IP ({@link ClientIp}). A refusal is a 403 problem of
 * type {@code ip-not-allowed} that does not reveal the lists.
 */
public final class IpAccessPolicy {

  private IpAccessPolicy() {}

  /** Whether a client at {@code address} may act for the tenant. */
  public static boolean permits(TenantInfo tenant, InetAddress address) {
    return tenant.ipAccess().permits(address);
  }

  /** The tenant when the request's client IP is allowed; otherwise fails with {@link IpNotAllowedException}. */
  public static Future<TenantInfo> check(TenantInfo tenant, RoutingContext ctx) {
    return tenant.ipAccess().isUnrestricted() || permits(tenant, ClientIp.address(ctx))
        ? Future.succeededFuture(tenant)
        : Future.failedFuture(new IpNotAllowedException());
  }
}
