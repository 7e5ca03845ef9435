package io.olympus.common.health;

import io.olympus.common.service.Readiness;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.healthchecks.CheckResult;
import java.util.concurrent.atomic.AtomicBoolean;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The liveness and readiness endpoints of one HTTP verticle. Readiness runs {@code database} (SELECT 1),
 * {@code redis} (PING), {@code migrations} (the applied schema version equals the newest shipped one),
 * {@code shutdown} (the process still accepts traffic), {@code cluster} (when clustered), the checks the
 * service added, and every check in the process's {@link HealthRegistry}. 200 when all are UP, 503
 * otherwise — also when a check failed or ran out of time (a frozen dependency) — with each check's status in the
 * JSON body. Each check has {@link #CHECK_TIMEOUT_MS}; the endpoint answers within {@link #READY_DEADLINE_MS} whatever
 * happens. A check's late answer (after its time-out) is dropped.
 */
public final class ServiceHealth {

  /** Time limit of each built-in check. */
  public static final long CHECK_TIMEOUT_MS = 1_000;
  /** The readiness endpoint answers (503 at worst) within this, even if a check's time-out failed to fire. */
  public static final long READY_DEADLINE_MS = CHECK_TIMEOUT_MS + 500;

  private final Vertx vertx;
  private final HealthChecks ready;
  private final HealthChecks live;
  private final Handler<RoutingContext> liveHandler;
  private final HealthRegistry registry;
  private final Set<String> fromRegistry = ConcurrentHashMap.newKeySet();

  public ServiceHealth(Vertx vertx, Pool pool, Redis redis, Readiness readiness, HealthRegistry registry) {
    this.vertx = vertx;
    this.registry = registry;
    this.live = HealthChecks.create(vertx).register("process", p -> p.complete(Status.OK()));
    this.ready = HealthChecks.create(vertx)
        .register("database", CHECK_TIMEOUT_MS, p -> database(pool, p))
        .register("redis", CHECK_TIMEOUT_MS, p -> redis(redis, p))
        .register("migrations", CHECK_TIMEOUT_MS, p -> migrations(pool, p))
        .register("shutdown", p -> p.complete(readiness.isAccepting()
            ? Status.OK() : Status.KO(new JsonObject().put("reason", "shutting down"))));
    if (vertx.isClustered()) {
      ready.register("cluster", CHECK_TIMEOUT_MS, this::cluster);
    }
    this.liveHandler = HealthCheckHandler.createWithHealthChecks(live);
  }

  /** The readiness checks, to add service-specific ones. */
  public HealthChecks readiness() {
    return ready;
  }

  public Handler<RoutingContext> liveHandler() {
    return liveHandler;
  }

  public Handler<RoutingContext> readyHandler() {
    return ctx -> {
      syncRegistry();
      answerReadiness(ctx);
    };
  }

  /** 200 + the checks when every one is UP; otherwise 503 + the checks, never 500 (unlike the stock handler). */
  private void answerReadiness(RoutingContext ctx) {
    AtomicBoolean answered = new AtomicBoolean();
    long deadline = vertx.setTimer(READY_DEADLINE_MS, id -> {
      if (answered.compareAndSet(false, true)) {
        send(ctx, 503, new JsonObject().put("status", "DOWN").put("outcome", "DOWN")
            .put("reason", "the readiness checks did not finish within " + READY_DEADLINE_MS + " ms"));
      }
    });
    ready.checkStatus().onComplete(result -> {
      vertx.cancelTimer(deadline);
      if (!answered.compareAndSet(false, true)) {
        return;
      }
      if (result.succeeded()) {
        CheckResult checks = result.result();
        send(ctx, CheckResult.isUp(checks) ? 200 : 503, checks.toJson());
      } else {
        send(ctx, 503, new JsonObject().put("status", "DOWN").put("outcome", "DOWN")
            .put("reason", String.valueOf(result.cause().getMessage())));
      }
    });
  }

  private static void send(RoutingContext ctx, int status, JsonObject body) {
    if (ctx.response().ended()) {
      return;
    }
    if (status == 503) {
      ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "1");
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json;charset=UTF-8")
        .end(body.encode());
  }

  private void syncRegistry() {
    Map<String, HealthRegistry.Check> extra = registry.checks();
    for (HealthRegistry.Check check : extra.values()) {
      if (fromRegistry.add(check.name())) {
        ready.register(check.name(), check.timeoutMs(), check.procedure());
      }
    }
    for (String name : Set.copyOf(fromRegistry)) {
      if (!extra.containsKey(name)) {
        ready.unregister(name);
        fromRegistry.remove(name);
      }
    }
  }

  private static void database(Pool pool, Promise<Status> promise) {
    pool.query("SELECT 1").execute()
        .map(rows -> Status.OK())
        .otherwise(err -> Status.KO(new JsonObject().put("error", String.valueOf(err.getMessage()))))
        .onSuccess(promise::tryComplete);
  }

  private static void redis(Redis redis, Promise<Status> promise) {
    redis.send(Request.cmd(Command.PING))
        .map(reply -> Status.OK())
        .otherwise(err -> Status.KO(new JsonObject().put("error", String.valueOf(err.getMessage()))))
        .onSuccess(promise::tryComplete);
  }

  private void migrations(Pool pool, Promise<Status> promise) {
    Future<Optional<String>> shipped = vertx.executeBlocking(MigrationCatalog::latestShipped, false);
    Future<String> applied = pool
        .query("SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL").execute()
        .map(rows -> {
          String best = null;
          for (Row row : rows) {
            String v = row.getString(0);
            if (best == null || MigrationCatalog.VERSION_ORDER.compare(v, best) > 0) {
              best = v;
            }
          }
          return best;
        });
    Future.all(shipped, applied)
        .map(all -> {
          String expected = shipped.result().orElse(null);
          String current = applied.result();
          JsonObject data = new JsonObject().put("applied", current).put("shipped", expected);
          return expected == null || MigrationCatalog.sameVersion(expected, current) ? Status.OK(data) : Status.KO(data);
        })
        .otherwise(err -> Status.KO(new JsonObject().put("error", String.valueOf(err.getMessage()))))
        .onSuccess(promise::tryComplete);
  }

  private void cluster(Promise<Status> promise) {
    var manager = ((VertxInternal) vertx).clusterManager();
    promise.tryComplete(manager != null && manager.isActive()
        ? Status.OK(new JsonObject().put("node_id", manager.getNodeId()))
        : Status.KO(new JsonObject().put("reason", "not an active cluster member")));
  }
}
