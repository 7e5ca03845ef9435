package io.olympus.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ClusteredEventBusTest {

  private static final String PING_ADDRESS = "test.cluster.ping";
  private static final String EVENT_ADDRESS = "test.cluster.event";

  private Vertx first;
  private Vertx second;

  @BeforeEach
  void startTwoMembers() {
    int firstPort = TestPorts.free();
    int secondPort = TestPorts.free();
    String members = "127.0.0.1:" + firstPort + ",127.0.0.1:" + secondPort;
    String clusterName = "olympus-test-" + firstPort;
    first = VertxFactory.create(member(clusterName, firstPort, members)).await();
    second = VertxFactory.create(member(clusterName, secondPort, members)).await();
  }

  @AfterEach
  void stopMembers() {
    second.close().await();
    first.close().await();
  }

  @Test
  void shouldExchangeRequestReplyAcrossMembers(VertxTestContext ctx) {
    MessageConsumer<JsonObject> consumer = first.eventBus()
        .consumer(PING_ADDRESS, (Message<JsonObject> msg) -> msg.reply(new JsonObject().put("pong", msg.body().getString("ping"))));

    consumer.completion()
        .compose(v -> requestUntilRegistered(new JsonObject().put("ping", "hello"), 50))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertThat(reply.getString("pong")).isEqualTo("hello");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldDeliverPublishedEventToAnotherMember(VertxTestContext ctx) {
    JsonObject event = new JsonObject().put("type", "order.created");
    MessageConsumer<JsonObject> consumer = second.eventBus()
        .consumer(EVENT_ADDRESS, (Message<JsonObject> msg) -> ctx.verify(() -> {
          assertThat(msg.body()).isEqualTo(event);
          ctx.completeNow();
        }));

    // a subscription reaches the other member's view asynchronously: publish until it is seen
    consumer.completion()
        .onComplete(ctx.succeeding(v -> first.setPeriodic(0, 100, id -> {
          if (ctx.completed()) {
            first.cancelTimer(id);
          } else {
            first.eventBus().publish(EVENT_ADDRESS, event);
          }
        })));
  }

  private Future<JsonObject> requestUntilRegistered(JsonObject body, int attemptsLeft) {
    return second.eventBus()
        .<JsonObject>request(PING_ADDRESS, body)
        .map(Message::body)
        .recover(err -> noHandlersYet(err) && attemptsLeft > 0
            ? second.timer(100, TimeUnit.MILLISECONDS).compose(v -> requestUntilRegistered(body, attemptsLeft - 1))
            : Future.failedFuture(err));
  }

  private static boolean noHandlersYet(Throwable err) {
    return err instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS;
  }

  private static LaunchConfig member(String clusterName, int port, String members) {
    return LaunchConfig.from(new JsonObject()
        .put("OLYMPUS_CLUSTER", "true")
        .put("OLYMPUS_CLUSTER_NAME", clusterName)
        .put("OLYMPUS_CLUSTER_HOST", "127.0.0.1")
        .put("OLYMPUS_CLUSTER_PORT", String.valueOf(port))
        .put("OLYMPUS_CLUSTER_MEMBERS", members)
        .put("OLYMPUS_WORKER_POOL_SIZE", "2"));
  }
}
