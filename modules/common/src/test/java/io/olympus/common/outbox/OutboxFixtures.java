package io.olympus.common.outbox;

import io.olympus.common.config.OlympusConfig;
import io.olympus.common.db.PgPools;
import io.olympus.common.event.EventEnvelope;
import io.olympus.common.redis.RedisClients;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Pool;
import java.util.UUID;
import java.util.function.BiConsumer;

/** Shared set-up for the outbox tests: settings with small backoff, relays, Redis subscribers. */
final class OutboxFixtures {

  static final UUID DEFAULT_TENANT = UUID.fromString("00000000-0000-7000-8000-0000000000a1");

  /** Batch 200, poll 50 ms, 3 attempts, backoff 10..40 ms. */
  static final OlympusConfig.Outbox FAST = new OlympusConfig.Outbox(true, 1, 200, 50, 3, 10, 40, "events.*", 168, 60_000, 0);

  private OutboxFixtures() {}

  static EventEnvelope event(String type, String aggregateId, JsonObject payload) {
    return EventEnvelope.of(type, DEFAULT_TENANT, "test_aggregate", aggregateId, "corr-1", payload);
  }

  /** An event whose v7 id carries {@code epochMillis}, so tests control id order. */
  static EventEnvelope eventAt(long epochMillis, String type, String aggregateId, JsonObject payload) {
    UUID id = new UUID((epochMillis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L, 0x8000_0000_0000_0000L | epochMillis);
    return new EventEnvelope(id, type, 1, DEFAULT_TENANT, "test_aggregate", aggregateId,
        java.time.Instant.ofEpochMilli(epochMillis), "corr-1", payload);
  }

  static Redis redis(Vertx vertx) {
    return RedisClients.create(vertx, TestInfra.get().redisUrl(), 4);
  }

  /** A relay with its own runtime-role pool, Redis client and LISTEN connection. */
  static OutboxRelayVerticle relay(Vertx vertx, OlympusConfig.Outbox settings) {
    TestInfra infra = TestInfra.get();
    Pool pool = infra.appPool(vertx);
    return new OutboxRelayVerticle(pool, redis(vertx), PgPools.connectOptions(infra.appUrl()), settings);
  }

  /**
   * A separate Redis connection in subscribe mode: {@code PSUBSCRIBE pattern}; each message goes to
   * {@code onMessage(channel, message)}. Completes once subscribed.
   */
  static Future<RedisConnection> subscribe(Vertx vertx, String pattern, BiConsumer<String, String> onMessage) {
    Redis client = Redis.createClient(vertx, new RedisOptions()
        .setConnectionString(TestInfra.get().redisUrl().connectionString()));
    return client.connect()
        .compose(conn -> {
          conn.handler(response -> dispatch(response, onMessage));
          return conn.send(Request.cmd(Command.PSUBSCRIBE).arg(pattern))
              .map(conn);
        });
  }

  private static void dispatch(Response response, BiConsumer<String, String> onMessage) {
    if (response.size() == 4 && "pmessage".equals(response.get(0).toString())) {
      onMessage.accept(response.get(2).toString(), response.get(3).toString());
    }
  }

  /** PUBLISH on a pooled connection, as an external service would. */
  static Future<Response> publishExternally(Redis redis, String channel, String message) {
    return redis.send(Request.cmd(Command.PUBLISH).arg(channel).arg(message));
  }
}
