package io.olympus.auth.session.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Sign-out of every session of a user: revokes their live refresh token families in one statement. */
public final class SessionFamilyRepository {

  static final String REVOKE_ALL = """
      UPDATE auth_refresh_token_families SET revoked_at = now(), revoked_reason = $3
      WHERE tenant_id = $1 AND user_id = $2 AND revoked_at IS NULL AND expires_at > now()
      RETURNING session_id
      """;

  /** The session ids whose families were revoked. */
  public Future<List<UUID>> revokeAll(SqlConnection conn, UUID tenantId, UUID userId, String reason) {
    return conn.preparedQuery(REVOKE_ALL).execute(Tuple.of(tenantId, userId, reason))
        .map(rows -> {
          List<UUID> ids = new ArrayList<>();
          rows.forEach(row -> ids.add(row.getUUID("session_id")));
          return ids;
        });
  }
}
