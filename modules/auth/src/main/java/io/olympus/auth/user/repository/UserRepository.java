package io.olympus.auth.user.repository;

import io.olympus.common.db.Tenancy;
import io.olympus.common.error.ConflictException;
import io.olympus.common.event.Uuids;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/** Auth users (table {@code auth_users}, tenant-scoped); every call runs in its tenant's transaction. */
public final class UserRepository {

  static final String INSERT = """
      INSERT INTO auth_users (id, tenant_id, email, password_hash, email_verified, roles)
      VALUES ($1, $2, $3, $4, $5, $6)
      RETURNING id, tenant_id, email, password_hash, email_verified, roles, created_at
      """;

  static final String SELECT_BY_ID = """
      SELECT id, tenant_id, email, password_hash, email_verified, roles, created_at
      FROM auth_users WHERE tenant_id = $1 AND id = $2
      """;

  static final Function<Row, User> MAPPER = row -> new User(
      row.getUUID("id"),
      row.getUUID("tenant_id"),
      row.getString("email"),
      row.getString("password_hash"),
      row.getBoolean("email_verified"),
      List.of(row.getArrayOfStrings("roles")),
      row.getOffsetDateTime("created_at").toInstant());

  private final Pool pool;

  public UserRepository(Pool pool) {
    this.pool = pool;
  }

  /** Creates a user; fails with {@link ConflictException} when the tenant already has a user with that email. */
  public Future<User> create(UUID tenantId, String email, String passwordHash, boolean emailVerified, List<String> roles) {
    Tuple params = Tuple.tuple()
        .addUUID(Uuids.v7())
        .addUUID(tenantId)
        .addString(email)
        .addString(passwordHash)
        .addBoolean(emailVerified)
        .addArrayOfString(roles.toArray(String[]::new));
    return Tenancy.inTenant(pool, tenantId, conn -> conn.preparedQuery(INSERT).execute(params))
        .map(rows -> MAPPER.apply(rows.iterator().next()))
        .recover(UserRepository::conflictOnDuplicate);
  }

  public Future<Optional<User>> findById(UUID tenantId, UUID userId) {
    return Tenancy.inTenant(pool, tenantId, conn -> conn.preparedQuery(SELECT_BY_ID).execute(Tuple.of(tenantId, userId)))
        .map(UserRepository::first);
  }

  private static Optional<User> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(MAPPER.apply(rows.iterator().next()));
  }

  private static Future<User> conflictOnDuplicate(Throwable err) {
    if (err instanceof PgException pg && "23505".equals(pg.getSqlState())) {
      return Future.failedFuture(new ConflictException("A user with this email already exists"));
    }
    return Future.failedFuture(err);
  }
}
