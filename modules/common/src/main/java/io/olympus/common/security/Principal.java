package io.olympus.common.security;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The caller a verified access token speaks for: user, tenant and session, with what the token grants
 * (roles, scopes), how the user authenticated ({@code amr}, RFC 8176) and when the token stops being valid.
 */
public record Principal(
    UUID userId,
    UUID tenantId,
    UUID sessionId,
    List<String> roles,
    List<String> scopes,
    List<String> amr,
    boolean emailVerified,
    String tokenId,
    Instant expiresAt) {

  public Principal {
    roles = List.copyOf(roles);
    scopes = List.copyOf(scopes);
    amr = List.copyOf(amr);
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  public boolean hasScope(String scope) {
    return scopes.contains(scope);
  }
}
