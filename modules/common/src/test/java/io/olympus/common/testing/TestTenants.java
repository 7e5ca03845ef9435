package io.olympus.common.testing;

import io.olympus.common.bus.BusErrors;
import io.olympus.common.db.Tenancy;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.tenant.TenantAddresses;
import io.olympus.common.tenant.TenantInfo;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers {@code platform.tenants.resolve} from the real {@code tenants} table, for module tests that
 * cannot deploy the platform service (domain modules do not depend on each other). The tenant's plan API
 * budget is reported as 0 (unlimited): these tests do not exercise rate limits. The IP lists come from the
 * {@code security.ip_allow} / {@code security.ip_deny} rows of {@code tenant_settings}, as the platform reports them.
 */
public final class TestTenants {

  static final String IP_LISTS = "SELECT key, value FROM tenant_settings WHERE tenant_id = $1 "
      + "AND key IN ('security.ip_allow', 'security.ip_deny')";

  private TestTenants() {}

  public static MessageConsumer<JsonObject> serveResolve(Vertx vertx, Pool appPool) {
    return vertx.eventBus().<JsonObject>consumer(TenantAddresses.RESOLVE, msg -> {
      JsonObject body = msg.body();
      String sql = body.containsKey("slug")
          ? "SELECT id, slug, name, plan, status FROM tenants WHERE slug = $1"
          : "SELECT id, slug, name, plan, status FROM tenants WHERE id = $1::uuid";
      String key = body.containsKey("slug") ? body.getString("slug") : body.getString("id");
      Tenancy.asSystem(appPool, conn -> conn.preparedQuery(sql).execute(Tuple.of(key)))
          .compose(rows -> rows.size() == 0
              ? Future.failedFuture(new NotFoundException("No such tenant"))
              : Future.succeededFuture(rows.iterator().next()))
          .compose(row -> Tenancy.inTenant(appPool, row.getUUID("id"), conn -> conn.preparedQuery(IP_LISTS)
                  .execute(Tuple.of(row.getUUID("id"))))
              .map(settings -> {
                List<String> allow = new ArrayList<>();
                List<String> deny = new ArrayList<>();
                settings.forEach(s -> ((JsonArray) s.getValue("value")).forEach(v ->
                    ("security.ip_allow".equals(s.getString("key")) ? allow : deny).add(String.valueOf(v))));
                return new TenantInfo(row.getUUID("id"), row.getString("slug"), row.getString("name"),
                    row.getString("plan"), row.getString("status"), 0, TenantInfo.ipAccess(row.getUUID("id"), allow, deny));
              }))
          .onSuccess(t -> msg.reply(t.toJson()))
          .onFailure(err -> BusErrors.fail(msg, err));
    });
  }
}
