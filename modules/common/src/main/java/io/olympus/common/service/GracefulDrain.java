package io.olympus.common.service;

import io.olympus.common.http.ServiceHttpVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.deployment.DeploymentContext;
import io.vertx.core.internal.deployment.DeploymentManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The draining half of a graceful shutdown, in this order: new requests are refused (503 + {@code Retry-After},
 * {@code Connection: close}); the requests already running finish, bounded by the shutdown time-out; then the HTTP
 * verticles undeploy (their servers stop listening); then every other top-level deployment (bus verticles, sweepers,
 * outbox relays; children go with their parent, never twice). Shared pools close with the last verticle holding
 * them, so only after every request drained. Vert.x itself (Redis clients and pools made outside verticles, the
 * cluster) closes after this.
 */
public final class GracefulDrain {

  private static final Logger LOG = LoggerFactory.getLogger(GracefulDrain.class);

  private GracefulDrain() {}

  /** Drains and undeploys within about {@code timeoutMs}; never fails (a step that runs out of time is logged). */
  public static Future<Void> drainAndUndeploy(Vertx vertx, Readiness readiness, long timeoutMs) {
    long begun = System.nanoTime();
    readiness.beginDrain();
    LOG.info("shutdown 2/4: draining in-flight requests ({} running; new requests get 503), at most {} ms "
        + "(OLYMPUS_SHUTDOWN_TIMEOUT_MS)", readiness.inFlight(), timeoutMs);
    return readiness.drained(vertx, timeoutMs)
        .compose(left -> {
          if (left > 0) {
            LOG.warn("shutdown: {} request(s) still running after {} ms; continuing", left, timeoutMs);
          } else {
            LOG.info("shutdown: every in-flight request finished in {} ms", elapsedMs(begun));
          }
          return undeploy(vertx, topLevelDeployments(vertx, true), remaining(begun, timeoutMs));
        })
        .compose(v -> undeploy(vertx, topLevelDeployments(vertx, false), remaining(begun, timeoutMs)));
  }

  /** Top-level deployments (children undeploy with their parent) whose verticles are, or are not, HTTP fronts. */
  private static List<String> topLevelDeployments(Vertx vertx, boolean http) {
    DeploymentManager manager = ((VertxInternal) vertx).deploymentManager();
    List<String> ids = new ArrayList<>();
    for (String id : vertx.deploymentIDs()) {
      DeploymentContext deployment = manager.deployment(id);
      if (deployment == null || deployment.isChild()) {
        continue;
      }
      boolean serves = deployment.deployment().instances().stream().anyMatch(ServiceHttpVerticle.class::isInstance);
      if (serves == http) {
        ids.add(id);
      }
    }
    return ids;
  }

  private static Future<Void> undeploy(Vertx vertx, List<String> ids, long timeoutMs) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    LOG.info("shutdown: undeploying {} deployment(s)", ids.size());
    List<Future<Void>> undeployed = ids.stream()
        .map(vertx::undeploy)
        .toList();
    return Future.join(undeployed)
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .<Void>mapEmpty()
        .recover(err -> {
          LOG.warn("shutdown: undeploy did not finish cleanly ({}); continuing", err.getMessage());
          return Future.succeededFuture();
        });
  }

  private static long remaining(long begun, long timeoutMs) {
    return Math.max(1, timeoutMs - elapsedMs(begun));
  }

  private static long elapsedMs(long since) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
  }
}
