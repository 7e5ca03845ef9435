package io.olympus.common.audit;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The tenant's tamper-evident audit log: entries hash-chained per tenant, hash = sha256(prev_hash | position |
 * fields), and verification of the chain.
 *
 * <p>Two ways in, both in the transaction that makes the change (an entry exists exactly when its change commits):
 * <ul>
 *   <li>{@link #append} links the entry into the chain at once; writers of one tenant then serialise on the chain head
 *   row until their commit (for occasional changes: settings, users, keys);</li>
 *   <li>{@link #record} only inserts the entry, not yet linked (no position, no hash), and takes no lock: for hot paths
 *   such as checkout, where the head row held to the commit would make one tenant's changes run one at a time.
 *   {@link #link} then links every committed unlinked entry, in id order, in a short transaction of its own under the
 *   head row's lock (an after-commit linker, with a periodic sweep for entries whose process stopped before linking
 *   them).</li>
 * </ul>
 * Both ways share one chain and one head, so positions stay contiguous. {@link #verify} checks every linked entry; an
 * entry is covered from the moment it is linked (normally milliseconds after its commit), and {@link #unlinked}
 * counts those still waiting.
 */
public final class AuditLog {

  public static final String GENESIS = "genesis";

  /** Locks (creating if needed) the tenant's chain head and returns its position and hash. */
  static final String LOCK_HEAD = "INSERT INTO audit_chain_heads (tenant_id, seq, hash) VALUES ($1, 0, '" + GENESIS
      + "') ON CONFLICT (tenant_id) DO UPDATE SET seq = audit_chain_heads.seq RETURNING seq, hash";

  static final String APPEND = "WITH entry AS (INSERT INTO audit_log (id, tenant_id, seq, prev_hash, hash, actor_type, "
      + "actor_id, action, resource_type, resource_id, changes, ip, request_id, occurred_at) "
      + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING tenant_id) "
      + "UPDATE audit_chain_heads SET seq = $3, hash = $5 WHERE tenant_id = (SELECT tenant_id FROM entry)";

  /** An entry not yet linked: no position, no link, no hash (see {@link #link}). */
  static final String RECORD = "INSERT INTO audit_log (id, tenant_id, actor_type, actor_id, action, resource_type, "
      + "resource_id, changes, ip, request_id, occurred_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";

  /** {@link #RECORD} for several entries in one statement: one array per column, element i of each is entry i. */
  static final String RECORD_ALL = "INSERT INTO audit_log (id, tenant_id, actor_type, actor_id, action, resource_type, "
      + "resource_id, changes, ip, request_id, occurred_at) SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], "
      + "$4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::timestamptz[])";

  static final String UNLINKED_PAGE = "SELECT id, tenant_id, actor_type, actor_id, action, resource_type, resource_id, "
      + "changes, ip, request_id, occurred_at FROM audit_log WHERE tenant_id = $1 AND seq IS NULL ORDER BY id LIMIT $2";

  /**
   * Links the given unlinked entries and moves the head to the last of them in one statement; the head moves only
   * when every entry was still unlinked (no row back otherwise, and the caller rolls back).
   */
  static final String LINK = "WITH linked AS (UPDATE audit_log a SET seq = v.seq, prev_hash = v.prev_hash, hash = v.hash "
      + "FROM unnest($2::uuid[], $3::bigint[], $4::text[], $5::text[]) AS v(id, seq, prev_hash, hash) "
      + "WHERE a.tenant_id = $1 AND a.id = v.id AND a.seq IS NULL RETURNING a.id) "
      + "UPDATE audit_chain_heads SET seq = $6, hash = $7 WHERE tenant_id = $1 AND (SELECT count(*) FROM linked) = $8 "
      + "RETURNING seq";

  static final String ANY_UNLINKED = "SELECT 1 FROM audit_log WHERE tenant_id = $1 AND seq IS NULL LIMIT 1";

  static final String UNLINKED = "SELECT count(*) AS unlinked FROM audit_log WHERE tenant_id = $1 AND seq IS NULL";

  /** Tenants with unlinked entries, read in the system context (the table's {@code system_link} policy). */
  static final String TENANTS_WITH_UNLINKED = "SELECT DISTINCT tenant_id FROM audit_log WHERE seq IS NULL LIMIT $1";

  static final String PAGE = "SELECT id, tenant_id, seq, prev_hash, hash, actor_type, actor_id, action, resource_type, "
      + "resource_id, changes, ip, request_id, occurred_at FROM audit_log WHERE tenant_id = $1 AND seq > $2 "
      + "ORDER BY seq LIMIT $3";

  static final String HEAD = "SELECT seq, hash, anchor_seq, anchor_hash FROM audit_chain_heads WHERE tenant_id = $1";

  /** The newest entry older than the cutoff: everything up to it is pruned. */
  static final String PRUNE_UNTIL = "SELECT seq, hash FROM audit_log WHERE tenant_id = $1 AND occurred_at < $2 "
      + "AND seq IS NOT NULL ORDER BY seq DESC LIMIT 1";

  static final String PRUNE = "WITH gone AS (DELETE FROM audit_log WHERE tenant_id = $1 AND seq <= $2) "
      + "UPDATE audit_chain_heads SET anchor_seq = $2, anchor_hash = $3 WHERE tenant_id = $1";

  static final String LOCK_HEAD_FOR_PRUNE = "SELECT anchor_seq FROM audit_chain_heads WHERE tenant_id = $1 FOR UPDATE";

  /** Result of a chain verification: {@code firstBrokenSeq} is null when every link holds. */
  public record Verification(long checked, Long firstBrokenSeq, String problem) {

    public boolean intact() {
      return firstBrokenSeq == null;
    }
  }

  private AuditLog() {}

  /** Appends {@code entry} in the running transaction on {@code conn}; returns its chain position. */
  public static Future<Long> append(SqlConnection conn, AuditEntry entry) {
    return conn.preparedQuery(LOCK_HEAD)
        .execute(Tuple.of(entry.tenantId()))
        .compose(rows -> {
          Row head = rows.iterator().next();
          long seq = head.getLong("seq") + 1;
          String prevHash = head.getString("hash");
          String hash = entry.chainHash(seq, prevHash);
          return conn.preparedQuery(APPEND)
              .execute(Tuple.from(new Object[] {entry.id(), entry.tenantId(), seq, prevHash, hash, entry.actorType(),
                  entry.actorId(), entry.action(), entry.resourceType(), entry.resourceId(), entry.changes(),
                  entry.ip(), entry.requestId(), entry.occurredAt().atOffset(ZoneOffset.UTC)}))
              .map(done -> seq);
        });
  }

  /**
   * Inserts {@code entry} in the running transaction on {@code conn} without linking it (no lock taken): it is in the
   * log when the transaction commits, and in the chain once {@link #link} has linked it.
   */
  public static Future<Void> record(SqlConnection conn, AuditEntry entry) {
    return conn.preparedQuery(RECORD)
        .execute(Tuple.from(new Object[] {entry.id(), entry.tenantId(), entry.actorType(), entry.actorId(),
            entry.action(), entry.resourceType(), entry.resourceId(), entry.changes(), entry.ip(), entry.requestId(),
            entry.occurredAt().atOffset(ZoneOffset.UTC)}))
        .mapEmpty();
  }

  /** {@link #record} for several entries, in one statement. */
  public static Future<Void> recordAll(SqlConnection conn, List<AuditEntry> entries) {
    if (entries.size() == 1) {
      return record(conn, entries.get(0));
    }
    if (entries.isEmpty()) {
      return Future.succeededFuture();
    }
    int n = entries.size();
    UUID[] ids = new UUID[n];
    UUID[] tenants = new UUID[n];
    String[] actorTypes = new String[n];
    String[] actorIds = new String[n];
    String[] actions = new String[n];
    String[] resourceTypes = new String[n];
    String[] resourceIds = new String[n];
    String[] changes = new String[n];
    String[] ips = new String[n];
    String[] requestIds = new String[n];
    OffsetDateTime[] occurred = new OffsetDateTime[n];
    for (int i = 0; i < n; i++) {
      AuditEntry e = entries.get(i);
      ids[i] = e.id();
      tenants[i] = e.tenantId();
      actorTypes[i] = e.actorType();
      actorIds[i] = e.actorId();
      actions[i] = e.action();
      resourceTypes[i] = e.resourceType();
      resourceIds[i] = e.resourceId();
      changes[i] = e.changes();
      ips[i] = e.ip();
      requestIds[i] = e.requestId();
      occurred[i] = e.occurredAt().atOffset(ZoneOffset.UTC);
    }
    return conn.preparedQuery(RECORD_ALL)
        .execute(Tuple.from(new Object[] {ids, tenants, actorTypes, actorIds, actions, resourceTypes, resourceIds,
            changes, ips, requestIds, occurred}))
        .mapEmpty();
  }

  /**
   * Links up to {@code max} of the tenant's committed unlinked entries (oldest id first) into its chain, in the
   * running transaction on {@code conn}, and returns how many: the head row is locked (so linkers and {@link #append}
   * writers of the tenant take turns, and an entry is never linked twice), each entry gets the next position, the
   * previous hash and its own hash, and the head moves to the last one. Run it in a short transaction of its own; a
   * failure (or a crash) before the commit links nothing, and the entries wait for the next run.
   */
  public static Future<Integer> link(SqlConnection conn, UUID tenantId, int max) {
    // nothing waiting: no lock taken, nothing written
    return conn.preparedQuery(ANY_UNLINKED).execute(Tuple.of(tenantId))
        .compose(any -> any.size() == 0 ? Future.succeededFuture(0) : lockAndLink(conn, tenantId, max));
  }

  private static Future<Integer> lockAndLink(SqlConnection conn, UUID tenantId, int max) {
    // the read goes out right behind the lock, and runs once the lock is ours: it sees every entry committed before
    Future<RowSet<Row>> head = conn.preparedQuery(LOCK_HEAD).execute(Tuple.of(tenantId));
    Future<RowSet<Row>> waiting = conn.preparedQuery(UNLINKED_PAGE).execute(Tuple.of(tenantId, max));
    return Future.all(head, waiting).compose(both -> {
      int count = waiting.result().size();
      if (count == 0) {
        return Future.succeededFuture(0);
      }
      Row top = head.result().iterator().next();
      long seq = top.getLong("seq");
      String prev = top.getString("hash");
      UUID[] ids = new UUID[count];
      Long[] seqs = new Long[count];
      String[] prevs = new String[count];
      String[] hashes = new String[count];
      int i = 0;
      for (Row row : waiting.result()) {
        AuditEntry entry = map(row);
        seq++;
        ids[i] = entry.id();
        seqs[i] = seq;
        prevs[i] = prev;
        prev = entry.chainHash(seq, prev);
        hashes[i] = prev;
        i++;
      }
      return conn.preparedQuery(LINK)
          .execute(Tuple.from(new Object[] {tenantId, ids, seqs, prevs, hashes, seq, prev, (long) count}))
          .compose(rows -> rows.size() == 1 ? Future.succeededFuture(count)
              : Future.failedFuture(new IllegalStateException("audit entries of tenant " + tenantId
                  + " were linked by another writer while the chain head was locked")));
    });
  }

  /** How many of the tenant's entries are not linked yet. */
  public static Future<Long> unlinked(SqlConnection conn, UUID tenantId) {
    return conn.preparedQuery(UNLINKED).execute(Tuple.of(tenantId))
        .map(rows -> rows.iterator().next().getLong("unlinked"));
  }

  /** Up to {@code limit} tenants with unlinked entries; run in the system context ({@code Tenancy.asSystem}). */
  public static Future<List<UUID>> tenantsWithUnlinked(SqlConnection conn, int limit) {
    return conn.preparedQuery(TENANTS_WITH_UNLINKED).execute(Tuple.of(limit))
        .map(rows -> {
          List<UUID> tenants = new ArrayList<>();
          rows.forEach(row -> tenants.add(row.getUUID("tenant_id")));
          return tenants;
        });
  }

  /**
   * Walks the tenant's chain in pages and reports the first entry whose position, link or hash does
   * not match (an edited, deleted or reordered entry).
   */
  public static Future<Verification> verify(SqlConnection conn, UUID tenantId) {
    return conn.preparedQuery(HEAD)
        .execute(Tuple.of(tenantId))
        .compose(rows -> rows.size() == 0
            ? verifyFrom(conn, tenantId, 0, GENESIS, 0)
            : verifyFrom(conn, tenantId, rows.iterator().next().getLong("anchor_seq"),
                rows.iterator().next().getString("anchor_hash"), 0));
  }

  /**
   * Removes the tenant's entries older than {@code cutoff} (retention) inside the caller's transaction
   * and moves the chain's anchor to the last removed entry; returns how many entries were removed.
   */
  public static Future<Long> prune(SqlConnection conn, UUID tenantId, Instant cutoff) {
    return conn.preparedQuery(LOCK_HEAD_FOR_PRUNE)
        .execute(Tuple.of(tenantId))
        .compose(head -> {
          long anchor = head.size() == 0 ? 0 : head.iterator().next().getLong("anchor_seq");
          return conn.preparedQuery(PRUNE_UNTIL)
              .execute(Tuple.of(tenantId, cutoff.atOffset(ZoneOffset.UTC)))
              .compose(rows -> {
                if (rows.size() == 0) {
                  return Future.succeededFuture(0L);
                }
                Row last = rows.iterator().next();
                long until = last.getLong("seq");
                return conn.preparedQuery(PRUNE)
                    .execute(Tuple.of(tenantId, until, last.getString("hash")))
                    .map(done -> until - anchor);
              });
        });
  }

  private static Future<Verification> verifyFrom(SqlConnection conn, UUID tenantId, long afterSeq, String prevHash,
                                                 long checked) {
    int pageSize = 1000;
    return conn.preparedQuery(PAGE)
        .execute(Tuple.of(tenantId, afterSeq, pageSize))
        .compose(rows -> {
          long seq = afterSeq;
          String prev = prevHash;
          long count = checked;
          for (Row row : rows) {
            long rowSeq = row.getLong("seq");
            if (rowSeq != seq + 1) {
              return Future.succeededFuture(new Verification(count, seq + 1, "entry " + (seq + 1) + " is missing"));
            }
            if (!row.getString("prev_hash").equals(prev)) {
              return Future.succeededFuture(new Verification(count, rowSeq, "link to the previous entry is broken"));
            }
            AuditEntry entry = map(row);
            if (!entry.chainHash(rowSeq, prev).equals(row.getString("hash"))) {
              return Future.succeededFuture(new Verification(count, rowSeq, "entry content does not match its hash"));
            }
            seq = rowSeq;
            prev = row.getString("hash");
            count++;
          }
          if (rows.size() == pageSize) {
            return verifyFrom(conn, tenantId, seq, prev, count);
          }
          return checkHead(conn, tenantId, seq, prev, count);
        });
  }

  /** The head must point at the last entry walked, or entries at the end were removed. */
  private static Future<Verification> checkHead(SqlConnection conn, UUID tenantId, long lastSeq, String lastHash,
                                                long checked) {
    return conn.preparedQuery(HEAD)
        .execute(Tuple.of(tenantId))
        .map(rows -> {
          if (rows.size() == 0) {
            return lastSeq == 0 ? new Verification(checked, null, null)
                : new Verification(checked, lastSeq, "the chain head is missing");
          }
          Row head = rows.iterator().next();
          if (head.getLong("seq") != lastSeq || !head.getString("hash").equals(lastHash)) {
            return new Verification(checked, lastSeq + 1, "entries after " + lastSeq + " are missing");
          }
          return new Verification(checked, null, null);
        });
  }

  static AuditEntry map(Row row) {
    return new AuditEntry(
        row.getUUID("id"),
        row.getUUID("tenant_id"),
        row.getString("actor_type"),
        row.getString("actor_id"),
        row.getString("action"),
        row.getString("resource_type"),
        row.getString("resource_id"),
        row.getString("changes"),
        row.getString("ip"),
        row.getString("request_id"),
        row.getOffsetDateTime("occurred_at").toInstant());
  }

  /** Convenience for callers: an entry with a fresh id at the current time. */
  public static AuditEntry entry(UUID tenantId, String actorType, String actorId, String action, String resourceType,
                                 String resourceId, String changesJson, String ip, String requestId) {
    return new AuditEntry(io.olympus.common.event.Uuids.v7(), tenantId, actorType, actorId, action, resourceType,
        resourceId, changesJson, ip, requestId, Instant.now());
  }
}
