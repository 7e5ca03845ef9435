package io.olympus.commerce.event;

import io.olympus.common.audit.AuditLog;
import io.olympus.common.db.Tenancy;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Links the audit entries commerce writes unlinked ({@link OutboxEventSink}, {@link AuditLog#record}) into their
 * tenant's hash chain after the commit, so that a checkout holds no lock on the chain head: told of every committed
 * change ({@link AfterCommitListener}), it runs, {@link #DEFAULT_LINGER_MILLIS} later (to link the entries of the
 * commits in between at once), one link pass for the tenant — at most one pass per tenant at a time in this chainer,
 * and a change told during a pass gets the next one (each HTTP verticle instance has its chainer; theirs take turns on
 * the head row's lock like those of other processes). A pass links in short transactions of their own
 * ({@link AuditLog#link}, {@value #BATCH} entries each) until nothing is left. Chainers of other instances and
 * processes may link the same tenant at the same time: they take turns on the head row's lock and never link an
 * entry twice.
 *
 * <p>Entries whose process stopped before linking them (a crash between commit and pass) are linked by
 * {@link #sweep}, which {@code AuditChainerVerticle} runs periodically: the lag of an entry is bounded by that
 * period. A pass that fails (database unavailable) is logged and its entries wait for the next pass or sweep.
 */
public final class AuditChainer implements AfterCommitListener {

  /** Entries linked per transaction. */
  public static final int BATCH = 500;
  /** Delay between a commit and the pass that links it. */
  public static final long DEFAULT_LINGER_MILLIS = 25;
  /** Tenants a sweep looks at. */
  static final int SWEEP_TENANTS = 1000;

  private static final Logger LOG = LoggerFactory.getLogger(AuditChainer.class);

  private final Vertx vertx;
  private final Pool pool;
  private final long lingerMillis;
  /** Per tenant: the pass asked for and not started yet (null when none), and whether a pass runs. */
  private final Map<UUID, Tenant> tenants = new HashMap<>();

  private static final class Tenant {
    Promise<Integer> next;
    boolean running;
  }

  public AuditChainer(Vertx vertx, Pool pool) {
    this(vertx, pool, DEFAULT_LINGER_MILLIS);
  }

  public AuditChainer(Vertx vertx, Pool pool, long lingerMillis) {
    this.vertx = Objects.requireNonNull(vertx);
    this.pool = Objects.requireNonNull(pool);
    this.lingerMillis = Math.max(0, lingerMillis);
  }

  @Override
  public void committed(UUID tenantId, String change) {
    link(tenantId);
  }

  /**
   * Asks for a link pass of the tenant that starts after this call, so that it sees every entry committed before it;
   * completes with the number of entries that pass linked (its failure when it failed). Passes asked for while one is
   * waiting to start are the same pass.
   */
  public Future<Integer> link(UUID tenantId) {
    Promise<Integer> next;
    boolean start = false;
    synchronized (tenants) {
      Tenant tenant = tenants.computeIfAbsent(tenantId, id -> new Tenant());
      if (tenant.next == null) {
        tenant.next = Promise.promise();
        start = !tenant.running;
      }
      next = tenant.next;
    }
    if (start) {
      later(tenantId);
    }
    return next.future();
  }

  /**
   * Links the unlinked entries of every tenant that has some (those of every process, including one that stopped before
   * linking them); completes with the number linked.
   */
  public Future<Integer> sweep() {
    return Tenancy.asSystem(pool, conn -> AuditLog.tenantsWithUnlinked(conn, SWEEP_TENANTS))
        .compose(found -> {
          List<Future<Integer>> passes = new ArrayList<>();
          found.forEach(tenantId -> passes.add(link(tenantId)));
          return Future.all(passes).map(all -> passes.stream().mapToInt(Future::result).sum());
        });
  }

  private void later(UUID tenantId) {
    if (lingerMillis == 0) {
      pass(tenantId);
    } else {
      vertx.setTimer(lingerMillis, id -> pass(tenantId));
    }
  }

  private void pass(UUID tenantId) {
    Promise<Integer> done;
    synchronized (tenants) {
      Tenant tenant = tenants.get(tenantId);
      done = tenant.next;
      tenant.next = null;
      tenant.running = true;
    }
    linkAll(tenantId, 0).onComplete(result -> {
      boolean again;
      synchronized (tenants) {
        Tenant tenant = tenants.get(tenantId);
        tenant.running = false;
        again = tenant.next != null;
        if (!again) {
          tenants.remove(tenantId);
        }
      }
      if (result.failed()) {
        LOG.warn("could not link the audit entries of tenant {}; the next pass or sweep links them", tenantId,
            result.cause());
        done.fail(result.cause());
      } else {
        done.complete(result.result());
      }
      if (again) {
        later(tenantId);
      }
    });
  }

  private Future<Integer> linkAll(UUID tenantId, int linked) {
    return Tenancy.inTenant(pool, tenantId, conn -> AuditLog.link(conn, tenantId, BATCH))
        .compose(n -> n == BATCH ? linkAll(tenantId, linked + n) : Future.succeededFuture(linked + n));
  }
}
