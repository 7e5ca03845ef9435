package io.olympus.common.authz;

/** Event-bus addresses of the platform's authorization service and the events that invalidate caches. */
public final class AuthzAddresses {

  /**
   * Request {@code {tenant_id, user_id, permission, location_id?, owner_id?}}; replies
   * {@code {allowed, reason}}.
   */
  public static final String CHECK = "platform.authz.check";

  /** Request {@code {tenant_id, user_id}}; replies an {@link EffectivePermissions} JSON. */
  public static final String EFFECTIVE = "platform.authz.effective";

  /** Request {@code {tenant_id, location_id}}; replies {@code {path}} or fails 404. */
  public static final String LOCATION_PATH = "platform.locations.path";

  /** Facts after which cached permissions may be stale. */
  public static final String EVENT_USER_ROLE_CHANGED = "events.user.role_changed";
  public static final String EVENT_ROLE_UPDATED = "events.role.updated";
  public static final String EVENT_LOCATION_MOVED = "events.location.moved";
  public static final String EVENT_LOCATION_DELETED = "events.location.deleted";

  private AuthzAddresses() {}
}
