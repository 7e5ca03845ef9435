package io.olympus.auth.token.service;

import io.vertx.core.json.JsonObject;
import java.security.PrivateKey;
import java.time.Instant;

/** A loaded signing key: its kid, algorithm (RS256 or ES256), public JWK, the decrypted private key, and its lifetime. */
public record SigningKey(
    String kid,
    String algorithm,
    JsonObject publicJwk,
    PrivateKey privateKey,
    Instant createdAt,
    Instant retireAfter,
    Instant expiresAt) {

  /** True while the key may sign new tokens. */
  public boolean activeAt(Instant now) {
    return now.isBefore(retireAfter);
  }
}
