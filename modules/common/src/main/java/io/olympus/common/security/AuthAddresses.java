package io.olympus.common.security;

/** Event-bus addresses served by the auth service for every other service. */
public final class AuthAddresses {

  /** Request {@code {}}; replies the JWKS ({@code {"keys": [...]}}) of every key whose tokens may still be live. */
  public static final String JWKS = "auth.jwks";

  /**
   * Request {@code {"key": "olym_..."}}; replies a {@link Principal} JSON (amr {@code api_key}, the key's
   * scopes) or fails 401.
   */
  public static final String VERIFY_API_KEY = "auth.api_keys.verify";

  /**
   * Request {@code {tenant_id, user_id?, email, password, display_name}}: creates the tenant's owner (email
   * verified) with the given user id (the platform has already assigned it the owner role) and replies the
   * login token response ({@code access_token, token_type, expires_in, refresh_token, session_id, user_id});
   * fails 400 (bad input, weak password) or 409 (email taken). Used by the platform's tenant sign-up.
   */
  public static final String REGISTER_OWNER = "auth.users.register_owner";

  /** Published when signing keys change: services reload the JWKS. */
  public static final String EVENT_KEYS_ROTATED = "events.auth.keys_rotated";

  /** Published when an API key is revoked: services drop it from their caches. */
  public static final String EVENT_API_KEY_REVOKED = "events.api_key.revoked";

  private AuthAddresses() {}
}
