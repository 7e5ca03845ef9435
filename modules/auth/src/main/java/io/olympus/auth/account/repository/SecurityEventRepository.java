package io.olympus.auth.account.repository;

import io.olympus.common.event.Uuids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** Security events ({@code auth_security_events}); on the caller's tenant transaction, filtered by tenant id. */
public final class SecurityEventRepository {

  static final String INSERT = """
      INSERT INTO auth_security_events (id, tenant_id, user_id, type, ip, user_agent, request_id, detail)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
      """;

  private static final String COLUMNS = "id, tenant_id, user_id, type, ip, user_agent, request_id, detail, created_at";

  /** Newest first, keyset on the v7 id; $3 = user (null = every user of the tenant), $4 = before id (null = from the top). */
  static final String PAGE = "SELECT " + COLUMNS + " FROM auth_security_events WHERE tenant_id = $1 "
      + "AND ($2::uuid IS NULL OR user_id = $2) AND ($3::uuid IS NULL OR id < $3) ORDER BY id DESC LIMIT $4";

  static final Function<Row, SecurityEvent> MAPPER = row -> new SecurityEvent(
      row.getUUID("id"),
      row.getUUID("tenant_id"),
      row.getUUID("user_id"),
      row.getString("type"),
      row.getString("ip"),
      row.getString("user_agent"),
      row.getString("request_id"),
      (JsonObject) row.getValue("detail"),
      row.getOffsetDateTime("created_at").toInstant());

  public Future<Void> append(SqlConnection conn, UUID tenantId, UUID userId, String type, RequestMeta meta, JsonObject detail) {
    return conn.preparedQuery(INSERT)
        .execute(Tuple.of(Uuids.v7(), tenantId, userId, type, meta.ip(), meta.userAgent(), meta.requestId(), detail))
        .mapEmpty();
  }

  public Future<List<SecurityEvent>> page(SqlConnection conn, UUID tenantId, UUID userId, UUID before, int limit) {
    return conn.preparedQuery(PAGE).execute(Tuple.of(tenantId, userId, before, limit))
        .map(rows -> {
          List<SecurityEvent> out = new ArrayList<>();
          rows.forEach(row -> out.add(MAPPER.apply(row)));
          return out;
        });
  }
}
