package io.olympus.platform.rbac;

import io.olympus.common.security.Principal;
import java.util.List;
import java.util.UUID;

/**
 * Who changes roles or assignments, for the no-escalation rules: a user (their current permissions), an API key
 * (its scopes within its creator's current permissions) or the system (tenant sign-up, fixtures: no limits).
 */
public record Grantor(UUID userId, List<String> apiKeyScopes, boolean system) {

  /** Trusted internal callers: nothing is checked. */
  public static final Grantor SYSTEM = new Grantor(null, null, true);

  public Grantor {
    apiKeyScopes = apiKeyScopes == null ? null : List.copyOf(apiKeyScopes);
  }

  /** The caller of a request: a user, or an API key acting for its creator with its scopes. */
  public static Grantor of(Principal principal) {
    return new Grantor(principal.userId(), principal.isApiKey() ? principal.scopes() : null, false);
  }

  public boolean isApiKey() {
    return apiKeyScopes != null;
  }
}
