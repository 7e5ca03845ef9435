package io.olympus.common.outbox;

import io.olympus.common.config.OlympusConfig;
import io.olympus.common.db.DatabaseUrl;
import io.olympus.common.db.PgPools;
import io.olympus.common.redis.RedisClients;
import io.olympus.common.redis.RedisUrl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;

/**
 * Deploys a process's outbox machinery from its configuration: {@code OUTBOX_RELAYS} relay verticles
 * (when {@code OUTBOX_RELAY_ENABLED}) sharing one small pool, and one Redis → event-bus bridge. Call
 * once per process, after migrations; the pool and Redis client close with Vert.x.
 */
public final class OutboxDeployment {

  public static final String POOL_NAME = "olympus-outbox";

  private OutboxDeployment() {}

  /** The deployment ids; fails if a verticle fails to start (the bridge starts even when Redis is down). */
  public static Future<List<String>> deploy(Vertx vertx, OlympusConfig config, DatabaseUrl appDatabase, RedisUrl redisUrl) {
    OlympusConfig.Outbox outbox = config.outbox();
    List<Future<String>> deployments = new ArrayList<>();
    if (outbox.relayEnabled()) {
      PgConnectOptions connect = connectOptions(appDatabase, outbox);
      Pool pool = PgPools.shared(vertx, POOL_NAME, connect, Math.max(2, outbox.relays() + 1), 256);
      Redis redis = RedisClients.create(vertx, redisUrl, Math.max(2, outbox.relays()), "olympus-outbox");
      for (int i = 0; i < outbox.relays(); i++) {
        deployments.add(vertx.deployVerticle(new OutboxRelayVerticle(pool, redis, connect, outbox)));
      }
    }
    deployments.add(vertx.deployVerticle(new RedisEventBridge(RedisClients.options(redisUrl, 1, "olympus-outbox-bridge"), outbox.bridgePattern())));
    return Future.all(deployments)
        .map(all -> deployments.stream().map(Future::result).toList());
  }

  /**
   * The relays' connections: PostgreSQL cancels a statement of theirs running longer than {@code
   * OUTBOX_STATEMENT_TIMEOUT_MS} (0: never), so a claim stuck behind a lock or a runaway retention delete ends with an
   * error, its transaction rolls back and the relay retries with backoff instead of holding its connection and row
   * locks without bound. Longer than the services' statement deadline: the retention delete is one statement over
   * every expired row.
   */
  static PgConnectOptions connectOptions(DatabaseUrl appDatabase, OlympusConfig.Outbox outbox) {
    PgConnectOptions connect = PgPools.connectOptions(appDatabase);
    connect.addProperty("statement_timeout", Long.toString(outbox.statementTimeoutMs()));
    return connect;
  }
}
