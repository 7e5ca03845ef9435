package io.olympus.platform;

import io.olympus.common.service.OlympusService;
import io.olympus.common.service.ServiceContext;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** The platform service: its HTTP verticle, one instance per event loop. */
public final class PlatformService implements OlympusService {

  public static final String NAME = "platform";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Future<Void> deploy(Vertx vertx, ServiceContext context) {
    int port = context.config().portOf(NAME);
    return vertx.deployVerticle(() -> new PlatformHttpVerticle(context, port),
            new DeploymentOptions().setInstances(context.config().httpInstances()))
        .mapEmpty();
  }
}
