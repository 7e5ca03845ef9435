package io.olympus.auth.account.repository;

import io.olympus.common.error.ConflictException;
import io.olympus.common.event.Uuids;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Accounts ({@code auth_users}) and mailed single-use tokens ({@code auth_email_tokens}). Every method runs on
 * the caller's tenant transaction ({@code Tenancy.inTenant}) and also filters by tenant id.
 */
public final class AccountRepository {

  static final Function<Row, Account> MAPPER = row -> new Account(
      row.getUUID("id"),
      row.getUUID("tenant_id"),
      row.getString("email"),
      row.getString("display_name"),
      row.getString("password_hash"),
      row.getBoolean("email_verified"),
      List.of(row.getArrayOfStrings("roles")),
      "active".equals(row.getString("status")));

  /** Creates an account; fails with {@link ConflictException} when the tenant already has one with that email. */
  public Future<Account> insert(SqlConnection conn, UUID tenantId, String email, String displayName, String passwordHash,
      boolean emailVerified, List<String> roles) {
    return insert(conn, Uuids.v7(), tenantId, email, displayName, passwordHash, emailVerified, roles);
  }

  /** As above with a user id chosen by the caller (the platform's sign-up assigns its role first). */
  public Future<Account> insert(SqlConnection conn, UUID id, UUID tenantId, String email, String displayName,
      String passwordHash, boolean emailVerified, List<String> roles) {
    Tuple params = Tuple.tuple()
        .addUUID(id)
        .addUUID(tenantId)
        .addString(email)
        .addString(displayName)
        .addString(passwordHash)
        .addBoolean(emailVerified)
        .addArrayOfString(roles.toArray(String[]::new));
    return conn.preparedQuery(AccountSql.INSERT).execute(params)
        .map(rows -> MAPPER.apply(rows.iterator().next()))
        .recover(AccountRepository::conflictOnDuplicate);
  }

  public Future<Optional<Account>> findByEmail(SqlConnection conn, UUID tenantId, String normalizedEmail) {
    return conn.preparedQuery(AccountSql.BY_EMAIL).execute(Tuple.of(tenantId, normalizedEmail))
        .map(AccountRepository::first);
  }

  public Future<Optional<Account>> findById(SqlConnection conn, UUID tenantId, UUID userId) {
    return conn.preparedQuery(AccountSql.BY_ID).execute(Tuple.of(tenantId, userId))
        .map(AccountRepository::first);
  }

  public Future<Void> markVerified(SqlConnection conn, UUID tenantId, UUID userId) {
    return conn.preparedQuery(AccountSql.MARK_VERIFIED).execute(Tuple.of(tenantId, userId)).mapEmpty();
  }

  public Future<Void> updatePasswordHash(SqlConnection conn, UUID tenantId, UUID userId, String hash) {
    return conn.preparedQuery(AccountSql.UPDATE_HASH).execute(Tuple.of(tenantId, userId, hash)).mapEmpty();
  }

  /** Marks a sign-in (last login and last seen); false when the account is not active (deactivated meanwhile). */
  public Future<Boolean> recordSignIn(SqlConnection conn, UUID tenantId, UUID userId) {
    return conn.preparedQuery(AccountSql.RECORD_SIGN_IN).execute(Tuple.of(tenantId, userId))
        .map(rows -> rows.size() > 0);
  }

  /** Marks activity (a token refresh) of an active account. */
  public Future<Void> recordSeen(SqlConnection conn, UUID tenantId, UUID userId) {
    return conn.preparedQuery(AccountSql.RECORD_SEEN).execute(Tuple.of(tenantId, userId)).mapEmpty();
  }

  /** Stores a new token of {@code purpose}, spending the user's earlier unused ones of the same purpose. */
  public Future<Void> insertToken(SqlConnection conn, byte[] tokenHash, UUID tenantId, UUID userId, String purpose,
      Instant expiresAt) {
    return conn.preparedQuery(AccountSql.SPEND_OTHERS).execute(Tuple.of(tenantId, userId, purpose))
        .compose(spent -> conn.preparedQuery(AccountSql.INSERT_TOKEN)
            .execute(Tuple.of(tokenHash, tenantId, userId, purpose, expiresAt.atOffset(ZoneOffset.UTC))))
        .mapEmpty();
  }

  /** Spends a token; the user it was for, or empty when it is unknown, spent, expired or of another purpose. */
  public Future<Optional<UUID>> spendToken(SqlConnection conn, byte[] tokenHash, UUID tenantId, String purpose) {
    return conn.preparedQuery(AccountSql.SPEND_TOKEN).execute(Tuple.of(tokenHash, tenantId, purpose))
        .map(rows -> rows.size() == 0 ? Optional.<UUID>empty() : Optional.of(rows.iterator().next().getUUID("user_id")));
  }

  private static Optional<Account> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(MAPPER.apply(rows.iterator().next()));
  }

  private static <T> Future<T> conflictOnDuplicate(Throwable err) {
    if (err instanceof PgException pg && "23505".equals(pg.getSqlState())) {
      return Future.failedFuture(new ConflictException("An account with this email already exists in this tenant"));
    }
    return Future.failedFuture(err);
  }
}
