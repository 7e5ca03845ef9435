package io.olympus.commerce;

import io.olympus.commerce.inventory.ReservationSweeper;
import io.olympus.commerce.search.SearchCacheConfig;
import io.olympus.common.service.OlympusService;
import io.olympus.common.service.ServiceContext;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;

/**
 * The commerce service: its HTTP verticle (one instance per event loop) and, once per process, the
 * sweeper that releases expired stock reservations.
 */
public final class CommerceService implements OlympusService {

  public static final String NAME = "commerce";

  private final SearchCacheConfig searchCache;

  /** Settings from the environment ({@code SEARCH_CACHE_TTL_MS}, {@code SEARCH_CACHE_MAX_MB}). */
  public CommerceService() {
    this(SearchCacheConfig.from(new JsonObject(new HashMap<>(System.getenv()))));
  }

  public CommerceService(SearchCacheConfig searchCache) {
    this.searchCache = searchCache;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Future<Void> deploy(Vertx vertx, ServiceContext context) {
    int port = context.config().portOf(NAME);
    return vertx.deployVerticle(new ReservationSweeperVerticle(context, ReservationSweeper.DEFAULT_INTERVAL_MILLIS))
        .compose(ignored -> vertx.deployVerticle(() -> new CommerceHttpVerticle(context, port, searchCache),
            new DeploymentOptions().setInstances(context.config().httpInstances())))
        .mapEmpty();
  }
}
