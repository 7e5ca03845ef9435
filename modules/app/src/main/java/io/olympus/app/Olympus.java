package io.olympus.app;

import io.olympus.auth.AuthService;
import io.olympus.commerce.CommerceService;
import io.olympus.common.config.OlympusConfig;
import io.olympus.common.db.DatabaseUrl;
import io.olympus.common.db.Migrations;
import io.olympus.common.db.PgPools;
import io.olympus.common.embedded.EmbeddedPostgresServer;
import io.olympus.common.embedded.EmbeddedRedisServer;
import io.olympus.common.health.ServiceHealth;
import io.olympus.common.metrics.EventLoopDelayProbe;
import io.olympus.common.metrics.ManagementVerticle;
import io.olympus.common.metrics.MetricsSupport;
import io.olympus.common.outbox.OutboxDeployment;
import io.olympus.common.outbox.OutboxHealth;
import io.olympus.common.redis.RedisUrl;
import io.olympus.common.service.GracefulDrain;
import io.olympus.common.service.OlympusService;
import io.olympus.common.service.Readiness;
import io.olympus.common.service.ServiceContext;
import io.olympus.platform.PlatformService;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.ext.healthchecks.Status;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Olympus process: embedded or external PostgreSQL and Redis, migrations, the selected services,
 * and the graceful shutdown sequence. {@link #start()} and {@link #stop()} are called from {@code main}
 * (or a test), never from an event loop.
 */
public final class Olympus {

  /** Readiness turns DOWN when the oldest unpublished outbox event is older than this. */
  static final long OUTBOX_LAG_LIMIT_MS = 60_000;


  private static final Logger LOG = LoggerFactory.getLogger(Olympus.class);

  /** Deployment order and the variable that sets each service's port. */
  static final List<String> SERVICE_ORDER = List.of("auth", "platform", "commerce");
  static final Map<String, String> PORT_KEYS = Map.of(
      "auth", "AUTH_PORT", "platform", "PLATFORM_PORT", "commerce", "COMMERCE_PORT");

  private static final long CLOSE_TIMEOUT_MS = 30_000;

  private final LaunchConfig config;
  private final OlympusConfig olympus;
  private final Readiness readiness = new Readiness();
  private volatile Vertx vertx;
  private volatile EmbeddedPostgresServer embeddedPostgres;
  private volatile EmbeddedRedisServer embeddedRedis;
  private volatile DatabaseUrl ownerDatabase;
  private volatile RedisUrl redis;
  private Future<Void> stopping;
  private volatile int managementPort = -1;
  private volatile ServiceContext process;

  public Olympus(LaunchConfig config) {
    this.config = config;
    this.olympus = config.olympus();
  }

  /**
   * Starts everything and logs the start-up block. Fails with a {@link StartupException} naming the port,
   * variable or server that was the problem, after stopping whatever had already started.
   */
  public Future<Void> start() {
    long startedAt = System.nanoTime();
    try {
      checkPortsFree();
    } catch (StartupException e) {
      return Future.failedFuture(e);
    }
    return VertxFactory.create(config)
        .recover(err -> Future.failedFuture(new StartupException("could not join the cluster as "
            + olympus.cluster().host() + ":" + olympus.cluster().port()
            + " (OLYMPUS_CLUSTER_HOST/OLYMPUS_CLUSTER_PORT): " + err.getMessage(), err)))
        .onSuccess(v -> vertx = v)
        // ends with Vert.x: its loops shut down and take the probe's next task with them
        .onSuccess(v -> EventLoopDelayProbe.start(v, MetricsSupport.registry(), Duration.ofMillis(20)))
        .compose(v -> startDataStores())
        .compose(v -> migrate())
        .compose(v -> deployServices(createProcess()))
        .compose(v -> deployOutbox())
        .compose(v -> deployManagement())
        .onSuccess(v -> logStarted(startedAt))
        .recover(this::abortStart);
  }

  /**
   * Graceful shutdown: readiness DOWN, a grace period for load balancers, in-flight requests drain and
   * verticles undeploy (bounded by {@code OLYMPUS_SHUTDOWN_TIMEOUT_MS}), Vert.x closes (leaving the
   * cluster), then the embedded Redis and PostgreSQL stop. Idempotent; never fails on a step that times out.
   */
  public synchronized Future<Void> stop() {
    if (stopping == null) {
      stopping = shutdown(config.shutdownGraceMs());
    }
    return stopping;
  }

  /** The owner (migration) address of the database in use. */
  public DatabaseUrl ownerDatabase() {
    return ownerDatabase;
  }

  /** The runtime role's address, as the services use it. */
  public DatabaseUrl appDatabase() {
    return ownerDatabase.withCredentials(olympus.appDbUser(), olympus.appDbPassword());
  }

  public RedisUrl redis() {
    return redis;
  }

  public Vertx vertx() {
    return vertx;
  }

  public Readiness readiness() {
    return readiness;
  }

  private void checkPortsFree() {
    for (String name : selectedServices()) {
      int port = olympus.portOf(name);
      if (port == 0) {
        continue;
      }
      try (ServerSocket socket = new ServerSocket()) {
        socket.bind(new InetSocketAddress(InetAddress.getByName(olympus.httpHost()), port));
      } catch (IOException e) {
        throw new StartupException(portMessage(name, e));
      }
    }
  }

  /**
   * The embedded stores start one after the other, never side by side: each writes its binaries and then
   * runs them, and a process that one start forks while the other still holds a binary open for writing
   * inherits that descriptor, so running the binary fails with "Text file busy" (ETXTBSY).
   */
  private Future<Void> startDataStores() {
    Path dataDir = olympus.dataDir().toAbsolutePath();
    return olympus.redisUrl()
        .map(Future::succeededFuture)
        .orElseGet(() -> vertx.executeBlocking(() -> startEmbeddedRedis(dataDir.resolve("redis")), false))
        .compose(redisUrl -> {
          redis = redisUrl;
          return olympus.databaseUrl()
              .map(Future::succeededFuture)
              .orElseGet(() -> vertx.executeBlocking(() -> startEmbeddedPostgres(dataDir.resolve("postgres")), false));
        })
        .onSuccess(database -> ownerDatabase = database)
        .mapEmpty();
  }

  private DatabaseUrl startEmbeddedPostgres(Path dir) {
    LOG.info("starting embedded PostgreSQL, data in {}", dir);
    try {
      embeddedPostgres = EmbeddedPostgresServer.start(dir, config.embeddedPostgresPort());
      return embeddedPostgres.ownerUrl();
    } catch (IOException | RuntimeException e) {
      throw new StartupException("could not start the embedded PostgreSQL in " + dir
          + " (OLYMPUS_DATA_DIR, OLYMPUS_EMBEDDED_POSTGRES_PORT): " + rootMessage(e), e);
    }
  }

  private RedisUrl startEmbeddedRedis(Path dir) {
    LOG.info("starting embedded Redis, data in {}", dir);
    try {
      embeddedRedis = EmbeddedRedisServer.start(dir, config.embeddedRedisPort());
      return embeddedRedis.url();
    } catch (IOException | RuntimeException e) {
      throw new StartupException("could not start the embedded Redis in " + dir
          + " (OLYMPUS_DATA_DIR, OLYMPUS_EMBEDDED_REDIS_PORT): " + rootMessage(e), e);
    }
  }

  private Future<Void> migrate() {
    return vertx.executeBlocking(this::runMigrations, false)
        .recover(err -> Future.failedFuture(new StartupException("could not migrate the database at "
            + (embeddedPostgres != null ? "the embedded PostgreSQL " : "DATABASE_URL=") + ownerDatabase.display()
            + ": " + rootMessage(err), err)))
        .mapEmpty();
  }

  /** Flyway finds the JDBC driver through the context class loader, which a Vert.x thread may not carry. */
  private int runMigrations() {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(Olympus.class.getClassLoader());
    try {
      return Migrations.migrate(ownerDatabase, olympus.appDbUser(), olympus.appDbPassword());
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /**
   * The parts every service of this process shares, built once: readiness registry, event-bus client, security state.
   * Runs on the start-up chain's context, which belongs to no deployment: their timers, subscriptions and consumers
   * live until Vert.x closes (after the verticles drained), not with the first verticle that used them.
   */
  private ServiceContext createProcess() {
    process = ServiceContext.create(vertx, olympus, appDatabase(), redis, readiness);
    return process;
  }

  /**
   * Starts the outbox relays and the Redis bridge of this process, and adds an {@code outbox} readiness
   * check (pending rows, lag, dead letters; DOWN when the oldest unpublished event is over a minute old).
   */
  private Future<Void> deployOutbox() {
    Pool pool = PgPools.shared(vertx, OutboxDeployment.POOL_NAME, PgPools.connectOptions(appDatabase()), 2, 256);
    process.health().register("outbox", ServiceHealth.CHECK_TIMEOUT_MS, promise -> OutboxHealth.check(pool)
        // tryComplete: the check's time-out may have completed the promise already (a frozen database)
        .onSuccess(json -> promise.tryComplete(json.getLong("lag_ms", 0L) > OUTBOX_LAG_LIMIT_MS
            ? Status.KO(json) : Status.OK(json)))
        .onFailure(promise::tryFail));
    return OutboxDeployment.deploy(vertx, olympus, appDatabase(), redis)
        .mapEmpty();
  }

  /** The management port of the process: /metrics and /health/live, off the public service ports. */
  private Future<Void> deployManagement() {
    OlympusConfig.Management management = olympus.management();
    ManagementVerticle verticle = new ManagementVerticle(management.host(), management.port());
    return vertx.deployVerticle(verticle)
        .onSuccess(id -> managementPort = verticle.actualPort())
        .recover(err -> Future.failedFuture(new StartupException("the management port could not listen on "
            + management.host() + ":" + management.port() + " (OLYMPUS_MANAGEMENT_PORT): " + rootMessage(err), err)))
        .mapEmpty();
  }

  /** The bound management port (metrics), once started. */
  public int managementPort() {
    return managementPort;
  }

  private Future<Void> deployServices(ServiceContext context) {
    List<Future<Void>> deployments = new ArrayList<>();
    for (String name : selectedServices()) {
      deployments.add(service(name).deploy(vertx, context)
          .recover(err -> Future.failedFuture(new StartupException(portMessage(name, err), err))));
    }
    return Future.join(deployments)
        .recover(err -> Future.failedFuture(firstFailure(deployments)))
        .mapEmpty();
  }

  private static Throwable firstFailure(List<Future<Void>> futures) {
    return futures.stream()
        .filter(Future::failed)
        .map(Future::cause)
        .findFirst()
        .orElseThrow();
  }

  private String portMessage(String name, Throwable err) {
    return name + " service could not listen on " + olympus.httpHost() + ":" + olympus.portOf(name)
        + " (" + PORT_KEYS.get(name) + "): " + rootMessage(err);
  }

  private static OlympusService service(String name) {
    return switch (name) {
      case "auth" -> new AuthService();
      case "platform" -> new PlatformService();
      case "commerce" -> new CommerceService();
      default -> throw new IllegalArgumentException("unknown service " + name);
    };
  }

  private List<String> selectedServices() {
    return SERVICE_ORDER.stream()
        .filter(olympus.services()::contains)
        .toList();
  }

  private Future<Void> abortStart(Throwable err) {
    LOG.error("start-up failed: {}", err.getMessage());
    Future<Void> cleanup;
    synchronized (this) {
      if (stopping == null) {
        stopping = shutdown(0);
      }
      cleanup = stopping;
    }
    return cleanup
        .transform(ignored -> Future.failedFuture(err));
  }

  private Future<Void> shutdown(long graceMs) {
    long begun = System.nanoTime();
    readiness.stopAccepting();
    LOG.info("shutdown 1/4: readiness DOWN, waiting {} ms (OLYMPUS_SHUTDOWN_GRACE_MS) for load balancers to notice",
        graceMs);
    // no context: once Vert.x is closing, its event loops can no longer run callbacks
    Promise<Void> done = Promise.promise();
    grace(graceMs)
        .compose(v -> vertx == null ? Future.<Void>succeededFuture()
            : GracefulDrain.drainAndUndeploy(vertx, readiness, Math.max(1, olympus.shutdownTimeoutMs())))
        .onComplete(ignored -> closeAndStopEmbedded(done, begun));
    return done.future();
  }

  private Future<Void> grace(long graceMs) {
    if (vertx == null || graceMs == 0) {
      return Future.succeededFuture();
    }
    return vertx.timer(graceMs, TimeUnit.MILLISECONDS)
        .mapEmpty();
  }

  /** Closes Vert.x and stops the embedded servers on a plain thread: both block, and Vert.x is going away. */
  private void closeAndStopEmbedded(Promise<Void> done, long begun) {
    Thread finisher = new Thread(() -> {
      closeVertx();
      stopEmbeddedRedis();
      stopEmbeddedPostgres();
      LOG.info("shutdown complete in {} ms", elapsedMs(begun));
      done.complete();
    }, "olympus-shutdown-finisher");
    finisher.setContextClassLoader(Olympus.class.getClassLoader());
    finisher.start();
  }

  private void closeVertx() {
    if (vertx == null) {
      return;
    }
    LOG.info("shutdown 3/4: closing Vert.x{}", vertx.isClustered() ? " and leaving the cluster" : "");
    try {
      vertx.close().await(CLOSE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.warn("shutdown: Vert.x did not close cleanly ({}); continuing", rootMessage(e));
    }
    if (embeddedRedis == null && embeddedPostgres == null) {
      LOG.info("shutdown 4/4: no embedded servers to stop");
    }
  }

  private void stopEmbeddedRedis() {
    if (embeddedRedis == null) {
      return;
    }
    try {
      embeddedRedis.close();
      LOG.info("shutdown 4/4: embedded Redis stopped");
    } catch (IOException | RuntimeException e) {
      LOG.warn("shutdown: embedded Redis did not stop cleanly: {}", e.getMessage());
    }
  }

  private void stopEmbeddedPostgres() {
    if (embeddedPostgres == null) {
      return;
    }
    try {
      embeddedPostgres.close();
      LOG.info("shutdown 4/4: embedded PostgreSQL stopped");
    } catch (IOException | RuntimeException e) {
      LOG.warn("shutdown: embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
    }
  }

  private void logStarted(long startedAt) {
    String host = "0.0.0.0".equals(olympus.httpHost()) || "::".equals(olympus.httpHost())
        ? "localhost" : olympus.httpHost();
    StringBuilder block = new StringBuilder("Olympus started in ").append(elapsedMs(startedAt)).append(" ms\n");
    for (String name : selectedServices()) {
      block.append(String.format("  %-9s http://%s:%d%n", name, host, olympus.portOf(name)));
    }
    block.append(String.format("  %-9s http://%s:%d/metrics (OLYMPUS_MANAGEMENT_PORT; not for the public network)%n",
        "metrics", host, managementPort));
    block.append(String.format("  %-9s %s (%s); services connect as %s%n", "database", ownerDatabase.display(),
        embeddedPostgres != null ? "embedded, data in " + embeddedPostgres.dataDir() : "external, DATABASE_URL",
        olympus.appDbUser()));
    block.append(String.format("  %-9s %s (%s)%n", "redis", redis.display(),
        embeddedRedis != null ? "embedded, data in " + olympus.dataDir().toAbsolutePath().resolve("redis")
            : "external, REDIS_URL"));
    block.append(String.format("  %-9s %s%n", "cluster", clusterDescription()));
    block.append(String.format("  %-9s %s", "data dir", olympus.dataDir().toAbsolutePath().normalize()));
    LOG.info("{}", block);
  }

  private String clusterDescription() {
    if (!vertx.isClustered()) {
      return "off (single process; OLYMPUS_CLUSTER=true to join one)";
    }
    var manager = ((VertxInternal) vertx).clusterManager();
    OlympusConfig.Cluster cluster = olympus.cluster();
    String discovery = config.clusterDiscovery() == LaunchConfig.Discovery.KUBERNETES
        ? "kubernetes " + config.kubernetesServiceDns().orElse("")
        : "tcp-ip " + String.join(",", cluster.members());
    return "'" + config.clusterName() + "', node " + manager.getNodeId() + " at " + cluster.host() + ":"
        + cluster.port() + ", " + manager.getNodes().size() + " member(s), discovery " + discovery;
  }

  private static long elapsedMs(long since) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
  }

  private static String rootMessage(Throwable err) {
    Throwable cause = err;
    while (!(cause instanceof StartupException) && cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    if (cause instanceof StartupException) {
      return cause.getMessage();
    }
    String message = cause.getMessage();
    return message != null ? message : cause.getClass().getSimpleName();
  }
}
