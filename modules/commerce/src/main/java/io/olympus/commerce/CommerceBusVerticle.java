package io.olympus.commerce;

import io.olympus.commerce.catalog.ProductRepository;
import io.olympus.common.bus.BusErrors;
import io.olympus.common.commerce.CommerceAddresses;
import io.olympus.common.db.PgPools;
import io.olympus.common.db.Tenancy;
import io.olympus.common.json.JsonInput;
import io.olympus.common.service.ServiceContext;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.UUID;

/** Serves the commerce addresses of {@link CommerceAddresses} (once per process, on the shared runtime-role pool). */
final class CommerceBusVerticle extends VerticleBase {

  private final ServiceContext context;
  private Pool pool;
  private final ProductRepository products = new ProductRepository();

  CommerceBusVerticle(ServiceContext context) {
    this.context = context;
  }

  @Override
  public Future<?> start() {
    pool = PgPools.service(vertx, CommerceService.NAME, context);
    return vertx.eventBus().<JsonObject>consumer(CommerceAddresses.PRODUCTS_COUNT, this::countProducts).completion();
  }

  private void countProducts(Message<JsonObject> msg) {
    JsonInput in = JsonInput.of(msg.body(), "body");
    UUID tenantId = in.requiredUuid("tenant_id");
    try {
      in.validate();
    } catch (RuntimeException e) {
      BusErrors.fail(msg, e);
      return;
    }
    Tenancy.inTenant(pool, tenantId, conn -> products.countUnarchived(conn, tenantId))
        .onSuccess(count -> msg.reply(new JsonObject().put("products", count)))
        .onFailure(err -> BusErrors.fail(msg, err));
  }
}
