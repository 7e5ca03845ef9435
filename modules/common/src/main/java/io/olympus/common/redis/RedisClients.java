package io.olympus.common.redis;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/**
 * Builds Redis clients with bounded connection pools, bounded waiting queues and a deadline on every command
 * ({@link DeadlineRedis}). A pool reports in the metrics as {@code pool_type="redis"} with the name it was given
 * ({@code olympus-auth}, {@code olympus-security}, ...).
 */
public final class RedisClients {

  /** The name of pools built without one (tests, tools). */
  public static final String DEFAULT_POOL_NAME = "olympus-redis";

  /** The deadline of clients built without one (tools, test fixtures): not on a request's path. */
  public static final long TOOL_TIMEOUT_MS = 5_000;

  private RedisClients() {}

  public static RedisOptions options(RedisUrl url, int poolSize, String poolName) {
    RedisOptions options = options(url, poolSize);
    options.getPoolOptions().setName(poolName);
    return options;
  }

  public static RedisOptions options(RedisUrl url, int poolSize) {
    RedisOptions options = new RedisOptions()
        .setConnectionString(url.connectionString())
        .setMaxPoolSize(poolSize)
        .setMaxPoolWaiting(4096)
        .setMaxWaitingHandlers(4096)
        // idle connections stay 10 minutes (recycled after 15 s before: a login burst after a quiet spell then
        // waited p99 16 ms for new connections)
        .setPoolRecycleTimeout(600_000);
    // a connection attempt to a host that does not answer gives up quickly (the default waits 60 s)
    options.getNetClientOptions().setConnectTimeout(2_000);
    return options;
  }

  /** A client whose commands fail with a 503 after {@code commandTimeoutMs} ({@code REDIS_COMMAND_TIMEOUT_MS}). */
  public static Redis create(Vertx vertx, RedisUrl url, int poolSize, String poolName, long commandTimeoutMs) {
    return new DeadlineRedis(vertx, Redis.createClient(vertx, options(url, poolSize, poolName)), commandTimeoutMs);
  }

  /** A client for tools and test fixtures: commands fail after {@link #TOOL_TIMEOUT_MS}. */
  public static Redis create(Vertx vertx, RedisUrl url, int poolSize, String poolName) {
    return create(vertx, url, poolSize, poolName, TOOL_TIMEOUT_MS);
  }

  public static Redis create(Vertx vertx, RedisUrl url, int poolSize) {
    return create(vertx, url, poolSize, DEFAULT_POOL_NAME);
  }
}
