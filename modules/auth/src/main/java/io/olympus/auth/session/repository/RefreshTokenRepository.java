package io.olympus.auth.session.repository;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Refresh tokens and families (tables {@code auth_refresh_tokens}, {@code auth_refresh_token_families};
 * tenant-scoped). Every method runs on a connection inside the caller's tenant transaction
 * ({@code Tenancy.inTenant}) and filters by tenant itself.
 */
public final class RefreshTokenRepository {

  static final Function<Row, RefreshTokenState> MAPPER = row -> new RefreshTokenState(
      row.getUUID("family_id"),
      row.getInteger("generation"),
      instant(row.getOffsetDateTime("rotated_at")),
      row.getBuffer("successor_enc") == null ? null : row.getBuffer("successor_enc").getBytes(),
      row.getUUID("user_id"),
      row.getUUID("session_id"),
      List.of(row.getArrayOfStrings("amr")),
      row.getInteger("family_generation"),
      instant(row.getOffsetDateTime("expires_at")),
      instant(row.getOffsetDateTime("revoked_at")),
      List.of(row.getArrayOfStrings("roles")),
      row.getBoolean("email_verified"));

  public Future<Void> insertFamily(SqlConnection conn, UUID familyId, UUID tenantId, UUID userId, UUID sessionId,
      List<String> amr, Instant createdAt, Instant expiresAt) {
    Tuple params = Tuple.tuple()
        .addUUID(familyId)
        .addUUID(tenantId)
        .addUUID(userId)
        .addUUID(sessionId)
        .addArrayOfString(amr.toArray(String[]::new))
        .addOffsetDateTime(utc(createdAt))
        .addOffsetDateTime(utc(expiresAt));
    return conn.preparedQuery(RefreshTokenSql.INSERT_FAMILY).execute(params).mapEmpty();
  }

  public Future<Void> insertToken(SqlConnection conn, byte[] tokenHash, UUID tenantId, UUID familyId, int generation, Instant createdAt) {
    return conn.preparedQuery(RefreshTokenSql.INSERT_TOKEN)
        .execute(Tuple.of(Buffer.buffer(tokenHash), tenantId, familyId, generation, utc(createdAt)))
        .mapEmpty();
  }

  /** Locks the token's family (FOR UPDATE) and then reads the token's state; empty for an unknown token. */
  public Future<Optional<RefreshTokenState>> lockAndFind(SqlConnection conn, byte[] tokenHash, UUID tenantId) {
    Tuple params = Tuple.of(Buffer.buffer(tokenHash), tenantId);
    return conn.preparedQuery(RefreshTokenSql.LOCK_FAMILY_OF_TOKEN)
        .execute(params)
        .compose(locked -> locked.size() == 0
            ? Future.succeededFuture(Optional.empty())
            : conn.preparedQuery(RefreshTokenSql.SELECT_TOKEN_STATE)
                .execute(params)
                .map(rows -> rows.size() == 0 ? Optional.<RefreshTokenState>empty() : Optional.of(MAPPER.apply(rows.iterator().next()))));
  }

  /**
   * Records that {@code oldHash} was rotated into generation {@code newGeneration} and keeps the encrypted
   * successor pair; forgets successor pairs of the family rotated before {@code forgetBefore}.
   */
  public Future<Void> rotate(SqlConnection conn, UUID tenantId, UUID familyId, byte[] oldHash, byte[] successorEnc,
      byte[] newHash, int newGeneration, Instant now, Instant forgetBefore) {
    return conn.preparedQuery(RefreshTokenSql.MARK_ROTATED)
        .execute(Tuple.of(Buffer.buffer(oldHash), tenantId, utc(now), Buffer.buffer(successorEnc)))
        .compose(marked -> insertToken(conn, newHash, tenantId, familyId, newGeneration, now))
        .compose(inserted -> conn.preparedQuery(RefreshTokenSql.ADVANCE_FAMILY).execute(Tuple.of(familyId, tenantId, newGeneration)))
        .compose(advanced -> conn.preparedQuery(RefreshTokenSql.FORGET_OLD_SUCCESSORS).execute(Tuple.of(familyId, tenantId, utc(forgetBefore))))
        .mapEmpty();
  }

  /** Revokes a family and forgets its successor pairs. */
  public Future<Void> revokeFamily(SqlConnection conn, UUID tenantId, UUID familyId, String reason, Instant now) {
    return conn.preparedQuery(RefreshTokenSql.REVOKE_FAMILY)
        .execute(Tuple.of(familyId, tenantId, utc(now), reason))
        .compose(revoked -> conn.preparedQuery(RefreshTokenSql.FORGET_ALL_SUCCESSORS).execute(Tuple.of(familyId, tenantId)))
        .mapEmpty();
  }

  /** Revokes every family of a session (sign-out); answers how many were revoked. */
  public Future<Integer> revokeSession(SqlConnection conn, UUID tenantId, UUID sessionId, String reason, Instant now) {
    return conn.preparedQuery(RefreshTokenSql.REVOKE_SESSION_FAMILIES)
        .execute(Tuple.of(sessionId, tenantId, utc(now), reason))
        .compose(rows -> {
          Future<Void> chain = Future.succeededFuture();
          for (Row row : rows) {
            UUID familyId = row.getUUID("id");
            chain = chain.compose(v -> conn.preparedQuery(RefreshTokenSql.FORGET_ALL_SUCCESSORS)
                .execute(Tuple.of(familyId, tenantId))
                .mapEmpty());
          }
          return chain.map(v -> rows.size());
        });
  }

  private static Instant instant(OffsetDateTime value) {
    return value == null ? null : value.toInstant();
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
