package io.olympus.platform.tenant;

import io.olympus.common.audit.Actor;
import io.olympus.common.bus.BusClient;
import io.olympus.common.account.OwnerSignUp;
import io.olympus.common.account.OwnerSignUpClient;
import io.olympus.common.db.Tenancy;
import io.olympus.common.error.FieldError;
import io.olympus.common.error.ValidationException;
import io.olympus.common.event.Uuids;
import io.olympus.common.json.JsonInput;
import io.olympus.platform.PlatformChanges;
import io.olympus.platform.rbac.RbacRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tenant sign-up across services: the tenant and its owner's role assignment are created in one
 * platform transaction for a user id chosen here; the auth service then creates that user and signs
 * them in. If auth refuses (a weak password, say) or cannot be reached, the tenant is deleted and
 * purged, so a failure half way leaves nothing behind.
 */
public final class TenantSignUp {

  private static final Logger LOG = LoggerFactory.getLogger(TenantSignUp.class);
  static final UUID OWNER_ROLE = UUID.fromString("00000000-0000-7000-8000-000000000101");

  private final BusClient bus;
  private final Pool pool;
  private final TenantRepository tenants;
  private final TenantService tenantService;
  private final RbacRepository rbac = new RbacRepository();

  public TenantSignUp(BusClient bus, Pool pool, TenantRepository tenants, TenantService tenantService) {
    this.bus = bus;
    this.pool = pool;
    this.tenants = tenants;
    this.tenantService = tenantService;
  }

  /** Owner fields of a sign-up request, checked for presence and shape (the auth service applies its policy). */
  record Owner(String email, String password, String displayName) {

    static Owner fromJson(Object raw) {
      JsonInput in = new JsonInput(raw instanceof JsonObject json ? json : new JsonObject());
      if (!(raw instanceof JsonObject)) {
        in.error("owner", "is required");
      }
      String email = in.requiredString("email", 3, 254);
      String password = in.requiredString("password", 1, 1024);
      String displayName = in.optionalString("display_name", 1, 200);
      try {
        in.validate();
      } catch (ValidationException e) {
        throw prefixed(e);
      }
      return new Owner(email, password, displayName);
    }
  }

  /** Signs up; replies {@code {tenant, user_id, access_token, refresh_token, ...}}. */
  public Future<JsonObject> signUp(JsonObject request, String requestId) {
    NewTenant tenant = NewTenant.fromJson(request);
    Owner owner = Owner.fromJson(request.getValue("owner"));
    UUID tenantId = Uuids.v7();
    UUID userId = Uuids.v7();
    Actor actor = new Actor("user", userId.toString(), null, requestId);
    return Tenancy.inTenant(pool, tenantId, conn -> tenants.planExists(conn, tenant.plan())
            .compose(exists -> exists
                ? tenants.insert(conn, tenantId, tenant.slug(), tenant.name(), tenant.plan(), tenant.billingEmail())
                : Future.failedFuture(new ValidationException("plan", "must be one of free, starter, pro, enterprise")))
            .compose(created -> rbac.assign(conn, tenantId, userId, OWNER_ROLE, null, userId)
                .compose(v -> PlatformChanges.record(conn, tenantId, actor, "tenant.create", "tenant",
                    tenantId.toString(), created.toJson(), "tenant.created"))
                .map(v -> created)))
        .compose(created -> registerOwner(tenantId, userId, owner, requestId)
            .map(tokens -> tokens.copy().put("tenant", created.toJson()).put("user_id", userId.toString()))
            .recover(err -> undo(tenantId, err)));
  }

  private Future<JsonObject> registerOwner(UUID tenantId, UUID userId, Owner owner, String requestId) {
    String displayName = owner.displayName() != null ? owner.displayName() : owner.email().split("@", 2)[0];
    // hashes the owner's password and writes the user: slower than a lookup, so a longer deadline of its own
    return new OwnerSignUpClient(bus)
        .registerOwner(new OwnerSignUp.NewOwner(tenantId, userId, owner.email(), owner.password(), displayName, requestId))
        .map(OwnerSignUp.SignedIn::toJson);
  }

  private Future<JsonObject> undo(UUID tenantId, Throwable cause) {
    LOG.info("sign-up of tenant {} failed in the auth service ({}); removing the tenant", tenantId, cause.getMessage());
    Throwable reported = cause instanceof ValidationException v ? prefixed(v) : cause;
    return tenantService.softDelete(tenantId, Actor.SYSTEM)
        .compose(v -> new TenantPurger(pool).purge(tenantId))
        .transform(ar -> {
          if (ar.failed()) {
            LOG.error("could not remove tenant {} after a failed sign-up", tenantId, ar.cause());
          }
          return Future.failedFuture(reported);
        });
  }

  /** Field errors of the owner's data are reported as {@code owner.<field>}. */
  static ValidationException prefixed(ValidationException e) {
    return new ValidationException(e.detail(), e.errors().stream()
        .map(f -> new FieldError(f.field().startsWith("owner") ? f.field() : "owner." + f.field(), f.message()))
        .toList());
  }
}
