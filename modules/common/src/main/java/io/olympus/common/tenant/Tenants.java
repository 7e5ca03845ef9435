package io.olympus.common.tenant;

import io.olympus.common.error.ValidationException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * The platform's tenant contract, as every other service sees it. Implemented by the platform (served on the bus by
 * {@link TenantBusAdapter}), by {@link TenantClient} for the consumers, and by the shared fake in common's test-jar.
 *
 * <p>Wire format of {@link TenantAddresses#RESOLVE}: request {@code {"slug": "acme"}} or {@code {"id": "<uuid>"}}
 * ({@code id} wins when both are given); reply the tenant {@code {id, slug, name, plan, status,
 * api_requests_per_minute, ip_allow: [cidr…], ip_deny: [cidr…], max_products}} ({@link TenantInfo#toJson()}).
 * Failures (failure code = HTTP status, message = JSON problem, {@code io.olympus.common.bus.BusErrors}): 404 for
 * an unknown or deleted tenant; 400 naming {@code id} (not a UUID) or {@code slug} (neither given).
 */
public interface Tenants {

  /** The tenant with this slug; fails with NotFoundException when there is none. */
  Future<TenantInfo> bySlug(String slug);

  /** The tenant with this id; fails with NotFoundException when there is none (or it is deleted). */
  Future<TenantInfo> byId(UUID id);

  /** The request of {@link TenantAddresses#RESOLVE}: exactly one of {@code slug} and {@code id}. */
  record Lookup(String slug, UUID id) {

    public static Lookup ofSlug(String slug) {
      return new Lookup(slug, null);
    }

    public static Lookup ofId(UUID id) {
      return new Lookup(null, id);
    }

    public JsonObject toJson() {
      return id != null ? new JsonObject().put("id", id.toString()) : new JsonObject().put("slug", slug);
    }

    /** Decodes a request; ValidationException naming {@code id} or {@code slug}. */
    public static Lookup fromJson(JsonObject json) {
      if (json.getValue("id") instanceof String id) {
        try {
          return ofId(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
          throw new ValidationException("id", "must be a UUID");
        }
      }
      if (json.getValue("slug") instanceof String slug) {
        return ofSlug(slug);
      }
      throw new ValidationException("slug", "slug or id is required");
    }
  }
}
