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

  /**
   * The tenant administrator's view of users (served by auth, called by the platform). Every request carries
   * {@code tenant_id}; a user of another tenant is answered 404. A user is replied as {@code {id, email,
   * display_name, status ("active"|"deactivated"), email_verified, created_at, updated_at, deactivated_at,
   * last_login_at, last_seen_at}} (timestamps ISO-8601 UTC or null).
   *
   * <p>Request {@code {tenant_id, q?, status?, user_ids?, limit?, cursor?}}: {@code q} matches a substring of the
   * email or display name (case-insensitive, 1 to 100 characters), {@code status} is {@code active} or
   * {@code deactivated}, {@code user_ids} (at most 10,000) restricts to those ids, {@code limit} 1 to 100 (default
   * 50), {@code cursor} the {@code next_cursor} of the previous page. Replies {@code {users: [...], next_cursor}}
   * (creation order; {@code next_cursor} null on the last page). Fails 400 naming the field.
   */
  public static final String USERS_LIST = "auth.users.list";

  /** Request {@code {tenant_id, user_id}}; replies the user or fails 404. */
  public static final String USERS_GET = "auth.users.get";

  /**
   * Request {@code {tenant_id, user_id, display_name, actor}}; changes the profile (display name, 1 to 100
   * characters), audits it and writes {@code user.updated} through the outbox in the same transaction; replies the
   * user. Fails 400 naming the field, 404. {@code actor} is {@code {type, id, ip, request_id}} (as
   * {@code io.olympus.common.audit.Actor}) and is recorded in the audit entry.
   */
  public static final String USERS_UPDATE = "auth.users.update";

  /**
   * Request {@code {tenant_id, user_id, owner_ids?, actor}}: marks the user deactivated (audit + outbox
   * {@code user.deactivated} in one transaction), then revokes every refresh-token family and session of the user
   * (every service refuses their access tokens from then on; sign-in answers as for a wrong password; their API keys
   * stop verifying and {@link #EVENT_API_KEY_REVOKED} drops cached ones). Idempotent:
   * deactivating a deactivated user revokes again and replies the user. {@code owner_ids} are the users holding the
   * owner role: the request fails 409 when the user is one of them and no other of them stays active (checked under
   * row locks, so two concurrent requests cannot deactivate the last two owners). Fails 404, 409.
   */
  public static final String USERS_DEACTIVATE = "auth.users.deactivate";

  /**
   * Request {@code {tenant_id, user_id, actor}}: makes the user active again (audit + outbox
   * {@code user.reactivated}); they sign in again with their password. Fails 404, or 403 {@code quota-exceeded}
   * when the plan's user limit is reached. Idempotent.
   */
  public static final String USERS_REACTIVATE = "auth.users.reactivate";

  /** Request {@code {tenant_id}}; replies {@code {active, deactivated}} (user counts of the tenant). */
  public static final String USERS_COUNT = "auth.users.count";

  /** Published when signing keys change: services reload the JWKS. */
  public static final String EVENT_KEYS_ROTATED = "events.auth.keys_rotated";

  /**
   * Published when an API key is revoked ({@code {tenant_id, api_key_id, revoked_by}}), or when a user is deactivated
   * ({@code {tenant_id, user_id, reason: "user_deactivated"}}: their keys stop verifying): services drop cached keys.
   */
  public static final String EVENT_API_KEY_REVOKED = "events.api_key.revoked";

  private AuthAddresses() {}
}
