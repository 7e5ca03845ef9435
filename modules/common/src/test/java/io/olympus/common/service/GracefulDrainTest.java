package io.olympus.common.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.common.http.EchoHttpVerticle;
import io.olympus.common.testing.ServiceHarness;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shutdown path with writes in flight: two instances of a service hold {@value #WRITES} transactions open
 * (each inserts a row, then waits inside the transaction) when draining begins. Every accepted write is answered 201
 * and committed — the shared pool closes only after the last of them — a request arriving after draining began is
 * refused (503 + Retry-After, or a refused connection), and every deployment is gone afterwards.
 */
@ExtendWith(VertxExtension.class)
class GracefulDrainTest {

  private static final int WRITES = 24;
  private static final int HOLD_MS = 400;

  @BeforeAll
  static void createProbeTable() {
    TestInfra.get().executeAsOwner("CREATE TABLE IF NOT EXISTS fault_probe (id uuid PRIMARY KEY); "
        + "GRANT SELECT, INSERT ON fault_probe TO " + TestInfra.APP_USER);
  }

  @Test
  void shouldFinishEveryInFlightWriteBeforeClosingThePool(Vertx vertx) {
    ServiceContext context = ServiceHarness.context(vertx, Map.of("DATABASE_POOL_SIZE", Integer.toString(WRITES)));
    int port = deployTwoInstances(vertx, context);
    WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
        .setIdleTimeout(30).setIdleTimeoutUnit(TimeUnit.SECONDS), new PoolOptions().setHttp1MaxSize(WRITES + 4));
    try {
      List<UUID> ids = new ArrayList<>();
      List<Future<HttpResponse<Buffer>>> writes = new ArrayList<>();
      for (int i = 0; i < WRITES; i++) {
        UUID id = UUID.randomUUID();
        ids.add(id);
        writes.add(client.request(HttpMethod.POST, "/probe/writes/" + id)
            .addQueryParam("hold_ms", Integer.toString(HOLD_MS))
            .send());
      }
      awaitInFlight(vertx, context.readiness(), WRITES);

      Future<Void> drained = GracefulDrain.drainAndUndeploy(vertx, context.readiness(), 10_000);
      Future<HttpResponse<Buffer>> late = client.get("/items/7").send();
      drained.await();
      Future.join(writes).otherwiseEmpty().await();
      late.otherwiseEmpty().await();

      for (Future<HttpResponse<Buffer>> write : writes) {
        assertThat(write.succeeded()).as(String.valueOf(write.cause())).isTrue();
        assertThat(write.result().statusCode()).as(write.result().bodyAsString()).isEqualTo(201);
      }
      if (late.succeeded()) {
        assertThat(late.result().statusCode()).isEqualTo(503);
        assertThat(late.result().getHeader("Retry-After")).isNotNull();
      }
      assertThat(vertx.deploymentIDs()).isEmpty();
      assertThat(countRows(ids)).isEqualTo(WRITES);
    } finally {
      client.close();
    }
  }

  private static int deployTwoInstances(Vertx vertx, ServiceContext context) {
    List<EchoHttpVerticle> made = new CopyOnWriteArrayList<>();
    vertx.deployVerticle(() -> {
      EchoHttpVerticle verticle = new EchoHttpVerticle(context);
      made.add(verticle);
      return verticle;
    }, new DeploymentOptions().setInstances(2)).await();
    return made.get(0).actualPort();
  }

  /** Waits (bounded, polling the counter) until {@code count} requests are being served. */
  private static void awaitInFlight(Vertx vertx, Readiness readiness, int count) {
    for (int i = 0; i < 2_000 && readiness.inFlight() < count; i++) {
      vertx.timer(5).await();
    }
    assertThat(readiness.inFlight()).isEqualTo(count);
  }

  private static long countRows(List<UUID> ids) {
    String list = String.join(",", ids.stream().map(id -> "'" + id + "'").toList());
    try (var c = java.sql.DriverManager.getConnection(TestInfra.get().ownerUrl().jdbcUrl(),
        TestInfra.get().ownerUrl().user(), TestInfra.get().ownerUrl().password());
        var st = c.createStatement();
        var rs = st.executeQuery("SELECT count(*) FROM fault_probe WHERE id IN (" + list + ")")) {
      rs.next();
      return rs.getLong(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
