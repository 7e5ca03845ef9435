package io.olympus.auth.token.service;

import java.util.List;
import java.util.UUID;

/** What an access token says about its holder; the issuer adds iss, aud, iat, exp, jti and typ. */
public record AccessTokenClaims(
    UUID userId,
    UUID tenantId,
    UUID sessionId,
    List<String> roles,
    List<String> scopes,
    List<String> amr,
    boolean emailVerified) {

  public AccessTokenClaims {
    roles = List.copyOf(roles);
    scopes = List.copyOf(scopes);
    amr = List.copyOf(amr);
  }
}
