package io.olympus.auth.account.repository;

import io.olympus.common.event.Uuids;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/** Devices ({@code auth_devices}); on the caller's tenant transaction, filtered by tenant id. */
public final class DeviceRepository {

  private static final String COLUMNS =
      "id, tenant_id, user_id, device_key, name, user_agent, first_seen_at, last_seen_at, last_ip, revoked_at";

  /** Insert or touch; {@code xmax = 0} tells a fresh insert (a new device) from an update. */
  static final String UPSERT = """
      INSERT INTO auth_devices (id, tenant_id, user_id, device_key, name, user_agent, last_ip)
      VALUES ($1, $2, $3, $4, $5, $6, $7)
      ON CONFLICT (tenant_id, user_id, device_key) DO UPDATE
        SET last_seen_at = now(), last_ip = EXCLUDED.last_ip, user_agent = EXCLUDED.user_agent,
            name = coalesce(EXCLUDED.name, auth_devices.name), revoked_at = NULL
      RETURNING %s, (xmax = 0) AS inserted
      """.formatted(COLUMNS);

  static final String LIST = "SELECT " + COLUMNS + " FROM auth_devices WHERE tenant_id = $1 AND user_id = $2 "
      + "AND revoked_at IS NULL ORDER BY last_seen_at DESC LIMIT 200";

  static final String RENAME = "UPDATE auth_devices SET name = $4 WHERE tenant_id = $1 AND user_id = $2 AND id = $3 "
      + "AND revoked_at IS NULL RETURNING " + COLUMNS;

  static final String REVOKE = "UPDATE auth_devices SET revoked_at = now() WHERE tenant_id = $1 AND user_id = $2 AND id = $3 "
      + "AND revoked_at IS NULL RETURNING " + COLUMNS;

  static final String COUNT = "SELECT count(*) AS n FROM auth_devices WHERE tenant_id = $1 AND user_id = $2";

  static final Function<Row, Device> MAPPER = row -> new Device(
      row.getUUID("id"),
      row.getUUID("tenant_id"),
      row.getUUID("user_id"),
      row.getString("device_key"),
      row.getString("name"),
      row.getString("user_agent"),
      row.getOffsetDateTime("first_seen_at").toInstant(),
      row.getOffsetDateTime("last_seen_at").toInstant(),
      row.getString("last_ip"),
      instant(row.getOffsetDateTime("revoked_at")));

  /** A recorded device and whether this sign-in saw it for the first time. */
  public record Seen(Device device, boolean isNew) {}

  public Future<Seen> recordSignIn(SqlConnection conn, UUID tenantId, UUID userId, String deviceKey, String name,
      String userAgent, String ip) {
    return conn.preparedQuery(UPSERT)
        .execute(Tuple.of(Uuids.v7(), tenantId, userId, deviceKey, name, userAgent, ip))
        .map(rows -> {
          Row row = rows.iterator().next();
          return new Seen(MAPPER.apply(row), row.getBoolean("inserted"));
        });
  }

  public Future<Long> count(SqlConnection conn, UUID tenantId, UUID userId) {
    return conn.preparedQuery(COUNT).execute(Tuple.of(tenantId, userId))
        .map(rows -> rows.iterator().next().getLong("n"));
  }

  public Future<List<Device>> list(SqlConnection conn, UUID tenantId, UUID userId) {
    return conn.preparedQuery(LIST).execute(Tuple.of(tenantId, userId))
        .map(rows -> {
          List<Device> out = new java.util.ArrayList<>();
          rows.forEach(row -> out.add(MAPPER.apply(row)));
          return out;
        });
  }

  public Future<Optional<Device>> rename(SqlConnection conn, UUID tenantId, UUID userId, UUID deviceId, String name) {
    return conn.preparedQuery(RENAME).execute(Tuple.of(tenantId, userId, deviceId, name))
        .map(rows -> rows.size() == 0 ? Optional.<Device>empty() : Optional.of(MAPPER.apply(rows.iterator().next())));
  }

  public Future<Optional<Device>> revoke(SqlConnection conn, UUID tenantId, UUID userId, UUID deviceId) {
    return conn.preparedQuery(REVOKE).execute(Tuple.of(tenantId, userId, deviceId))
        .map(rows -> rows.size() == 0 ? Optional.<Device>empty() : Optional.of(MAPPER.apply(rows.iterator().next())));
  }

  private static java.time.Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }
}
