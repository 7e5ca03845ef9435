package io.olympus.common.outbox;

import io.olympus.common.db.Tenancy;
import static io.olympus.common.outbox.OutboxFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.common.config.OlympusConfig;
import io.olympus.common.event.EventEnvelope;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class OutboxDeploymentTest {

  private TestInfra infra;
  private Pool pool;

  @BeforeEach
  void setUp(Vertx vertx) {
    infra = TestInfra.get();
    infra.truncateAll();
    pool = infra.appPool(vertx);
  }

  @AfterEach
  void tearDown() {
    pool.close().await();
  }

  @Test
  void shouldDeployRelaysAndBridgeFromConfiguration(Vertx vertx, VertxTestContext ctx) {
    OlympusConfig config = OlympusConfig.from(new JsonObject().put("OUTBOX_RELAYS", "2"));
    EventEnvelope committed = event("deployment_test.happened", "agg-1", new JsonObject());
    EventEnvelope external = event("deployment_test.happened", "ext-1", new JsonObject());
    Checkpoint relayed = ctx.checkpoint();
    Checkpoint bridged = ctx.checkpoint();
    vertx.eventBus().<JsonObject>consumer(committed.address(), msg -> {
      if (msg.body().getString("id").equals(committed.id().toString())) {
        relayed.flag();
        OutboxFixtures.publishExternally(OutboxFixtures.redis(vertx), external.address(), external.toJson().encode())
            .onFailure(ctx::failNow);
      } else {
        ctx.verify(() -> assertThat(msg.body().getString("id")).isEqualTo(external.id().toString()));
        bridged.flag();
      }
    }).completion().await();

    List<String> ids = OutboxDeployment.deploy(vertx, config, infra.appUrl(), infra.redisUrl()).await();
    assertThat(ids).hasSize(3);
    Tenancy.inTenant(pool, OutboxFixtures.DEFAULT_TENANT, tx -> OutboxWriter.append(tx, committed)).await();
  }

  @Test
  void shouldCancelARelayStatementRunningPastItsTimeout(Vertx vertx) {
    OlympusConfig.Outbox outbox = OlympusConfig.from(new JsonObject().put("OUTBOX_STATEMENT_TIMEOUT_MS", "200")).outbox();
    PgConnection conn = PgConnection.connect(vertx, OutboxDeployment.connectOptions(infra.appUrl(), outbox)).await();
    try {
      assertThat(conn.query("SHOW statement_timeout").execute().await().iterator().next().getString(0)).isEqualTo("200ms");
      Throwable cancelled = conn.query("SELECT pg_sleep(30)").execute().transform(Future::succeededFuture).await().cause();
      assertThat(cancelled).isInstanceOfSatisfying(PgException.class,
          pg -> assertThat(pg.getSqlState()).as("query_canceled").isEqualTo("57014"));
    } finally {
      conn.close().await();
    }
  }

  @Test
  void shouldDeletePublishedRowsPastRetentionOnly(Vertx vertx, VertxTestContext ctx) {
    EventEnvelope old = event("deployment_test.happened", "agg-2", new JsonObject());
    EventEnvelope recent = event("deployment_test.happened", "agg-3", new JsonObject());
    EventEnvelope pending = event("deployment_test.happened", "agg-4", new JsonObject());
    Tenancy.inTenant(pool, OutboxFixtures.DEFAULT_TENANT, tx -> OutboxWriter.appendAll(tx, List.of(old, recent, pending))).await();
    infra.executeAsOwner("UPDATE outbox_event SET published_at = now() - interval '200 hours' WHERE id = '" + old.id() + "';"
        + "UPDATE outbox_event SET published_at = now() - interval '1 hour' WHERE id = '" + recent.id() + "';"
        + "INSERT INTO event_inbox (consumer, event_id, processed_at) VALUES ('c', '" + old.id() + "', now() - interval '200 hours');");

    OutboxCleanup.deleteExpired(pool, 168)
        .compose(deleted -> Tenancy.asSystem(pool, c -> c.query("SELECT id FROM outbox_event ORDER BY seq").execute())
            .map(rows -> {
              ctx.verify(() -> {
                assertThat(deleted).isEqualTo(1);
                assertThat(rows).extracting(row -> row.getUUID("id")).containsExactly(recent.id(), pending.id());
              });
              return rows;
            }))
        .compose(v -> pool.query("SELECT count(*) FROM event_inbox").execute())
        .onComplete(ctx.succeeding(rows -> ctx.verify(() -> {
          assertThat(rows.iterator().next().getLong(0)).isZero();
          ctx.completeNow();
        })));
  }
}
