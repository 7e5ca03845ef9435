package io.olympus.common.db;

import io.olympus.common.config.OlympusConfig;
import io.olympus.common.service.ServiceContext;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.concurrent.TimeUnit;

/** Builds reactive PostgreSQL pools: prepared-statement cache and pipelining on, bounded wait queue. */
public final class PgPools {

  private PgPools() {}

  public static PgConnectOptions connectOptions(DatabaseUrl url) {
    PgConnectOptions options = new PgConnectOptions()
        .setHost(url.host())
        .setPort(url.port())
        .setDatabase(url.database())
        .setUser(url.user())
        .setCachePreparedStatements(true)
        .setPreparedStatementCacheMaxSize(512)
        .setPipeliningLimit(256);
    return url.password() == null ? options : options.setPassword(url.password());
  }

  /**
   * {@link #connectOptions(DatabaseUrl)} with PostgreSQL's own deadlines on every connection (startup parameters, so
   * no round trip of their own): {@code statement_timeout} cancels a statement running longer than
   * {@code DATABASE_STATEMENT_TIMEOUT_MS}, {@code idle_in_transaction_session_timeout} ends a session left idle inside
   * a transaction for {@code DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS} (its locks are released); 0 turns either off.
   */
  public static PgConnectOptions connectOptions(DatabaseUrl url, OlympusConfig.Deadlines deadlines) {
    PgConnectOptions options = connectOptions(url);
    options.addProperty("statement_timeout", Long.toString(deadlines.dbStatementMs()));
    options.addProperty("idle_in_transaction_session_timeout", Long.toString(deadlines.dbIdleInTransactionMs()));
    return options;
  }

  /**
   * The runtime-role pool of {@code service} ({@link #serviceName}), shared by every verticle of the process that asks
   * for it, with the deadlines of {@code context}'s configuration: waiting for a connection fails after
   * {@code DATABASE_POOL_WAIT_MS} (503), statements and idle transactions as {@link #connectOptions(DatabaseUrl,
   * OlympusConfig.Deadlines)} says.
   */
  public static Pool service(Vertx vertx, String service, ServiceContext context) {
    OlympusConfig config = context.config();
    return shared(vertx, serviceName(service), connectOptions(context.appDatabase(), config.deadlines()),
        config.dbPoolSize(), config.dbMaxWaitQueue(), config.deadlines().dbPoolWaitMs());
  }

  /**
   * The name of a service's pool ({@code olympus-auth}, ...). Each service has its own connections, also when all
   * run in one process: a flood on one service (logins, say) waits for its own connections and never for another
   * service's, which is the bulkhead a separate deployment would give.
   */
  public static String serviceName(String service) {
    return "olympus-" + service;
  }

  /**
   * A pool shared by name across verticle instances: each HTTP verticle instance asks for the same
   * named pool and gets one set of connections, not one per event loop.
   */
  public static Pool shared(Vertx vertx, String name, PgConnectOptions connect, int maxSize, int maxWaitQueue) {
    return shared(vertx, name, connect, maxSize, maxWaitQueue, 5_000);
  }

  /** As {@link #shared(Vertx, String, PgConnectOptions, int, int)}; waiting for a connection fails after {@code waitMs}. */
  public static Pool shared(Vertx vertx, String name, PgConnectOptions connect, int maxSize, int maxWaitQueue,
      long waitMs) {
    PoolOptions options = new PoolOptions()
        .setName(name)
        .setShared(true)
        .setMaxSize(maxSize)
        .setMaxWaitQueueSize(maxWaitQueue)
        .setConnectionTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, waitMs)))
        .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
        // idle connections stay 10 minutes: a pool that closed them after a minute of quiet reopened them all at the
        // next burst (a backend fork and a SCRAM exchange each), and the burst's first second waited on that
        .setIdleTimeout(600);
    return PgBuilder.pool()
        .with(options)
        .connectingTo(connect)
        .using(vertx)
        .build();
  }
}
