package io.olympus.commerce;

import io.olympus.commerce.catalog.repository.ProductRepository;
import io.olympus.common.bus.BusErrors;
import io.olympus.common.commerce.CommerceAddresses;
import io.olympus.common.db.Tenancy;
import io.olympus.common.json.JsonInput;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.UUID;

/** Serves the commerce addresses of {@link CommerceAddresses} (once per process, on the pool of commerce's composition root). */
final class CommerceBusVerticle extends VerticleBase {

  private final Pool pool;
  private final ProductRepository products = new ProductRepository();

  CommerceBusVerticle(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<?> start() {
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
