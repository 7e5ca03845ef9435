package io.olympus.common.db;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

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
    PoolOptions options = new PoolOptions()
        .setName(name)
        .setShared(true)
        .setMaxSize(maxSize)
        .setMaxWaitQueueSize(maxWaitQueue)
        .setConnectionTimeout(5)
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
