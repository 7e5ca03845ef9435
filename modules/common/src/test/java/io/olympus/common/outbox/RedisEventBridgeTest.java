package io.olympus.common.outbox;

import io.olympus.common.db.Tenancy;
import static io.olympus.common.outbox.OutboxFixtures.FAST;
import static io.olympus.common.outbox.OutboxFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.common.event.EventEnvelope;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class RedisEventBridgeTest {

  private static final String DEFAULT_TYPE = "bridge_test.happened";
  private static final String DEFAULT_CHANNEL = "events." + DEFAULT_TYPE;

  private TestInfra infra;
  private Pool pool;
  private Redis redis;
  private RedisEventBridge bridge;

  @BeforeEach
  void setUp(Vertx vertx) {
    infra = TestInfra.get();
    infra.truncateAll();
    pool = infra.appPool(vertx);
    redis = OutboxFixtures.redis(vertx);
    bridge = new RedisEventBridge(new RedisOptions().setConnectionString(infra.redisUrl().connectionString()), "events.*");
    vertx.deployVerticle(bridge).await();
  }

  @AfterEach
  void tearDown() {
    pool.close().await();
  }

  @Test
  void shouldForwardAnExternallyPublishedMessageOntoTheBus(Vertx vertx, VertxTestContext ctx) {
    EventEnvelope external = event(DEFAULT_TYPE, "ext-1", new JsonObject().put("source", "go-gateway"));
    vertx.eventBus().<JsonObject>consumer(DEFAULT_CHANNEL, msg -> ctx.verify(() -> {
      assertThat(EventEnvelope.fromJson(msg.body())).isEqualTo(external);
      assertThat(msg.body().getString(EventOrigin.FIELD)).isEqualTo(EventOrigin.REDIS_BRIDGE);
      assertThat(msg.headers().get(EventOrigin.FIELD)).isEqualTo(EventOrigin.REDIS_BRIDGE);
      ctx.completeNow();
    })).completion().await();

    OutboxFixtures.publishExternally(redis, DEFAULT_CHANNEL, external.toJson().encode()).await();
  }

  @Test
  void shouldNotEchoRelayPublishedMessagesBackOntoTheBus(Vertx vertx, VertxTestContext ctx) {
    EventEnvelope fromOutbox = event(DEFAULT_TYPE, "agg-1", new JsonObject().put("n", 1));
    EventEnvelope external = event(DEFAULT_TYPE, "ext-2", new JsonObject().put("n", 2));
    List<String> received = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(DEFAULT_CHANNEL, msg -> {
      received.add(msg.body().getString("id"));
      if (msg.body().getString("id").equals(fromOutbox.id().toString())) {
        // the relay published to Redis before the bus, so its Redis copy is ahead of this external message
        OutboxFixtures.publishExternally(redis, DEFAULT_CHANNEL, external.toJson().encode())
            .onFailure(ctx::failNow);
      } else {
        ctx.verify(() -> assertThat(received).containsExactly(fromOutbox.id().toString(), external.id().toString()));
        // the bridge counts on its own context: read the counters once it has caught up
        awaitSkipped(vertx, 50).onComplete(ctx.succeeding(skipped -> ctx.verify(() -> {
          assertThat(skipped).isEqualTo(1);
          assertThat(bridge.forwardedCount()).isEqualTo(1);
          ctx.completeNow();
        })));
      }
    }).completion().await();
    vertx.deployVerticle(OutboxFixtures.relay(vertx, FAST)).await();

    Tenancy.inTenant(pool, OutboxFixtures.DEFAULT_TENANT, tx -> OutboxWriter.append(tx, fromOutbox)).await();
  }

  @Test
  void shouldDropMalformedMessagesAndKeepForwarding(Vertx vertx, VertxTestContext ctx) {
    EventEnvelope valid = event(DEFAULT_TYPE, "ext-3", new JsonObject());
    vertx.eventBus().<JsonObject>consumer(DEFAULT_CHANNEL, msg -> ctx.verify(() -> {
      assertThat(msg.body().getString("id")).isEqualTo(valid.id().toString());
      assertThat(bridge.droppedCount()).isEqualTo(4);
      ctx.completeNow();
    })).completion().await();

    OutboxFixtures.publishExternally(redis, DEFAULT_CHANNEL, "not json {")
        .compose(v -> OutboxFixtures.publishExternally(redis, DEFAULT_CHANNEL, "[1, 2]"))
        .compose(v -> OutboxFixtures.publishExternally(redis, DEFAULT_CHANNEL, "{\"type\":\"bridge_test.happened\"}"))
        .compose(v -> OutboxFixtures.publishExternally(redis, DEFAULT_CHANNEL,
            event("other_type.happened", "ext-4", new JsonObject()).toJson().encode()))
        .compose(v -> OutboxFixtures.publishExternally(redis, DEFAULT_CHANNEL, valid.toJson().encode()))
        .await();
  }

  @Test
  @Timeout(value = 2, timeUnit = TimeUnit.MINUTES)
  void shouldResubscribeAfterRedisRestarts(Vertx vertx, VertxTestContext ctx) throws Exception {
    var embedded = infra.embeddedRedis();
    if (embedded.isEmpty()) {
      ctx.completeNow();
      return;
    }
    EventEnvelope external = event(DEFAULT_TYPE, "ext-5", new JsonObject());
    AtomicBoolean arrived = new AtomicBoolean();
    vertx.eventBus().<JsonObject>consumer(DEFAULT_CHANNEL, msg -> {
      arrived.set(true);
      ctx.completeNow();
    }).completion().await();

    embedded.get().restart();
    // publish until the re-subscribed bridge forwards one (pub/sub keeps nothing for absent subscribers)
    publishUntil(vertx, arrived, external).onFailure(ctx::failNow);
  }

  private Future<Void> publishUntil(Vertx vertx, AtomicBoolean arrived, EventEnvelope event) {
    if (arrived.get()) {
      return Future.succeededFuture();
    }
    return OutboxFixtures.publishExternally(redis, DEFAULT_CHANNEL, event.toJson().encode())
        .transform(ar -> vertx.timer(100))
        .compose(v -> publishUntil(vertx, arrived, event));
  }

  private io.vertx.core.Future<Long> awaitSkipped(Vertx vertx, int attemptsLeft) {
    long skipped = bridge.skippedCount();
    if (skipped > 0 || attemptsLeft == 0) {
      return io.vertx.core.Future.succeededFuture(skipped);
    }
    return vertx.timer(20).compose(t -> awaitSkipped(vertx, attemptsLeft - 1));
  }
}
