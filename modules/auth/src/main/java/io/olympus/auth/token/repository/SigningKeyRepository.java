package io.olympus.auth.token.repository;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Signing keys in PostgreSQL (table {@code auth_signing_keys}; not tenant-scoped). */
public final class SigningKeyRepository {

  static final Function<Row, SigningKeyRow> MAPPER = row -> new SigningKeyRow(
      row.getString("kid"),
      row.getString("algorithm"),
      row.getJsonObject("public_jwk"),
      row.getBuffer("private_key_enc").getBytes(),
      row.getOffsetDateTime("created_at").toInstant(),
      row.getOffsetDateTime("retire_after").toInstant(),
      row.getOffsetDateTime("expires_at").toInstant());

  private final Pool pool;

  public SigningKeyRepository(Pool pool) {
    this.pool = pool;
  }

  /** Keys whose tokens can still be valid at {@code now}, newest first. */
  public Future<List<SigningKeyRow>> findVerifiable(Instant now) {
    return findVerifiable(pool, now);
  }

  /**
   * Runs {@code work} in a transaction holding the signing-key lock, so that two processes starting or
   * rotating at once do not both create a key.
   */
  public <T> Future<T> locked(Function<SqlClient, Future<T>> work) {
    return pool.withTransaction(conn -> conn.query(SigningKeySql.LOCK).execute()
        .compose(locked -> work.apply(conn)));
  }

  public Future<List<SigningKeyRow>> findVerifiable(SqlClient client, Instant now) {
    return client.preparedQuery(SigningKeySql.SELECT_VERIFIABLE)
        .execute(Tuple.of(utc(now)))
        .map(rows -> {
          List<SigningKeyRow> keys = new ArrayList<>();
          rows.forEach(row -> keys.add(MAPPER.apply(row)));
          return keys;
        });
  }

  /** Inserts {@code key} and retires every other key at its creation time (their tokens stay verifiable until {@code othersExpireAt}). */
  public Future<Void> insertAndRetireOthers(SqlClient client, SigningKeyRow key, Instant othersExpireAt) {
    Tuple insert = Tuple.tuple()
        .addString(key.kid())
        .addString(key.algorithm())
        .addJsonObject(key.publicJwk())
        .addBuffer(Buffer.buffer(key.privateKeyEnc()))
        .addOffsetDateTime(utc(key.createdAt()))
        .addOffsetDateTime(utc(key.retireAfter()))
        .addOffsetDateTime(utc(key.expiresAt()));
    return client.preparedQuery(SigningKeySql.INSERT)
        .execute(insert)
        .compose(inserted -> client.preparedQuery(SigningKeySql.RETIRE_OTHERS)
            .execute(Tuple.of(key.kid(), utc(key.createdAt()), utc(othersExpireAt))))
        .mapEmpty();
  }

  /** Deletes keys no token can be valid for any more. */
  public Future<Integer> deleteExpired(Instant now) {
    return pool.preparedQuery(SigningKeySql.DELETE_EXPIRED)
        .execute(Tuple.of(utc(now)))
        .map(result -> result.rowCount());
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
