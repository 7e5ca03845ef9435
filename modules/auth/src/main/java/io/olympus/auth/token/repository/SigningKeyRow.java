package io.olympus.auth.token.repository;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** One stored signing key: public JWK in clear, private key encrypted ({@code privateKeyEnc}). */
public record SigningKeyRow(
    String kid,
    String algorithm,
    JsonObject publicJwk,
    byte[] privateKeyEnc,
    Instant createdAt,
    Instant retireAfter,
    Instant expiresAt) {}
