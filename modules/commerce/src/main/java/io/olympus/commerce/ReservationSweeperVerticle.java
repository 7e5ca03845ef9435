package io.olympus.commerce;

import io.olympus.commerce.inventory.service.ReservationSweeper;
import io.olympus.common.db.PgPools;
import io.olympus.common.service.ServiceContext;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** Runs the {@link ReservationSweeper} once per process on the shared runtime-role pool. */
final class ReservationSweeperVerticle extends VerticleBase {

  private final ServiceContext context;
  private final CommerceConfig config;
  private final long intervalMillis;

  ReservationSweeperVerticle(ServiceContext context, CommerceConfig config, long intervalMillis) {
    this.context = context;
    this.config = config;
    this.intervalMillis = intervalMillis;
  }

  @Override
  public Future<?> start() {
    var pool = PgPools.shared(vertx, PgPools.serviceName(CommerceService.NAME), PgPools.connectOptions(context.appDatabase()),
        context.config().dbPoolSize(), context.config().dbMaxWaitQueue());
    return vertx.deployVerticle(new ReservationSweeper(CommerceServices.create(vertx, pool, config).inventory(),
        intervalMillis));
  }
}
