package io.olympus.common.testing;

import io.olympus.common.bus.BusClient;
import io.olympus.common.config.OlympusConfig;
import io.olympus.common.health.HealthRegistry;
import io.olympus.common.http.ServiceHttpVerticle;
import io.olympus.common.service.Readiness;
import io.olympus.common.service.ServiceContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.Map;
import java.util.function.Function;

/**
 * Deploys an HTTP verticle against the shared test PostgreSQL and Redis ({@link TestInfra}) on a free
 * port and gives a {@link WebClient} pointed at it, whose every answer is checked against the verticle's OpenAPI
 * document ({@link ContractResponses}). Typical use in a module test:
 * <pre>{@code
 * Deployed app = ServiceHarness.deploy(vertx, ctx -> new AuthHttpVerticle(ctx, 0)).await();
 * app.client().get("/health/ready").send()...
 * }</pre>
 */
public final class ServiceHarness {

  private ServiceHarness() {}

  /** A deployed verticle: its deployment id, bound port, a client for it and the context it runs with. */
  public record Deployed(String deploymentId, int port, WebClient client, ServiceContext context) {

    /** Undeploys the verticle and closes the client. */
    public Future<Void> close(Vertx vertx) {
      client.close();
      return vertx.undeploy(deploymentId);
    }
  }

  /** Test configuration: loopback, port 0 for every service, one HTTP instance; {@code overrides} win. */
  public static OlympusConfig config(Map<String, String> overrides) {
    JsonObject source = new JsonObject()
        .put("OLYMPUS_HTTP_HOST", "127.0.0.1")
        .put("AUTH_PORT", "0")
        .put("PLATFORM_PORT", "0")
        .put("COMMERCE_PORT", "0")
        .put("OLYMPUS_HTTP_INSTANCES", "1")
        .put("DATABASE_POOL_SIZE", "4")
        .put("REDIS_POOL_SIZE", "4")
        .put("DATABASE_APP_PASSWORD", TestInfra.APP_PASSWORD)
        // generous deadlines on a shared, loaded test machine; the fault tests set the product's own
        .put("REDIS_COMMAND_TIMEOUT_MS", "5000")
        .put("OLYMPUS_REQUEST_TIMEOUT_MS", "60000");
    overrides.forEach(source::put);
    return OlympusConfig.from(source);
  }

  /**
   * A process on the test servers with {@link #config(Map)}: its shared parts (security, event-bus client, readiness
   * registry) built once, as the launcher does ({@link ServiceContext#create}). Services deployed with the same context
   * run as one process.
   */
  public static ServiceContext context(Vertx vertx, Map<String, String> overrides) {
    TestInfra infra = TestInfra.get();
    return ServiceContext.create(vertx, config(overrides), infra.appUrl(), infra.redisUrl(), new Readiness());
  }

  /**
   * The same process as {@code process} (its security, event-bus client and readiness registry) with another test
   * configuration {@link #config(Map)}: e.g. a second HTTP front of the process that trusts no proxies.
   */
  public static ServiceContext sameProcess(ServiceContext process, Map<String, String> overrides) {
    return new ServiceContext(config(overrides), process.appDatabase(), process.redis(), process.readiness(),
        process.health(), process.bus(), process.security());
  }

  /** An event-bus client with the default settings and a readiness registry of its own (tests of one client). */
  public static BusClient bus(Vertx vertx) {
    return new BusClient(vertx, BusClient.Settings.DEFAULTS, new HealthRegistry());
  }

  /** Deploys one instance of the verticle made by {@code factory} with the default test context. */
  public static Future<Deployed> deploy(Vertx vertx, Function<ServiceContext, ? extends ServiceHttpVerticle> factory) {
    return deploy(vertx, context(vertx, Map.of()), factory);
  }

  /** Deploys one instance of the verticle made by {@code factory} with {@code context}. */
  public static Future<Deployed> deploy(Vertx vertx, ServiceContext context,
      Function<ServiceContext, ? extends ServiceHttpVerticle> factory) {
    ServiceHttpVerticle verticle = factory.apply(context);
    // every answer the client receives is validated against the verticle's contract (ContractResponses)
    return vertx.deployVerticle(verticle)
        .compose(id -> ContractResponses.load(vertx, verticle.actualPort())
            .map(responses -> {
              int port = verticle.actualPort();
              WebClient client = responses.install(WebClient.create(vertx, new WebClientOptions()
                  .setDefaultHost("127.0.0.1")
                  .setDefaultPort(port)
                  .setFollowRedirects(false)));
              return new Deployed(id, port, client, context);
            }));
  }
}
