package io.olympus.auth.token.repository;

/** SQL of the signing-key store; read only by {@link SigningKeyRepository}. */
final class SigningKeySql {

  static final String LOCK = "SELECT pg_advisory_xact_lock(hashtext('auth_signing_keys'))";

  static final String INSERT = """
      INSERT INTO auth_signing_keys (kid, algorithm, public_jwk, private_key_enc, created_at, retire_after, expires_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7)
      """;

  static final String SELECT_VERIFIABLE = """
      SELECT kid, algorithm, public_jwk, private_key_enc, created_at, retire_after, expires_at
      FROM auth_signing_keys
      WHERE expires_at > $1
      ORDER BY created_at DESC, kid DESC
      """;

  static final String RETIRE_OTHERS = """
      UPDATE auth_signing_keys
      SET retire_after = $2, expires_at = LEAST(expires_at, $3)
      WHERE kid <> $1 AND retire_after > $2
      """;

  static final String DELETE_EXPIRED = "DELETE FROM auth_signing_keys WHERE expires_at <= $1";

  private SigningKeySql() {}
}
