package io.olympus.auth.user.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An auth user of one tenant. {@code passwordHash} is the Argon2id PHC string, or null for password-less users. */
public record User(
    UUID id,
    UUID tenantId,
    String email,
    String passwordHash,
    boolean emailVerified,
    List<String> roles,
    Instant createdAt) {

  public User {
    roles = List.copyOf(roles);
  }

  @Override
  public String toString() {
    return "User[id=" + id + ", tenantId=" + tenantId + ", emailVerified=" + emailVerified + ", roles=" + roles + "]";
  }
}
