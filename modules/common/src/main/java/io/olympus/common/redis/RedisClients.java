package io.olympus.common.redis;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/**
 * Builds Redis clients with bounded connection pools and bounded waiting queues. A pool reports in the metrics as
 * {@code pool_type="redis"} with the name it was given ({@code olympus-auth}, {@code olympus-security}, ...).
 */
public final class RedisClients {

  /** The name of pools built without one (tests, tools). */
  public static final String DEFAULT_POOL_NAME = "olympus-redis";

  private RedisClients() {}

  public static RedisOptions options(RedisUrl url, int poolSize, String poolName) {
    RedisOptions options = options(url, poolSize);
    options.getPoolOptions().setName(poolName);
    return options;
  }

  public static RedisOptions options(RedisUrl url, int poolSize) {
    return new RedisOptions()
        .setConnectionString(url.connectionString())
        .setMaxPoolSize(poolSize)
        .setMaxPoolWaiting(4096)
        .setMaxWaitingHandlers(4096)
        // idle connections stay 10 minutes (recycled after 15 s before: a login burst after a quiet spell then
        // waited p99 16 ms for new connections)
        .setPoolRecycleTimeout(600_000);
  }

  public static Redis create(Vertx vertx, RedisUrl url, int poolSize, String poolName) {
    return Redis.createClient(vertx, options(url, poolSize, poolName));
  }

  public static Redis create(Vertx vertx, RedisUrl url, int poolSize) {
    return create(vertx, url, poolSize, DEFAULT_POOL_NAME);
  }
}
