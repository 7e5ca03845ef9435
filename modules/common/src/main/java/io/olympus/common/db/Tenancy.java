package io.olympus.common.db;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs work in a transaction scoped to one tenant: {@code app.tenant_id} is set with
 * {@code set_config(..., true)} so it lives only as long as the transaction and never leaks to the
 * next user of a pooled connection. Row-level security policies read it; queries still filter by
 * tenant_id themselves.
 */
public final class Tenancy {

  static final String SET_TENANT = "SELECT set_config('app.tenant_id', $1, true)";
  static final String SET_SYSTEM = "SELECT set_config('app.system', 'on', true)";
  static final String BEGIN = "BEGIN";
  static final String BEGIN_READ_ONLY = "BEGIN READ ONLY";
  static final String COMMIT = "COMMIT";
  static final String ROLLBACK = "ROLLBACK";

  /**
   * The end of each transaction these helpers run with plain {@code BEGIN}/{@code COMMIT} statements (to pipeline the
   * COMMIT, which {@link Transaction} does not), by connection: what {@link #completion} answers for them.
   */
  private static final Map<SqlConnection, Promise<Void>> PIPELINED = new ConcurrentHashMap<>();

  /**
   * The settings each transaction of {@link #inTenant(Pool, UUID, List, Function)} and
   * {@link #inTenant(Pool, UUID, List, Function, BiFunction)} set with its tenant, by connection, while it runs: what
   * {@link #isSet} answers.
   */
  private static final Map<SqlConnection, List<Setting>> SETTINGS = new ConcurrentHashMap<>();

  /**
   * A transaction-local setting ({@code set_config(name, value, true)}: it lives as long as the transaction) set in the
   * same statement as the tenant — no statement of its own. E.g. {@code olympus.outbox_notify = off}.
   */
  public record Setting(String name, String value) {}

  /**
   * The writes each transaction of the two {@code inTenant} forms waits for before its COMMIT, by connection, while its
   * work runs: what {@link #awaitAtCommit} adds to. Gone once the COMMIT (or ROLLBACK) is decided.
   */
  private static final Map<SqlConnection, List<Future<?>>> AT_COMMIT = new ConcurrentHashMap<>();

  private Tenancy() {}

  /**
   * Has the transaction running on {@code conn} wait for {@code written} — statements already issued on {@code conn}
   * whose answers nothing else waits for — before it commits: the work can complete before their answers come, and
   * its next statements (the two-step form's last step, the COMMIT) go out right behind them, in the same round trip.
   * When {@code written} fails the transaction rolls back (a COMMIT already sent is answered with a rollback) and its
   * result fails with the first such failure, in the order registered. Answers false, registering nothing, when
   * {@code conn} runs no transaction of the two {@code inTenant} forms (a pipelined one, whose COMMIT may be sent
   * already, or one begun elsewhere): the caller then waits for {@code written} itself.
   */
  public static boolean awaitAtCommit(SqlConnection conn, Future<?> written) {
    List<Future<?>> awaited = AT_COMMIT.get(conn);
    if (awaited == null) {
      return false;
    }
    awaited.add(written);
    return true;
  }

  /** Runs {@code transaction} on {@code conn} with a list for {@link #awaitAtCommit} until it ends. */
  private static <T> Future<T> awaiting(SqlConnection conn, Function<List<Future<?>>, Future<T>> transaction) {
    List<Future<?>> awaited = new java.util.ArrayList<>();
    AT_COMMIT.put(conn, awaited);
    Future<T> outcome;
    try {
      outcome = transaction.apply(awaited);
    } catch (RuntimeException e) {
      outcome = Future.failedFuture(e);
    }
    return outcome.andThen(done -> AT_COMMIT.remove(conn, awaited));
  }

