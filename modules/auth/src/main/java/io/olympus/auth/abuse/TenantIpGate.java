package io.olympus.auth.abuse;

import io.olympus.auth.account.repository.RequestMeta;
import io.olympus.auth.account.repository.SecurityEvent;
import io.olympus.auth.account.repository.SecurityEventRepository;
import io.olympus.common.db.Tenancy;
import io.olympus.common.error.IpNotAllowedException;
import io.olympus.common.security.IpAccessPolicy;
import io.olympus.common.tenant.TenantInfo;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import java.net.InetAddress;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenant's IP allow/deny lists at the sign-in doors of the auth service (login, MFA step, refresh, register):
 * a refused client gets the same 403 {@code ip-not-allowed} as in every other service, and an {@code ip_refused}
 * security event is recorded — at most one per tenant, address and operation per minute, so a client hammering a
 * door cannot flood the table.
 */
public final class TenantIpGate {

  private static final Logger LOG = LoggerFactory.getLogger(TenantIpGate.class);
  private static final long EVENT_INTERVAL_SECONDS = 60;

  private final Pool pool;
  private final Redis redis;
  private final SecurityEventRepository securityEvents;

  public TenantIpGate(Pool pool, Redis redis, SecurityEventRepository securityEvents) {
    this.pool = pool;
    this.redis = redis;
    this.securityEvents = securityEvents;
  }

  /**
   * The tenant when {@code client} may act for it; otherwise records {@code ip_refused} (user when known) and fails
   * with {@link IpNotAllowedException}.
   */
  public Future<TenantInfo> check(TenantInfo tenant, InetAddress client, UUID userId, String operation, RequestMeta meta) {
    if (IpAccessPolicy.permits(tenant, client)) {
      return Future.succeededFuture(tenant);
    }
    return record(tenant.id(), userId, operation, meta)
        .recover(err -> {
          LOG.warn("could not record a refused address for tenant {}: {}", tenant.id(), err.getMessage());
          return Future.succeededFuture();
        })
        .compose(v -> Future.failedFuture(new IpNotAllowedException()));
  }

  private Future<Void> record(UUID tenantId, UUID userId, String operation, RequestMeta meta) {
    String key = "auth:ip-refused:" + tenantId + ":" + meta.ip() + ":" + operation;
    return redis.send(Request.cmd(Command.SET).arg(key).arg("1").arg("NX").arg("EX").arg(EVENT_INTERVAL_SECONDS))
        .compose(reply -> reply == null
            ? Future.succeededFuture()
            : Tenancy.inTenant(pool, tenantId, conn -> securityEvents.append(conn, tenantId, userId,
                SecurityEvent.IP_REFUSED, meta, new JsonObject().put("operation", operation))));
  }
}
