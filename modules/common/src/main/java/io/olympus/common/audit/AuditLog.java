package io.olympus.common.audit;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Appends audit entries to the tenant's hash chain inside the caller's transaction (the one making the
 * change), and verifies chains. Writers of one tenant serialise on the chain head row until commit.
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

  static final String PAGE = "SELECT id, tenant_id, seq, prev_hash, hash, actor_type, actor_id, action, resource_type, "
      + "resource_id, changes, ip, request_id, occurred_at FROM audit_log WHERE tenant_id = $1 AND seq > $2 "
      + "ORDER BY seq LIMIT $3";

  static final String HEAD = "SELECT seq, hash, anchor_seq, anchor_hash FROM audit_chain_heads WHERE tenant_id = $1";

  /** The newest entry older than the cutoff: everything up to it is pruned. */
  static final String PRUNE_UNTIL = "SELECT seq, hash FROM audit_log WHERE tenant_id = $1 AND occurred_at < $2 "
      + "ORDER BY seq DESC LIMIT 1";

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
