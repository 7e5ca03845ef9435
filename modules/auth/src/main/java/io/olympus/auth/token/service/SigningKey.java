package io.olympus.auth.token.service;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.jwt.JWTAuth;
import java.time.Instant;

/** A loaded signing key: its kid, algorithm (RS256 or ES256), public JWK, a signer holding the decrypted private key, and its lifetime. */
public record SigningKey(
    String kid,
    String algorithm,
    JsonObject publicJwk,
    JWTAuth signer,
    Instant createdAt,
    Instant retireAfter,
    Instant expiresAt) {

  /** True while the key may sign new tokens. */
  public boolean activeAt(Instant now) {
    return now.isBefore(retireAfter);
  }
}
