package io.olympus.auth.session.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A presented refresh token with its family and user, as read inside the family's lock. */
public record RefreshTokenState(
    UUID familyId,
    int generation,
    Instant rotatedAt,
    byte[] successorEnc,
    UUID userId,
    UUID sessionId,
    List<String> amr,
    int familyGeneration,
    Instant familyExpiresAt,
    Instant familyRevokedAt,
    List<String> roles,
    boolean emailVerified) {

  public boolean rotated() {
    return rotatedAt != null;
  }

  public boolean revoked() {
    return familyRevokedAt != null;
  }
}
