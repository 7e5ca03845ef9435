package io.olympus.commerce;

import io.olympus.commerce.inventory.ReservationSweeper;
import io.olympus.common.service.OlympusService;
import io.olympus.common.service.ServiceContext;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The commerce service: its HTTP verticle (one instance per event loop) and, once per process, the
 * sweeper that releases expired stock reservations and the bus addresses other services ask
 * ({@code commerce.products.count}).
 */
public final class CommerceService implements OlympusService {

  public static final String NAME = "commerce";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Future<Void> deploy(Vertx vertx, ServiceContext context) {
    int port = context.config().portOf(NAME);
    return vertx.deployVerticle(new ReservationSweeperVerticle(context, ReservationSweeper.DEFAULT_INTERVAL_MILLIS))
        .compose(ignored -> vertx.deployVerticle(new CommerceBusVerticle(context)))
        .compose(ignored -> vertx.deployVerticle(() -> new CommerceHttpVerticle(context, port),
            new DeploymentOptions().setInstances(context.config().httpInstances())))
        .mapEmpty();
  }
}
