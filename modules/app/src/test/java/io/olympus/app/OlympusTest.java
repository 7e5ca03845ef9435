package io.olympus.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.common.config.ConfigException;
import io.olympus.common.db.DatabaseUrl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class OlympusTest {

  private static final String DEFAULT_NOTE = "written before the restart";

  private WebClient client;
  private Olympus olympus;

  @BeforeEach
  void createClient(Vertx vertx) {
    client = WebClient.create(vertx);
  }

  @AfterEach
  void stopOlympus() {
    if (olympus != null) {
      olympus.stop().await();
    }
    client.close();
  }

  @Test
  void shouldStartFromAnEmptyFolderAndKeepDataAcrossARestart(Vertx vertx, VertxTestContext ctx) throws IOException {
    Path dataDir = Files.createTempDirectory("olympus-launcher-");
    JsonObject settings = settings(dataDir);
    List<Integer> ports = List.of(settings.getInteger("AUTH_PORT"), settings.getInteger("PLATFORM_PORT"),
        settings.getInteger("COMMERCE_PORT"));
    olympus = new Olympus(LaunchConfig.from(settings));

    olympus.start()
        .compose(v -> Future.all(ports.stream().map(this::ready).toList()))
        .onSuccess(all -> ctx.verify(() -> assertThat(all.<HttpResponse<Buffer>>list())
            .extracting(HttpResponse::statusCode)
            .containsExactly(200, 200, 200)))
        .compose(v -> metricsOnBothPorts(settings))
        .onSuccess(answers -> ctx.verify(() -> {
          // metrics only on the management port, never on a public service port
          assertThat(answers.get(0).statusCode()).isEqualTo(200);
          assertThat(answers.get(0).bodyAsString()).contains("vertx_http_server_requests_total");
          assertThat(answers.get(1).statusCode()).isEqualTo(404);
        }))
        .compose(v -> withOwnerPool(vertx, pool -> pool.query(
                "CREATE TABLE restart_probe (note text NOT NULL); "
                    + "INSERT INTO restart_probe VALUES ('" + DEFAULT_NOTE + "')")
            .execute()))
        .compose(v -> olympus.stop())
        .onSuccess(v -> olympus = new Olympus(LaunchConfig.from(settings)))
        .compose(v -> olympus.start())
        .compose(v -> ready(ports.get(0)))
        .onSuccess(response -> ctx.verify(() -> assertThat(response.statusCode()).isEqualTo(200)))
        .compose(v -> withOwnerPool(vertx, pool -> pool.query("SELECT note FROM restart_probe").execute()))
        .onComplete(ctx.succeeding(rows -> ctx.verify(() -> {
          assertThat(rows.iterator().next().getString("note")).isEqualTo(DEFAULT_NOTE);
          assertThat(dataDir.resolve("postgres/PG_VERSION")).exists();
          ctx.completeNow();
        })));
  }

  @Test
  void shouldFailStartupNamingDatabaseUrlWhenItIsMalformed(Vertx vertx, VertxTestContext ctx) {
    JsonObject flags = new JsonObject().put("DATABASE_URL", "mysql://somewhere/olympus");

    ConfigLoader.load(vertx, flags)
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(err).isInstanceOf(ConfigException.class);
          assertThat(err.getMessage()).contains("DATABASE_URL").contains("postgres://user:password@host:5432/database");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldFailStartupNamingThePortWhenItIsTaken(VertxTestContext ctx) throws IOException {
    JsonObject settings = settings(Files.createTempDirectory("olympus-launcher-"));
    int taken = settings.getInteger("COMMERCE_PORT");
    ServerSocket occupant = new ServerSocket();
    occupant.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), taken));
    Olympus blocked = new Olympus(LaunchConfig.from(settings));

    blocked.start()
        .eventually(() -> closeQuietly(occupant))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(err).isInstanceOf(StartupException.class);
          assertThat(err.getMessage()).contains("commerce").contains(":" + taken).contains("COMMERCE_PORT");
          ctx.completeNow();
        })));
  }

  /** Polls readiness like an orchestrator's probe: the first checks after a cold start may still time out. */
  private Future<HttpResponse<Buffer>> ready(int port) {
    return ready(port, 50);
  }

  private Future<HttpResponse<Buffer>> ready(int port, int attemptsLeft) {
    return client.get(port, "127.0.0.1", "/health/ready").send()
        .compose(response -> response.statusCode() == 200 || attemptsLeft == 0
            ? Future.succeededFuture(response)
            : olympus.vertx().timer(200).compose(t -> ready(port, attemptsLeft - 1)));
  }

  private <T> Future<T> withOwnerPool(Vertx vertx, Function<Pool, Future<T>> work) {
    Pool pool = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(1))
        .connectingTo(ownerConnectOptions(olympus.ownerDatabase()))
        .using(vertx)
        .build();
    return work.apply(pool)
        .eventually(pool::close);
  }

  /** The embedded server's owner has no password, which PgPools.connectOptions does not accept. */
  private static PgConnectOptions ownerConnectOptions(DatabaseUrl owner) {
    return new PgConnectOptions()
        .setHost(owner.host())
        .setPort(owner.port())
        .setDatabase(owner.database())
        .setUser(owner.user())
        .setPassword(owner.password() == null ? "" : owner.password());
  }

  private static Future<Void> closeQuietly(ServerSocket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // the port is released either way when the test JVM ends
    }
    return Future.succeededFuture();
  }

  private Future<List<HttpResponse<Buffer>>> metricsOnBothPorts(JsonObject settings) {
    Future<HttpResponse<Buffer>> management = client.get(settings.getInteger("OLYMPUS_MANAGEMENT_PORT"), "127.0.0.1",
        "/metrics").send();
    Future<HttpResponse<Buffer>> publicPort = client.get(settings.getInteger("AUTH_PORT"), "127.0.0.1", "/metrics").send();
    return Future.all(management, publicPort).map(all -> List.of(management.result(), publicPort.result()));
  }

  private static JsonObject settings(Path dataDir) {
    return new JsonObject()
        .put("OLYMPUS_DATA_DIR", dataDir.toString())
        .put("OLYMPUS_HTTP_HOST", "127.0.0.1")
        .put("OLYMPUS_HTTP_INSTANCES", "1")
        .put("OLYMPUS_SHUTDOWN_GRACE_MS", "0")
        .put("OLYMPUS_WORKER_POOL_SIZE", "4")
        .put("AUTH_PORT", TestPorts.free())
        .put("PLATFORM_PORT", TestPorts.free())
        .put("COMMERCE_PORT", TestPorts.free())
        .put("OLYMPUS_MANAGEMENT_PORT", TestPorts.free());
  }
}
