package io.olympus.auth.mfa.repository;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * TOTP enrolments ({@code auth_mfa_totp}) and backup codes ({@code auth_mfa_backup_codes}). Every method runs on the
 * caller's tenant transaction and filters by tenant id.
 */
public final class MfaRepository {

  public Future<Optional<TotpEnrolment>> find(SqlConnection conn, UUID tenantId, UUID userId) {
    return conn.preparedQuery(MfaSql.FIND).execute(Tuple.of(tenantId, userId))
        .map(rows -> rows.size() == 0
            ? Optional.<TotpEnrolment>empty()
            : Optional.of(rows.iterator().next()).map(r -> new TotpEnrolment(r.getBuffer("secret_enc").getBytes(),
                r.getValue("confirmed_at") != null, r.getLong("last_step"))));
  }

  /** Stores a pending enrolment; false when a confirmed one exists. */
  public Future<Boolean> upsertPending(SqlConnection conn, UUID tenantId, UUID userId, byte[] secretEnc) {
    return conn.preparedQuery(MfaSql.UPSERT_PENDING)
        .execute(Tuple.of(tenantId, userId, io.vertx.core.buffer.Buffer.buffer(secretEnc)))
        .map(rows -> rows.rowCount() == 1);
  }

  public Future<Boolean> confirm(SqlConnection conn, UUID tenantId, UUID userId, long step) {
    return conn.preparedQuery(MfaSql.CONFIRM).execute(Tuple.of(tenantId, userId, step)).map(rows -> rows.rowCount() == 1);
  }

  /** Records {@code step} as used; false when it (or a later step) was used already. */
  public Future<Boolean> useStep(SqlConnection conn, UUID tenantId, UUID userId, long step) {
    return conn.preparedQuery(MfaSql.USE_STEP).execute(Tuple.of(tenantId, userId, step)).map(rows -> rows.rowCount() == 1);
  }

  /** Removes the authenticator and the backup codes. */
  public Future<Void> delete(SqlConnection conn, UUID tenantId, UUID userId) {
    return conn.preparedQuery(MfaSql.DELETE).execute(Tuple.of(tenantId, userId))
        .compose(v -> conn.preparedQuery(MfaSql.DELETE_CODES).execute(Tuple.of(tenantId, userId)))
        .mapEmpty();
  }

  /** Replaces the user's backup codes with {@code hashes}. */
  public Future<Void> replaceCodes(SqlConnection conn, UUID tenantId, UUID userId, List<byte[]> hashes) {
    List<Tuple> batch = hashes.stream()
        .map(h -> Tuple.of(io.vertx.core.buffer.Buffer.buffer(h), tenantId, userId))
        .toList();
    return conn.preparedQuery(MfaSql.DELETE_CODES).execute(Tuple.of(tenantId, userId))
        .compose(v -> conn.preparedQuery(MfaSql.INSERT_CODE).executeBatch(batch))
        .mapEmpty();
  }

  /** Spends a backup code; false when it is unknown or used. */
  public Future<Boolean> spendCode(SqlConnection conn, UUID tenantId, UUID userId, byte[] hash) {
    return conn.preparedQuery(MfaSql.SPEND_CODE).execute(Tuple.of(io.vertx.core.buffer.Buffer.buffer(hash), tenantId, userId))
        .map(rows -> rows.rowCount() == 1);
  }

  public Future<Long> unusedCodes(SqlConnection conn, UUID tenantId, UUID userId) {
    return conn.preparedQuery(MfaSql.COUNT_CODES).execute(Tuple.of(tenantId, userId))
        .map(rows -> rows.iterator().next().getLong("n"));
  }
}
