package io.olympus.common.testing;

import io.olympus.common.bus.BusErrors;
import io.olympus.common.db.Tenancy;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.tenant.TenantAddresses;
import io.olympus.common.tenant.TenantInfo;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/**
 * Answers {@code platform.tenants.resolve} from the real {@code tenants} table, for module tests that
 * cannot deploy the platform service (domain modules do not depend on each other). The tenant's plan API
 * budget is reported as 0 (unlimited): these tests do not exercise rate limits.
 */
public final class TestTenants {

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
          .map(row -> new TenantInfo(row.getUUID("id"), row.getString("slug"), row.getString("name"),
              row.getString("plan"), row.getString("status"), 0))
          .onSuccess(t -> msg.reply(t.toJson()))
          .onFailure(err -> BusErrors.fail(msg, err));
    });
  }
}
