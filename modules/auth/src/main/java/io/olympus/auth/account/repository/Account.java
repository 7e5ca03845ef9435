package io.olympus.auth.account.repository;

import java.util.List;
import java.util.UUID;

/** A user as the sign-in flows see it; {@code active} is false for a deactivated account (it cannot sign in). */
public record Account(
    UUID id,
    UUID tenantId,
    String email,
    String displayName,
    String passwordHash,
    boolean emailVerified,
    List<String> roles,
    boolean active) {

  public Account {
    roles = List.copyOf(roles);
  }

  @Override
  public String toString() {
    return "Account[id=" + id + ", tenantId=" + tenantId + ", emailVerified=" + emailVerified + "]";
  }
}
