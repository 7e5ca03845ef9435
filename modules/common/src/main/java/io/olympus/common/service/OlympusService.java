package io.olympus.common.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** One of the three services, as the launcher sees it: a name, a port key and a way to deploy its verticles. */
public interface OlympusService {

  /** {@code auth}, {@code platform} or {@code commerce}. */
  String name();

  /** Deploys the service's verticles; fails if any of them fails to start (e.g. its port is taken). */
  Future<Void> deploy(Vertx vertx, ServiceContext context);
}
