package io.olympus.common.http;

import io.olympus.common.error.ConflictException;
import io.olympus.common.error.RateLimitedException;
import io.olympus.common.security.AuthenticationHandler;
import io.olympus.common.security.Principal;
import io.olympus.common.service.ServiceContext;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.ValidatedRequest;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A test service on the echo contract, with routes that fail in each known way. */
public final class EchoHttpVerticle extends ServiceHttpVerticle {

  static final UUID TENANT = UUID.fromString("00000000-0000-7000-8000-0000000000aa");
  private static final Logger LOG = LoggerFactory.getLogger(EchoHttpVerticle.class);

  public EchoHttpVerticle(ServiceContext context) {
    super(context, "echo", 0);
  }

  @Override
  protected void bindOperations(RouterBuilder builder) {
    builder.getRoute("echo").addHandler(ctx -> ctx.json(ctx.body().asJsonObject()));
    builder.getRoute("getItem").addHandler(ctx -> ctx.json(new JsonObject().put("item_id", ctx.pathParam("item_id"))));
    for (String operationId : List.of("whoAmI", "whoAmIUser", "whoAmIKey")) {
      builder.getRoute(operationId).addHandler(EchoHttpVerticle::whoAmI);
    }
    builder.getRoute("getNote").addHandler(ctx -> {
      ValidatedRequest validated = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
      ctx.json(new JsonObject()
          .put("note_id", validated.getPathParameters().get("note_id").get())
          .put("tag", validated.getQuery().get("tag").get())
          .put("limit", validated.getQuery().get("limit").get()));
    });
  }

  /** The authenticated caller, as every service's handlers read it. */
  private static void whoAmI(RoutingContext ctx) {
    Principal principal = AuthenticationHandler.principal(ctx);
    ctx.json(new JsonObject()
        .put("tenant_id", principal.tenantId().toString())
        .put("user_id", principal.userId().toString())
        .put("api_key", principal.isApiKey()));
  }

  private static double holdSeconds(RoutingContext ctx) {
    String hold = ctx.request().getParam("hold_ms");
    return hold == null ? 0 : Math.min(5_000, Integer.parseInt(hold)) / 1000.0;
  }

  @Override
  protected void addRoutes(Router router) {
    router.get("/fail/boom").handler(ctx -> {
      throw new IllegalStateException("secret internal detail");
    });
    router.get("/fail/conflict").handler(ctx -> ctx.fail(new ConflictException("sku already exists")));
    router.get("/fail/rate-limited").handler(ctx -> ctx.fail(new RateLimitedException("slow down", 7)));
    router.get("/fail/pool").handler(ctx -> pool().query("SELECT 1/0").execute()
        .onSuccess(rows -> ctx.json(new JsonObject()))
        .onFailure(ctx::fail));
    router.get("/probe/redis").handler(ctx -> redisApi().ping(java.util.List.of())
        .onSuccess(pong -> ctx.json(new JsonObject().put("redis", pong.toString())))
        .onFailure(ctx::fail));
    // a write that holds its transaction for hold_ms (table fault_probe, made by the tests that use it)
    router.post("/probe/writes/:id").handler(ctx -> pool().withTransaction(conn -> conn
            .preparedQuery("INSERT INTO fault_probe (id) VALUES ($1::uuid)")
            .execute(io.vertx.sqlclient.Tuple.of(ctx.pathParam("id")))
            .compose(rows -> conn.query("SELECT pg_sleep(" + holdSeconds(ctx) + ")").execute()))
        .onSuccess(rows -> ctx.response().setStatusCode(201).end())
        .onFailure(ctx::fail));
    router.get("/log").handler(ctx -> {
      RequestContext.setTenantId(TENANT);
      LOG.info("on the event loop");
      vertx.executeBlocking(() -> {
        LOG.info("on a worker");
        return "done";
      }).onComplete(ar -> {
        LOG.info("back on the event loop");
        ctx.json(new JsonObject().put("request_id", RequestContext.currentRequestId()));
      });
    });
  }
}