  /**
   * Closes {@code conn}'s list for {@link #awaitAtCommit} (nothing registers once the COMMIT is decided) and completes
   * when everything on it has answered: fails with the first failure, in the order registered.
   */
  private static Future<Void> written(SqlConnection conn, List<Future<?>> awaited) {
    AT_COMMIT.remove(conn, awaited);
    if (awaited.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Future<?>> all = List.copyOf(awaited);
    return Future.join(all).transform(done -> {
      for (Future<?> write : all) {
        if (write.failed()) {
          return Future.failedFuture(write.cause());
        }
      }
      return Future.succeededFuture();
    });
  }

  /**
   * Whether the transaction running on {@code conn} set {@code setting} with its tenant (a transaction begun with
   * settings by {@link #inTenant(Pool, UUID, List, Function)} or its two-step form): work that needs the setting
   * skips its own {@code set_config} then, and sets it itself in any other transaction.
   */
  public static boolean isSet(SqlConnection conn, Setting setting) {
    List<Setting> set = SETTINGS.get(conn);
    return set != null && set.contains(setting);
  }

  /**
   * The end of the transaction running on {@code conn}: completes once it has committed, fails when it rolled back;
   * null when no transaction runs there (a statement outside one commits on its own). Works for every transaction of
   * this class, those whose COMMIT is pipelined included ({@code conn.transaction()} knows only those begun with
   * {@link SqlConnection#begin}): what after-commit work waits for.
   */
  public static Future<Void> completion(SqlConnection conn) {
    Transaction transaction = conn.transaction();
    if (transaction != null) {
      return transaction.completion();
    }
    Promise<Void> end = PIPELINED.get(conn);
    return end == null ? null : end.future();
  }

  /**
   * Runs a plain-statement transaction on {@code conn}, known to {@link #completion} until it ends: its end completes
   * when {@code transaction} succeeds (every statement succeeded and the COMMIT was answered: it committed) and fails
   * with its failure (it rolled back).
   */
  private static <T> Future<T> tracked(SqlConnection conn, Supplier<Future<T>> transaction) {
    Promise<Void> end = Promise.promise();
    PIPELINED.put(conn, end);
    Future<T> outcome;
    try {
      outcome = transaction.get();
    } catch (RuntimeException e) {
      outcome = Future.failedFuture(e);
    }
    return outcome.andThen(done -> {
      PIPELINED.remove(conn, end);
      if (done.succeeded()) {
        end.tryComplete();
      } else {
        end.tryFail(done.cause());
      }
    });
  }

  /**
   * Runs {@code work} in a transaction with the tenant set; fails with whatever {@code work} or the database fails
   * with. {@code BEGIN}, the tenant's {@code set_config} and the first statements of {@code work} go out together
   * (the connection runs them in order, so the tenant is set before any of them, and a statement that follows a
   * failed {@code BEGIN} or {@code set_config} fails too): a transaction costs no round trip of its own before its
   * work. It commits when everything succeeded and no statement of the transaction failed, and rolls back otherwise,
   * as {@link Pool#withTransaction} does.
   */
  public static <T> Future<T> inTenant(Pool pool, UUID tenantId, Function<SqlConnection, Future<T>> work) {
    return inTenant(pool, tenantId, List.of(), work);
  }

  /**
   * As {@link #inTenant(Pool, UUID, Function)}, with {@code settings} set in the statement that sets the tenant (one
   * {@code SELECT set_config(...), set_config(...)}): they hold for every statement of {@code work}.
   */
  public static <T> Future<T> inTenant(Pool pool, UUID tenantId, List<Setting> settings,
                                       Function<SqlConnection, Future<T>> work) {
    return pool.withConnection(conn -> withSettings(conn, settings, () -> awaiting(conn, awaited -> {
      Future<Transaction> begin = conn.begin();
      // scheduled on the transaction right away: pipelined behind the BEGIN on the same connection
      Future<Void> tenant = setTenant(conn, tenantId, settings);
      Future<T> result = issue(work, conn);
      return Future.join(begin, tenant, result).compose(started -> written(conn, awaited))
          .transform(done -> done.succeeded()
              ? begin.result().commit().map(result.result())
              : begin.succeeded()
                  ? begin.result().rollback().transform(rolledBack -> Future.<T>failedFuture(
                      tenant.failed() || result.failed() ? firstCause(tenant, result) : done.cause()))
                  : Future.<T>failedFuture(begin.cause()));
    })));
  }

  /** Runs {@code transaction} on {@code conn} known to {@link #isSet} with {@code settings} until it ends. */
  private static <T> Future<T> withSettings(SqlConnection conn, List<Setting> settings, Supplier<Future<T>> transaction) {
    if (settings.isEmpty()) {
      return transaction.get();
    }
    SETTINGS.put(conn, List.copyOf(settings));
    Future<T> outcome;
    try {
      outcome = transaction.get();
    } catch (RuntimeException e) {
      outcome = Future.failedFuture(e);
    }
    return outcome.andThen(done -> SETTINGS.remove(conn));
  }

  /**
   * A write transaction in two round trips, for work whose last statements depend on the answers of its first ones
   * (a decision, a generated id). {@code BEGIN}, the tenant's {@code set_config} and {@code first}'s statements go
   * out together; when they have answered, {@code last}'s statements go out with the {@code COMMIT} right behind
   * them, so the commit costs no round trip of its own.
   *
   * <p>{@code first} may fail (a failed statement, or a decision on its answers): the transaction rolls back and
   * {@code last} never runs. {@code last} must issue every statement before it returns and must not {@code compose}
   * a statement onto another's answer (that one would run after the COMMIT). A failed statement of {@code last}
   * aborts the transaction — PostgreSQL then answers the COMMIT with a rollback — and the result fails with it. The
   * future {@code last} returns may also wait for work outside the database (a signature); if that fails, the
   * result fails although the transaction may have committed, as when an answer is lost after a commit. Writes
   * {@code first} leaves to the commit ({@link #awaitAtCommit}) go out before {@code last}'s statements, in their
   * round trip.
   */
  public static <A, T> Future<T> inTenant(Pool pool, UUID tenantId, Function<SqlConnection, Future<A>> first,
      BiFunction<SqlConnection, A, Future<T>> last) {
    return inTenant(pool, tenantId, List.of(), first, last);
  }

  /** As {@link #inTenant(Pool, UUID, Function, BiFunction)}, with {@code settings} set with the tenant. */
  public static <A, T> Future<T> inTenant(Pool pool, UUID tenantId, List<Setting> settings,
      Function<SqlConnection, Future<A>> first, BiFunction<SqlConnection, A, Future<T>> last) {
    return pool.withConnection(conn -> withSettings(conn, settings, () -> tracked(conn, () -> awaiting(conn, awaited -> {
      Future<?> begin = conn.query(BEGIN).execute();
      Future<Void> tenant = setTenant(conn, tenantId, settings);
      Future<A> head = issue(first, conn);
      return Future.join(begin, tenant, head).transform(started -> {
        if (started.failed()) {
          Throwable cause = begin.failed() ? begin.cause() : firstCause(tenant, head);
          return conn.query(ROLLBACK).execute().transform(rolledBack -> Future.<T>failedFuture(cause));
        }
        Future<T> result;
        try {
          result = last.apply(conn, head.result());
        } catch (RuntimeException e) {
          return conn.query(ROLLBACK).execute().transform(rolledBack -> Future.<T>failedFuture(e));
        }
        Future<Void> writes = written(conn, awaited);
        Future<?> commit = conn.query(COMMIT).execute();
        // a write the first step left to the commit failed first: what the last step's statements then fail with
        // (the transaction is aborted) says less
        return Future.join(writes, result, commit).transform(done -> writes.failed() ? Future.<T>failedFuture(writes.cause())
            : result.failed() ? result
            : commit.failed() ? Future.<T>failedFuture(commit.cause())
            : result);
      });
    }))));
  }

  private static Throwable firstCause(Future<?> tenant, Future<?> result) {
    return tenant.failed() ? tenant.cause() : result.cause();
  }

  /**
   * Runs independent reads for one tenant in a single database round trip: {@code BEGIN READ ONLY}, the tenant's
   * {@code set_config(..., true)}, the statements {@code reads} issues and {@code COMMIT} are pipelined on one
   * connection, none waiting for the one before (the pool's connections pipeline). {@code reads} must issue every
   * statement before it returns — it may combine their futures ({@code Future.all(...).map(...)}) but must not
   * {@code compose} a statement onto another's answer (that one would run after the COMMIT, outside the tenant's
   * transaction, where row-level security shows it nothing). A failing statement aborts the transaction (the later
   * ones fail, the COMMIT rolls back) and the result fails with the first error.
   */
  public static <T> Future<T> readInTenant(Pool pool, UUID tenantId, Function<SqlConnection, Future<T>> reads) {
    return pipelined(pool, tenantId, BEGIN_READ_ONLY, reads);
  }

  /**
   * As {@link #readInTenant}, for a short write whose statements do not depend on each other's answers (a claim and
   * the read of what it claimed): {@code BEGIN}, the tenant's {@code set_config}, the statements {@code writes} issues
   * and {@code COMMIT} go out together — one round trip. The same rules hold: {@code writes} must issue every
   * statement before it returns; a failing statement aborts the transaction (the COMMIT then rolls it back) and the
   * result fails with the first error. A decision {@code writes} takes on the answers cannot stop the COMMIT: use it
   * where the statements are right to commit whatever they answer.
   */
  public static <T> Future<T> writeInTenant(Pool pool, UUID tenantId, Function<SqlConnection, Future<T>> writes) {
    return pipelined(pool, tenantId, BEGIN, writes);
  }

  private static <T> Future<T> pipelined(Pool pool, UUID tenantId, String beginSql,
                                         Function<SqlConnection, Future<T>> reads) {
    return pool.withConnection(conn -> tracked(conn, () -> {
      Future<?> begin = conn.query(beginSql).execute();
      Future<Void> tenant = setTenant(conn, tenantId);
      Future<T> result = issue(reads, conn);
      // always sent: the connection goes back to the pool with no transaction open, whatever happened above
      Future<?> commit = conn.query(COMMIT).execute();
      return Future.join(begin, tenant, result, commit)
          .transform(done -> begin.failed() ? Future.failedFuture(begin.cause())
              : tenant.failed() ? Future.failedFuture(tenant.cause())
              : result.failed() || commit.succeeded() ? result
              : Future.failedFuture(commit.cause()));
    }));
  }

  private static <T> Future<T> issue(Function<SqlConnection, Future<T>> reads, SqlConnection conn) {
    try {
      return reads.apply(conn);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** Sets the tenant for the rest of the transaction already running on {@code conn}. */
  public static Future<Void> setTenant(SqlConnection conn, UUID tenantId) {
    return conn.preparedQuery(SET_TENANT)
        .execute(Tuple.of(tenantId.toString()))
        .mapEmpty();
  }

  /** Sets the tenant and {@code settings} for the rest of the running transaction, in one statement. */
  static Future<Void> setTenant(SqlConnection conn, UUID tenantId, List<Setting> settings) {
    if (settings.isEmpty()) {
      return setTenant(conn, tenantId);
    }
    Object[] values = new Object[1 + 2 * settings.size()];
    values[0] = tenantId.toString();
    for (int i = 0; i < settings.size(); i++) {
      values[1 + 2 * i] = settings.get(i).name();
      values[2 + 2 * i] = settings.get(i).value();
    }
    return conn.preparedQuery(setTenantSql(settings)).execute(Tuple.from(values)).mapEmpty();
  }

  /** The statement that sets the tenant ({@code $1}) and, after it, each setting's name and value. */
  static String setTenantSql(List<Setting> settings) {
    StringBuilder sql = new StringBuilder(SET_TENANT);
    for (int i = 0; i < settings.size(); i++) {
      sql.append(", set_config($").append(2 + 2 * i).append(", $").append(3 + 2 * i).append(", true)");
    }
    return sql.toString();
  }

  /**
   * Runs {@code work} in a transaction that may see every tenant's rows of tables whose policy allows
   * the system context (tenant resolution at login, system administration, purge jobs). Tenant-scoped
   * code never uses this.
   */
  public static <T> Future<T> asSystem(Pool pool, Function<SqlConnection, Future<T>> work) {
    return pool.withTransaction(conn -> conn.query(SET_SYSTEM)
        .execute()
        .compose(ignored -> work.apply(conn)));
  }
}
