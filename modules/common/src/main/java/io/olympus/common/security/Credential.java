package io.olympus.common.security;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * A kind of credential an operation accepts, as its OpenAPI document declares it: each names a security scheme
 * ({@code components.securitySchemes}), and an operation's {@code security} lists the schemes it accepts.
 */
public enum Credential {

  /** A user's JWT access token, {@code Authorization: Bearer <jwt>} (scheme {@code type: http, scheme: bearer}). */
  ACCESS_TOKEN,

  /**
   * An API key, {@code X-Api-Key: olym_...} or {@code Authorization: Bearer olym_...} (scheme {@code type: apiKey,
   * in: header, name: X-Api-Key}).
   */
  API_KEY;

  /** Either kind. */
  public static final Set<Credential> ANY = Collections.unmodifiableSet(EnumSet.allOf(Credential.class));

  /** The header of {@link #API_KEY}. */
  public static final String API_KEY_HEADER = "X-Api-Key";

  /** Whether {@code principal} authenticated with this kind of credential. */
  public boolean matches(Principal principal) {
    return principal.isApiKey() == (this == API_KEY);
  }
}
