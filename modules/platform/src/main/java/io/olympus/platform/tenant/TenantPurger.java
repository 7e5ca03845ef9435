package io.olympus.platform.tenant;

import io.olympus.common.audit.Actor;
import io.olympus.common.db.Tenancy;
import io.olympus.common.error.ConflictException;
import io.olympus.common.event.EventEnvelope;
import io.olympus.common.outbox.OutboxWriter;
import io.olympus.platform.audit.SystemAudit;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes every row of a soft-deleted tenant from every table of every service, in one transaction in
 * the tenant's own context (so row-level security still applies). Tables are found from the catalog —
 * any table with a {@code tenant_id} column — so a table added by a later migration is purged without
 * changing this class; rows are deleted children first, following foreign keys. Every purge is recorded in
 * the system audit chain and publishes {@code tenant.purged}.
 */
public final class TenantPurger {

  private static final Logger LOG = LoggerFactory.getLogger(TenantPurger.class);

  static final String TENANT_TABLES = "SELECT c.table_name FROM information_schema.columns c "
      + "JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
      + "WHERE c.table_schema = 'public' AND c.column_name = 'tenant_id' AND t.table_type = 'BASE TABLE'";

  /** Pairs (child, parent) of foreign keys between public tables. */
  static final String FOREIGN_KEYS = "SELECT DISTINCT child.relname AS child, parent.relname AS parent "
      + "FROM pg_constraint k JOIN pg_class child ON child.oid = k.conrelid "
      + "JOIN pg_class parent ON parent.oid = k.confrelid JOIN pg_namespace n ON n.oid = child.relnamespace "
      + "WHERE k.contype = 'f' AND n.nspname = 'public' AND child.oid <> parent.oid";

  /** Lets the purge delete from append-only tables (their trigger allows deletes only then). */
  static final String MARK_PURGING = "SELECT set_config('app.purging', 'on', true)";

  static final String LOCK_DELETED = "SELECT 1 FROM tenants WHERE id = $1 AND status = 'deleted' FOR UPDATE";

  /** A deleted tenant past its grace period, unless another purge holds it. */
  static final String CLAIM_DUE = "SELECT 1 FROM tenants WHERE id = $1 AND status = 'deleted' "
      + "AND deleted_at < now() - make_interval(hours => $2) FOR UPDATE SKIP LOCKED";

  /** The event type every purge publishes (once per tenant). */
  public static final String PURGED_EVENT = "tenant.purged";

  static final String DELETE_TENANT = "DELETE FROM tenants WHERE id = $1";

  private final Pool pool;

  public TenantPurger(Pool pool) {
    this.pool = pool;
  }

  /**
   * Purges a tenant already marked deleted and returns the number of rows removed; fails with
   * ConflictException (removing nothing) when the tenant is not marked deleted.
   */
  public Future<Long> purge(UUID tenantId) {
    return purge(tenantId, LOCK_DELETED, Tuple.of(tenantId), Actor.SYSTEM)
        .compose(removed -> removed.isPresent()
            ? Future.succeededFuture(removed.get())
            : Future.failedFuture(new ConflictException("tenant " + tenantId + " is not marked deleted")));
  }

  /**
   * Purges the tenant if it was deleted more than {@code graceHours} ago and no other purge holds it
   * (row lock with SKIP LOCKED: concurrent sweepers on any node purge each tenant once). Returns the rows
   * removed, or empty when the tenant was skipped (not due, restored, already purged, or being purged).
   */
  public Future<Optional<Long>> purgeIfDue(UUID tenantId, int graceHours) {
    return purge(tenantId, CLAIM_DUE, Tuple.of(tenantId, graceHours), Actor.SYSTEM);
  }

  private Future<Optional<Long>> purge(UUID tenantId, String lock, Tuple lockArgs, Actor actor) {
    return Tenancy.inTenant(pool, tenantId, conn -> conn.preparedQuery(lock)
            .execute(lockArgs)
            .compose(rows -> rows.size() == 1
                ? removeEverything(conn, tenantId, actor).map(Optional::of)
                : Future.succeededFuture(Optional.<Long>empty())))
        .onSuccess(rows -> rows.ifPresent(n -> LOG.info("tenant {} purged: {} rows removed", tenantId, n)));
  }

  /** Every row of the tenant, then the tenant; recorded in the system audit chain and as {@code tenant.purged}. */
  private Future<Long> removeEverything(SqlConnection conn, UUID tenantId, Actor actor) {
    return conn.query(MARK_PURGING).execute()
        .compose(marked -> deletionOrder(conn))
        .compose(tables -> deleteAll(conn, tenantId, tables, 0, 0L))
        .compose(rows -> conn.preparedQuery(DELETE_TENANT)
            .execute(Tuple.of(tenantId))
            .map(done -> rows + done.rowCount()))
        .compose(removed -> {
          JsonObject changes = new JsonObject().put("tenant_id", tenantId.toString()).put("rows_removed", removed);
          // tenant_id of the event is null: nothing keyed by the purged tenant's id is left behind
          EventEnvelope event = EventEnvelope.of(PURGED_EVENT, null, "tenant", tenantId.toString(),
              actor.requestId(), changes);
          return SystemAudit.record(conn, actor, "tenant.purge", "tenant", tenantId.toString(), changes)
              .compose(seq -> OutboxWriter.append(conn, event))
              .map(v -> removed);
        });
  }

  private Future<Long> deleteAll(SqlConnection conn, UUID tenantId, List<String> tables, int index, long removed) {
    if (index == tables.size()) {
      return Future.succeededFuture(removed);
    }
    // table names come from the catalog, never from input
    return conn.preparedQuery("DELETE FROM \"" + tables.get(index) + "\" WHERE tenant_id = $1")
        .execute(Tuple.of(tenantId))
        .compose(rows -> deleteAll(conn, tenantId, tables, index + 1, removed + rows.rowCount()));
  }

  /** Tenant tables ordered so that every table comes before the tables it references. */
  private Future<List<String>> deletionOrder(SqlConnection conn) {
    return conn.query(TENANT_TABLES).execute()
        .compose(tableRows -> conn.query(FOREIGN_KEYS).execute().map(fkRows -> {
          Set<String> tables = new LinkedHashSet<>();
          for (Row row : tableRows) {
            tables.add(row.getString(0));
          }
          Map<String, Set<String>> parentsOf = new HashMap<>();
          for (Row row : fkRows) {
            parentsOf.computeIfAbsent(row.getString("child"), k -> new HashSet<>()).add(row.getString("parent"));
          }
          List<String> order = new ArrayList<>();
          Set<String> visited = new HashSet<>();
          for (String table : tables) {
            visitChildrenFirst(table, tables, parentsOf, visited, order);
          }
          return order;
        }));
  }

  /** Depth-first: a table is placed after every table that references it (its children). */
  private static void visitChildrenFirst(String table, Set<String> tables, Map<String, Set<String>> parentsOf,
                                         Set<String> visited, List<String> order) {
    if (!visited.add(table)) {
      return;
    }
    for (Map.Entry<String, Set<String>> entry : parentsOf.entrySet()) {
      if (entry.getValue().contains(table) && tables.contains(entry.getKey())) {
        visitChildrenFirst(entry.getKey(), tables, parentsOf, visited, order);
      }
    }
    order.add(table);
  }
}
