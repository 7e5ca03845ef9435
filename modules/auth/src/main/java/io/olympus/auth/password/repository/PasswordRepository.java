package io.olympus.auth.password.repository;

import io.olympus.common.event.Uuids;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Password reset tokens ({@code auth_password_reset_tokens}) and earlier password hashes ({@code auth_password_history}).
 * Every method runs on the caller's tenant transaction and filters by tenant id.
 */
public final class PasswordRepository {

  /** Stores a reset token, spending the user's earlier open ones. */
  public Future<Void> insertResetToken(SqlConnection conn, UUID tenantId, UUID userId, byte[] tokenHash, Instant expiresAt) {
    return conn.preparedQuery(PasswordSql.SPEND_OPEN_TOKENS).execute(Tuple.of(tenantId, userId))
        .compose(v -> conn.preparedQuery(PasswordSql.INSERT_TOKEN)
            .execute(Tuple.of(Buffer.buffer(tokenHash), tenantId, userId, expiresAt.atOffset(ZoneOffset.UTC))))
        .mapEmpty();
  }

  /** The user of an open (unused, unexpired) token. */
  public Future<Optional<UUID>> findOpenToken(SqlConnection conn, UUID tenantId, byte[] tokenHash) {
    return conn.preparedQuery(PasswordSql.FIND_TOKEN).execute(Tuple.of(Buffer.buffer(tokenHash), tenantId))
        .map(rows -> rows.size() == 0 ? Optional.<UUID>empty() : Optional.of(rows.iterator().next().getUUID("user_id")));
  }

  /** Spends the token; false when another request spent it first or it expired meanwhile. */
  public Future<Boolean> spendToken(SqlConnection conn, UUID tenantId, UUID userId, byte[] tokenHash) {
    return conn.preparedQuery(PasswordSql.SPEND_TOKEN).execute(Tuple.of(Buffer.buffer(tokenHash), tenantId, userId))
        .map(rows -> rows.rowCount() == 1);
  }

  /** The newest {@code limit} earlier hashes, newest first. */
  public Future<List<String>> recentHashes(SqlConnection conn, UUID tenantId, UUID userId, int limit) {
    return conn.preparedQuery(PasswordSql.RECENT).execute(Tuple.of(tenantId, userId, limit))
        .map(rows -> {
          List<String> hashes = new ArrayList<>();
          for (Row row : rows) {
            hashes.add(row.getString("password_hash"));
          }
          return hashes;
        });
  }

  /**
   * Sets the new hash when the current one is still {@code expectedHash}, moves the old one into the history and keeps
   * the newest {@code keep} entries. False when the password changed meanwhile.
   */
  public Future<Boolean> replaceHash(SqlConnection conn, UUID tenantId, UUID userId, String expectedHash, String newHash,
      int keep) {
    return conn.preparedQuery(PasswordSql.UPDATE_HASH).execute(Tuple.of(tenantId, userId, expectedHash, newHash))
        .compose(rows -> rows.rowCount() == 0
            ? Future.succeededFuture(false)
            : (expectedHash == null
                ? Future.<Void>succeededFuture()
                : conn.preparedQuery(PasswordSql.INSERT_HISTORY).execute(Tuple.of(Uuids.v7(), tenantId, userId, expectedHash))
                    .compose(v -> conn.preparedQuery(PasswordSql.PRUNE_HISTORY).execute(Tuple.of(tenantId, userId, keep)))
                    .<Void>mapEmpty())
                .map(true));
  }
}
