package io.olympus.common.http;

import io.olympus.common.config.OlympusConfig;
import io.olympus.common.error.ApiException;
import io.olympus.common.db.PgPools;
import io.olympus.common.health.ServiceHealth;
import io.olympus.common.net.ClientIp;
import io.olympus.common.redis.RedisClients;
import io.olympus.common.security.AuthenticationHandler;
import io.olympus.common.security.Credential;
import io.olympus.common.security.Security;
import io.olympus.common.service.ServiceContext;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP front of one service, deployed once per event loop. This base wires the shared stack: request
 * ids, security headers, CORS, body size limit, authentication and request validation against the service's OpenAPI
 * contract ({@code openapi/<service>.yaml} on the classpath), RFC 9457 problem answers for every failure,
 * {@code /health/live}, {@code /health/ready}, {@code /openapi.yaml} and Swagger UI at {@code /docs}. Metrics are
 * not served here but on the process's management port ({@code io.olympus.common.metrics.ManagementVerticle}).
 * Subclasses bind the contract's operations in {@link #bindOperations(RouterBuilder)}.
 *
 * <p>Every operation of the contract runs, in this order: authentication as its {@code security} declares it
 * ({@link ContractSecurity}; none for {@code security: []}, and a contract operation without a declaration fails the
 * start), the service's {@link #beforeValidation()} steps, validation against the contract, then the handlers the
 * service bound. A caller without valid credentials therefore gets 401 before anything about the request is
 * judged, the same in every service; handlers read the caller with {@link AuthenticationHandler#principal}.
 */
public abstract class ServiceHttpVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceHttpVerticle.class);

  /** Name of the runtime-role pool shared by every HTTP verticle instance of the process. */

  protected final ServiceContext context;
  private final String serviceName;
  private final int port;
  private Pool pool;
  private Redis redis;
  private RedisAPI redisApi;
  private ServiceHealth health;
  private HttpServer server;

  protected ServiceHttpVerticle(ServiceContext context, String serviceName, int port) {
    this.context = context;
    this.serviceName = serviceName;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    OlympusConfig config = context.config();
    pool = PgPools.service(vertx, serviceName, context);
    redis = RedisClients.create(vertx, context.redis(), config.redisPoolSize(), PgPools.serviceName(serviceName),
        config.deadlines().redisCommandMs());
    redisApi = RedisAPI.api(redis);
    health = new ServiceHealth(vertx, pool, redis, context.readiness(), context.health());
    addHealthChecks(health.readiness());
    return OpenApiDocuments.read(vertx, contractPath(), contractParts())
        .compose(document -> OpenApiDocuments.contract(vertx, document.json())
            .compose(contract -> setUp().map(v -> buildRouter(contract, document))))
        .compose(router -> vertx.createHttpServer(serverOptions())
            .requestHandler(new UriGuard(router))
            .invalidRequestHandler(UriGuard::invalidRequest)
            .listen(port, config.httpHost()))
        .onSuccess(s -> server = s);
  }

  @Override
  public Future<?> stop() {
    // let in-flight requests finish (bounded) before undeploy closes the server
    Future<Void> drained = server == null
        ? Future.succeededFuture()
        : server.shutdown(context.config().shutdownTimeoutMs(), java.util.concurrent.TimeUnit.MILLISECONDS);
    return drained.eventually(() -> redis == null ? Future.succeededFuture() : redis.close());
  }

  /** Classpath location of the service's OpenAPI document; {@code openapi/<service>.yaml} by default. */
  protected String contractPath() {
    return "openapi/" + serviceName + ".yaml";
  }

  /**
   * Classpath locations of further parts of the contract (one file per domain), merged into {@link #contractPath()}
   * by {@link OpenApiDocuments#merge}; none by default.
   */
  protected List<String> contractParts() {
    return List.of();
  }

  /** Runs once per instance before the server listens (wire repositories and services here). */
  protected Future<Void> setUp() {
    return Future.succeededFuture();
  }

  /**
   * Binds handlers to the contract's operations, e.g.
   * {@code builder.getRoute("createOrder").addHandler(this::createOrder)}. The caller is authenticated as the
   * operation's {@code security} declares ({@link AuthenticationHandler#principal} reads it) and the request validated
   * against the contract before the handler runs; {@code ctx.body().asJsonObject()} is then safe to read.
   */
  protected void bindOperations(RouterBuilder builder) {
  }

  /**
   * Steps run on every operation of the contract after authentication and before validation, in this order (e.g. a
   * refusal that must not depend on the body's shape); none by default. Called once per instance, after
   * {@link #setUp()}.
   */
  protected List<Handler<RoutingContext>> beforeValidation() {
    return List.of();
  }

  /**
   * Adds routes that are not in the contract (neither authenticated nor validated by this base); they come after the
   * contract's routes.
   */
  protected void addRoutes(Router router) {
  }

  /** Adds service-specific readiness checks next to the built-in ones. */
  protected void addHealthChecks(HealthChecks readiness) {
  }

  /**
   * The process's security stack (token and API-key verifiers, permission and tenant caches, admission) that
   * authenticates the contract's operations; subclasses use it for their permission checks. Built once per process
   * by the launcher and carried by the context.
   */
  protected Security security() {
    return context.security();
  }

  /** The runtime-role PostgreSQL pool (row-level security applies), shared by all instances. */
  protected Pool pool() {
    return pool;
  }

  /** This instance's Redis client (closed when the verticle stops). */
  protected Redis redis() {
    return redis;
  }

  /** The Redis command API over {@link #redis()}. */
  protected RedisAPI redisApi() {
    return redisApi;
  }

  public String serviceName() {
    return serviceName;
  }

  /** The bound port (useful when started on port 0). */
  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }

  protected HttpServerOptions serverOptions() {
    return new HttpServerOptions()
        .setCompressionSupported(true)
        .setMaxHeaderSize(16 * 1024);
  }

  private Router buildRouter(OpenAPIContract contract, OpenApiDocuments.Document contractDocument) {
    Map<String, Set<Credential>> declared = ContractSecurity.byOperation(contractDocument.json());
    Buffer document = contractDocument.served();
    OlympusConfig config = context.config();
    RouterBuilder builder = RouterBuilder.create(vertx, contract, RequestExtractor.withBodyHandler());
    builder.rootHandler(new RequestIdHandler());
    builder.rootHandler(new InFlightHandler(vertx, context.readiness(), config.deadlines().requestMs()));
    builder.rootHandler(new ClientIp(config.proxies().trusted(), config.proxies().header()));
    builder.rootHandler(new SecurityHeadersHandler());
    if (!config.corsOrigins().isEmpty()) {
      builder.rootHandler(cors(config));
    }
    builder.rootHandler(BodyHandler.create(false).setBodyLimit(config.bodyLimitBytes()));
    authenticate(builder, declared);
    List<Handler<RoutingContext>> checks = beforeValidation();
    builder.getRoutes().forEach(route -> checks.forEach(route::addHandler));
    InlineRequestValidation validation = new InlineRequestValidation(vertx, contract);
    validation.install(builder);
    bind(builder, "getLiveness", health.liveHandler());
    bind(builder, "getReadiness", health.readyHandler());
    bind(builder, "getOpenApiDocument", ctx -> serveDocument(ctx, document));
    bindOperations(builder);
    for (OpenAPIRoute route : builder.getRoutes()) {
      if (InlineRequestValidation.unbound(route)) {
        LOG.warn("operation {} has no handler: it answers 501", route.getOperation().getOperationId());
        route.addHandler(ctx -> ctx.fail(new ApiException(501, "not-implemented", "Not Implemented",
            "This operation is in the contract but not served by this version.")));
      }
    }

    Router router = builder.createRouter();
    routeIfUnbound(router, contract, "/health/live", health.liveHandler());
    routeIfUnbound(router, contract, "/health/ready", health.readyHandler());
    routeIfUnbound(router, contract, "/openapi.yaml", ctx -> serveDocument(ctx, document));
    SwaggerUi.mount(router);
    addRoutes(router);

    ProblemHandler problems = new ProblemHandler();
    router.route().failureHandler(problems);
    for (int status : new int[] {400, 404, 405, 413, 415, 500}) {
      router.errorHandler(status, problems);
    }
    return router;
  }

  /**
   * Makes authentication the first step of every operation that declares security, accepting the credentials it
   * declares (one handler per distinct set). Public operations get none.
   */
  private void authenticate(RouterBuilder builder, Map<String, Set<Credential>> declared) {
    Map<Set<Credential>, AuthenticationHandler> handlers = new HashMap<>();
    for (OpenAPIRoute route : builder.getRoutes()) {
      String operationId = route.getOperation().getOperationId();
      Set<Credential> accepted = declared.get(operationId);
      if (accepted == null) {
        throw new IllegalStateException("operation " + operationId + " has no declared security");
      }
      if (!accepted.isEmpty()) {
        route.addHandler(handlers.computeIfAbsent(accepted, kinds -> security().authenticate(kinds)));
      }
    }
  }

  private static void bind(RouterBuilder builder, String operationId, Handler<RoutingContext> handler) {
    OpenAPIRoute route = builder.getRoutes().stream()
        .filter(r -> operationId.equals(r.getOperation().getOperationId()))
        .findFirst()
        .orElse(null);
    if (route != null) {
      route.addHandler(handler);
    }
  }

  private static void routeIfUnbound(Router router, OpenAPIContract contract, String path,
      Handler<RoutingContext> handler) {
    boolean inContract = contract.getPaths().stream().anyMatch(p -> path.equals(p.getName()));
    if (!inContract) {
      router.get(path).handler(handler);
    }
  }

  private static void serveDocument(RoutingContext ctx, Buffer document) {
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/yaml; charset=utf-8")
        .end(document);
  }

  private static CorsHandler cors(OlympusConfig config) {
    return CorsHandler.create()
        .addOrigins(config.corsOrigins())
        .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE,
            HttpMethod.OPTIONS))
        .allowedHeaders(Set.of("Content-Type", "Authorization", "X-Request-Id", "Idempotency-Key", "X-Api-Key"))
        .exposedHeaders(Set.of("X-Request-Id", "Location", "ETag", "Idempotent-Replayed", "Retry-After",
            "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"))
        .maxAgeSeconds(600);
  }
}
