package io.olympus.auth;

import io.olympus.common.service.OlympusService;
import io.olympus.common.service.ServiceContext;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** The auth service: its HTTP verticle, one instance per event loop. */
public final class AuthService implements OlympusService {

  public static final String NAME = "auth";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Future<Void> deploy(Vertx vertx, ServiceContext context) {
    int port = context.config().portOf(NAME);
    return vertx.deployVerticle(() -> new AuthHttpVerticle(context, port),
            new DeploymentOptions().setInstances(context.config().httpInstances()))
        .mapEmpty();
  }
}
