package io.olympus.commerce;

import io.olympus.commerce.analytics.repository.AnalyticsRepository;
import io.olympus.commerce.analytics.service.AnalyticsConsumer;
import io.olympus.commerce.analytics.service.AnalyticsService;
import io.olympus.commerce.cart.repository.CartRepository;
import io.olympus.commerce.cart.service.CartSweeper;
import io.olympus.commerce.inventory.service.ReservationSweeper;
import io.olympus.commerce.payment.service.PaymentReconciler;
import io.olympus.common.config.ConfigException;
import io.olympus.common.db.PgPools;
import io.olympus.common.http.idempotency.IdempotencyKeySweeper;
import io.olympus.common.outbox.Backoff;
import io.olympus.common.service.OlympusService;
import io.olympus.common.service.ServiceContext;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.HashMap;

/**
 * The commerce service: one {@link CommerceComponents} per process (its composition root), its HTTP verticle (one
 * instance per event loop) and, once per process, the
 * sweeper that releases expired stock reservations, the one that deletes expired carts, the one that deletes
 * expired idempotency keys, the payment reconciler (pending payments, expired authorizations, pending refunds), and
 * the consumer that keeps the analytics read model from the order and payment events, and the bus
 * addresses other services ask ({@code commerce.products.count}). Commerce settings ({@code COMMERCE_*}, see {@link CommerceConfig}) are read
 * from the environment unless given to the constructor.
 */
public final class CommerceService implements OlympusService {

  public static final String NAME = "commerce";

  private final JsonObject settings;

  /** Settings from the environment (see {@link CommerceConfig}). */
  public CommerceService() {
    this(new JsonObject(new HashMap<>(System.getenv())));
  }

  public CommerceService(JsonObject settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The commerce settings this service was given ({@code COMMERCE_*}); fails with the bad key. */
  public CommerceConfig config() {
    return CommerceConfig.from(settings);
  }

  @Override
  public Future<Void> deploy(Vertx vertx, ServiceContext context) {
    int port = context.config().portOf(NAME);
    CommerceConfig config;
    try {
      config = config();
    } catch (ConfigException e) {
      return Future.failedFuture(e);
    }
    CommerceComponents components = CommerceComponents.create(vertx, context, config);
    Pool pool = components.pool();
    return vertx.deployVerticle(new ReservationSweeper(components.inventory(), ReservationSweeper.DEFAULT_INTERVAL_MILLIS))
        .compose(ignored -> vertx.deployVerticle(new AuditChainerVerticle(components.auditChainer(),
            AuditChainerVerticle.DEFAULT_INTERVAL_MILLIS)))
        .compose(ignored -> vertx.deployVerticle(new IdempotencyKeySweeper(pool, config.idempotency())))
        .compose(ignored -> vertx.deployVerticle(new PaymentReconciler(components.payments(),
            components.sandbox()::deliverDueDisputes)))
        .compose(ignored -> vertx.deployVerticle(new CartSweeper(pool, new CartRepository(),
            CartSweeper.DEFAULT_INTERVAL_MILLIS)))
        .compose(ignored -> vertx.deployVerticle(analyticsConsumer(vertx, context)))
        .compose(ignored -> vertx.deployVerticle(new CommerceBusVerticle(pool)))
        .compose(ignored -> vertx.deployVerticle(() -> new CommerceHttpVerticle(context, port, components),
            new DeploymentOptions().setInstances(context.config().httpInstances())))
        .mapEmpty();
  }

  /**
   * The analytics read model's event consumer with the outbox's retry budget, on a runtime-role pool of its own
   * ({@link AnalyticsConsumer#POOL_SIZE} connections): a burst of events never takes the connections requests need.
   */
  private static AnalyticsConsumer analyticsConsumer(Vertx vertx, ServiceContext context) {
    var pool = PgPools.shared(vertx, PgPools.serviceName(NAME) + "-analytics",
        PgPools.connectOptions(context.appDatabase(), context.config().deadlines()), AnalyticsConsumer.POOL_SIZE,
        AnalyticsConsumer.POOL_WAIT_QUEUE, AnalyticsConsumer.POOL_WAIT_MS);
    return new AnalyticsConsumer(pool, new AnalyticsService(pool, new AnalyticsRepository()),
        Backoff.from(context.config().outbox()));
  }
}
