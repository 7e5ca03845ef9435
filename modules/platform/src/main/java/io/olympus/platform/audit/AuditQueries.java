package io.olympus.platform.audit;

import io.olympus.common.audit.AuditLog;
import io.olympus.common.db.Tenancy;
import io.olympus.common.error.ValidationException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/** Reads a tenant's audit log: filtered, newest first, keyset-paged; and verifies its hash chain. */
public final class AuditQueries {

  /** Filters: resource type/id, actor, action; cursor = "<occurred_at>|<id>" of the last entry seen. */
  public record Filter(String resourceType, String resourceId, String actorId, String action, String cursor, int limit) {}

  static final String PAGE = "SELECT id, seq, actor_type, actor_id, action, resource_type, resource_id, changes, ip, "
      + "request_id, occurred_at FROM audit_log WHERE tenant_id = $1 "
      + "AND ($2::text IS NULL OR resource_type = $2) AND ($3::text IS NULL OR resource_id = $3) "
      + "AND ($4::text IS NULL OR actor_id = $4) AND ($5::text IS NULL OR action = $5) "
      + "AND ($6::timestamptz IS NULL OR (occurred_at, id) < ($6, $7)) "
      + "ORDER BY occurred_at DESC, id DESC LIMIT $8";

  private final Pool pool;

  public AuditQueries(Pool pool) {
    this.pool = pool;
  }

  /** A page {@code {items, next_cursor}}; ValidationException for a malformed cursor. */
  public Future<JsonObject> page(UUID tenantId, Filter filter) {
    OffsetDateTime afterTime = null;
    UUID afterId = null;
    if (filter.cursor() != null) {
      String[] parts = filter.cursor().split("\\|", 2);
      try {
        afterTime = OffsetDateTime.parse(parts[0]);
        afterId = UUID.fromString(parts[1]);
      } catch (DateTimeParseException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
        return Future.failedFuture(new ValidationException("cursor", "is not a cursor returned by this endpoint"));
      }
    }
    Tuple args = Tuple.from(new Object[] {tenantId, filter.resourceType(), filter.resourceId(), filter.actorId(),
        filter.action(), afterTime, afterId, filter.limit()});
    return Tenancy.inTenant(pool, tenantId, conn -> conn.preparedQuery(PAGE).execute(args))
        .map(rows -> {
          JsonArray items = new JsonArray();
          String next = null;
          for (Row row : rows) {
            JsonObject entry = new JsonObject()
                .put("id", row.getUUID("id").toString())
                .put("seq", row.getLong("seq"))
                .put("actor_type", row.getString("actor_type"))
                .put("actor_id", row.getString("actor_id"))
                .put("action", row.getString("action"))
                .put("resource_type", row.getString("resource_type"))
                .put("resource_id", row.getString("resource_id"))
                .put("changes", new JsonObject(row.getString("changes")))
                .put("ip", row.getString("ip"))
                .put("request_id", row.getString("request_id"))
                .put("occurred_at", row.getOffsetDateTime("occurred_at").toInstant().toString());
            items.add(entry);
            next = row.getOffsetDateTime("occurred_at") + "|" + row.getUUID("id");
          }
          return new JsonObject().put("items", items).put("next_cursor", rows.size() == filter.limit() ? next : null);
        });
  }

  /** {@code {intact, checked, first_broken_seq, problem}}. */
  public Future<JsonObject> verify(UUID tenantId) {
    return Tenancy.inTenant(pool, tenantId, conn -> AuditLog.verify(conn, tenantId))
        .map(v -> new JsonObject()
            .put("intact", v.intact())
            .put("checked", v.checked())
            .put("first_broken_seq", v.firstBrokenSeq())
            .put("problem", v.problem()));
  }
}
