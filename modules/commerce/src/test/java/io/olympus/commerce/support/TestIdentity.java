package io.olympus.commerce.support;

import io.olympus.common.authz.AuthzAddresses;
import io.olympus.common.authz.EffectivePermissions;
import io.olympus.common.authz.PermissionGrant;
import io.olympus.common.bus.BusErrors;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.security.AuthAddresses;
import io.olympus.common.security.TestTokens;
import io.olympus.common.tenant.TenantAddresses;
import io.olympus.common.tenant.TenantInfo;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for the auth and platform services on the event bus of a commerce test: it signs RS256
 * access tokens with its own key, answers {@code auth.jwks} with that key, {@code platform.tenants.resolve}
 * with an active tenant, and {@code platform.authz.effective} with the permissions given to
 * {@link #token(UUID, UUID, List)} (tenant-wide grants, held in memory), and {@code platform.locations.path} for the
 * locations given to {@link #location} (404 for any other).
 */
public final class TestIdentity {

  private static final KeyPair KEYS = TestTokens.newRsaKeyPair();
  private static final String KID = "commerce-test-key";
  private static final String ISSUER = "olympus-auth";
  private static final String AUDIENCE = "olympus";

  private final Map<UUID, List<String>> permissions = new ConcurrentHashMap<>();
  private final Map<UUID, Long> productLimits = new ConcurrentHashMap<>();
  private final Map<String, String> locationPaths = new ConcurrentHashMap<>();
  private final Map<UUID, Map<String, UUID>> scoped = new ConcurrentHashMap<>();

  private TestIdentity() {}

  /** Registers the responders on {@code vertx}'s event bus. */
  public static TestIdentity install(Vertx vertx) {
    TestIdentity identity = new TestIdentity();
    vertx.eventBus().<JsonObject>consumer(AuthAddresses.JWKS, msg -> msg.reply(TestTokens.jwks(KID, KEYS)));
    vertx.eventBus().<JsonObject>consumer(TenantAddresses.RESOLVE, msg -> {
      UUID id = UUID.fromString(msg.body().getString("id"));
      // no API rate budget: the plan limit is not what these tests exercise; no product limit unless set
      msg.reply(new TenantInfo(id, "t-" + id, "Tenant " + id, "pro", "active", 0, null,
          identity.productLimits.getOrDefault(id, 0L)).toJson());
    });
    vertx.eventBus().<JsonObject>consumer(AuthzAddresses.EFFECTIVE, msg -> {
      UUID tenant = UUID.fromString(msg.body().getString("tenant_id"));
      UUID user = UUID.fromString(msg.body().getString("user_id"));
      List<PermissionGrant> grants = new java.util.ArrayList<>(identity.permissions.getOrDefault(user, List.of()).stream()
          .map(p -> new PermissionGrant(p, null, null))
          .toList());
      identity.scoped.getOrDefault(user, Map.of()).forEach((p, location) ->
          grants.add(new PermissionGrant(p, location, "/" + location + "/")));
      msg.reply(new EffectivePermissions(tenant, user, grants).toJson());
    });
    vertx.eventBus().<JsonObject>consumer(AuthzAddresses.LOCATION_PATH, msg -> {
      String path = identity.locationPaths.get(msg.body().getString("tenant_id") + "/" + msg.body().getString("location_id"));
      if (path == null) {
        BusErrors.fail(msg, new NotFoundException("location " + msg.body().getString("location_id") + " not found"));
      } else {
        msg.reply(new JsonObject().put("path", path));
      }
    });
    return identity;
  }

  /** {@code locationId} becomes a (top-level) location of {@code tenant}; every other id is unknown to the platform. */
  public void location(UUID tenant, UUID locationId) {
    locationPaths.put(tenant + "/" + locationId, "/" + locationId + "/");
  }

  /** The tenant's plan allows {@code max} products from its next resolution on. */
  public void limitProducts(UUID tenant, long max) {
    productLimits.put(tenant, max);
  }

  /** A bearer header for a new user of {@code tenant} holding {@code granted} tenant-wide. */
  public String token(UUID tenant, List<String> granted) {
    return token(tenant, UUID.randomUUID(), granted);
  }

  public String token(UUID tenant, UUID user, List<String> granted) {
    permissions.put(user, List.copyOf(granted));
    Instant now = Instant.now();
    JsonObject claims = new JsonObject()
        .put("iss", ISSUER)
        .put("aud", AUDIENCE)
        .put("sub", user.toString())
        .put("tid", tenant.toString())
        .put("sid", UUID.randomUUID().toString())
        .put("roles", new JsonArray().add("manager"))
        .put("amr", new JsonArray().add("pwd"))
        .put("email_verified", true)
        .put("jti", UUID.randomUUID().toString())
        .put("iat", now.getEpochSecond())
        .put("exp", now.plusSeconds(900).getEpochSecond());
    return "Bearer " + TestTokens.rs256(TestTokens.header(KID), claims, KEYS);
  }

  /**
   * A bearer header for a new user of {@code tenant} holding {@code granted} tenant-wide and each permission of
   * {@code atLocation} only over its (top-level) location.
   */
  public String token(UUID tenant, List<String> granted, Map<String, UUID> atLocation) {
    UUID user = UUID.randomUUID();
    scoped.put(user, Map.copyOf(atLocation));
    return token(tenant, user, granted);
  }

  /** Every permission the commerce API checks. */
  public static final List<String> ALL = List.of("products:read", "products:write", "inventory:read", "inventory:write");
}
