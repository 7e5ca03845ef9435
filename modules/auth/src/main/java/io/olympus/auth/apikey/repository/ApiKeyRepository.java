package io.olympus.auth.apikey.repository;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/** API keys ({@code auth_api_keys}); every method runs on the caller's tenant transaction and filters by tenant id. */
public final class ApiKeyRepository {

  static final Function<Row, ApiKey> MAPPER = row -> new ApiKey(
      row.getUUID("id"),
      row.getUUID("tenant_id"),
      row.getUUID("user_id"),
      row.getString("name"),
      row.getString("prefix"),
      row.getBuffer("secret_hash").getBytes(),
      List.of(row.getArrayOfStrings("scopes")),
      instant(row.getOffsetDateTime("created_at")),
      instant(row.getOffsetDateTime("expires_at")),
      instant(row.getOffsetDateTime("last_used_at")),
      instant(row.getOffsetDateTime("revoked_at")));

  public Future<ApiKey> insert(SqlConnection conn, UUID id, UUID tenantId, UUID userId, String name, String prefix,
      byte[] secretHash, List<String> scopes, Instant expiresAt) {
    Tuple params = Tuple.tuple()
        .addUUID(id)
        .addUUID(tenantId)
        .addUUID(userId)
        .addString(name)
        .addString(prefix)
        .addBuffer(Buffer.buffer(secretHash))
        .addArrayOfString(scopes.toArray(String[]::new))
        .addOffsetDateTime(expiresAt == null ? null : expiresAt.atOffset(ZoneOffset.UTC));
    return conn.preparedQuery(ApiKeySql.INSERT).execute(params)
        .map(rows -> MAPPER.apply(rows.iterator().next()));
  }

  public Future<Optional<ApiKey>> findByPrefix(SqlConnection conn, UUID tenantId, String prefix) {
    return conn.preparedQuery(ApiKeySql.BY_PREFIX).execute(Tuple.of(tenantId, prefix)).map(ApiKeyRepository::first);
  }

  /** The tenant's keys, newest first, older than {@code before} when given. */
  public Future<List<ApiKey>> page(SqlConnection conn, UUID tenantId, UUID before, int limit) {
    return conn.preparedQuery(ApiKeySql.PAGE).execute(Tuple.of(tenantId, before, limit))
        .map(rows -> {
          List<ApiKey> keys = new ArrayList<>();
          rows.forEach(row -> keys.add(MAPPER.apply(row)));
          return keys;
        });
  }

  /** Revokes (idempotent); empty when the tenant has no such key. */
  public Future<Optional<ApiKey>> revoke(SqlConnection conn, UUID tenantId, UUID id) {
    return conn.preparedQuery(ApiKeySql.REVOKE).execute(Tuple.of(tenantId, id)).map(ApiKeyRepository::first);
  }

  public Future<Void> touch(SqlConnection conn, UUID tenantId, UUID id, Instant at) {
    return conn.preparedQuery(ApiKeySql.TOUCH).execute(Tuple.of(tenantId, id, at.atOffset(ZoneOffset.UTC))).mapEmpty();
  }

  /** Which of {@code codes} are in the permission catalogue (reference data shared by every tenant). */
  public Future<Set<String>> knownPermissions(SqlConnection conn, List<String> codes) {
    return conn.preparedQuery(ApiKeySql.CATALOGUE).execute(Tuple.tuple().addArrayOfString(codes.toArray(String[]::new)))
        .map(rows -> {
          Set<String> known = new HashSet<>();
          rows.forEach(row -> known.add(row.getString("code")));
          return known;
        });
  }

  private static Optional<ApiKey> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(MAPPER.apply(rows.iterator().next()));
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }
}
