package io.olympus.common.tenant;

/** Event-bus addresses served by the platform service for tenants. */
public final class TenantAddresses {

  /** Request {@code {"slug": "..."}} or {@code {"id": "..."}}; replies a {@link TenantInfo} JSON or fails 404. */
  public static final String RESOLVE = "platform.tenants.resolve";

  /** Published facts that change what a cached {@link TenantInfo} says. */
  public static final String EVENT_UPDATED = "events.tenant.updated";
  public static final String EVENT_DELETED = "events.tenant.deleted";

  private TenantAddresses() {}
}
