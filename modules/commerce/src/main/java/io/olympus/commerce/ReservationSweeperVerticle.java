package io.olympus.commerce;

import io.olympus.commerce.event.CommittedChangeSink;
import io.olympus.commerce.event.OutboxEventSink;
import io.olympus.commerce.inventory.InventoryRepository;
import io.olympus.commerce.inventory.InventoryService;
import io.olympus.commerce.inventory.ReservationSweeper;
import io.olympus.commerce.search.CatalogVersions;
import io.olympus.common.db.PgPools;
import io.olympus.common.service.ServiceContext;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** Runs the {@link ReservationSweeper} once per process on the shared runtime-role pool. */
final class ReservationSweeperVerticle extends VerticleBase {

  private final ServiceContext context;
  private final long intervalMillis;

  ReservationSweeperVerticle(ServiceContext context, long intervalMillis) {
    this.context = context;
    this.intervalMillis = intervalMillis;
  }

  @Override
  public Future<?> start() {
    var pool = PgPools.service(vertx, CommerceService.NAME, context);
    InventoryService inventory = new InventoryService(pool, new InventoryRepository(),
        new CommittedChangeSink(new OutboxEventSink(), CatalogVersions.of(vertx)));
    return vertx.deployVerticle(new ReservationSweeper(inventory, intervalMillis));
  }
}
