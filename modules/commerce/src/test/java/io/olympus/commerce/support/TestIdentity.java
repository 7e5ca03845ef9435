package io.olympus.commerce.support;

import io.olympus.common.authz.FakeAuthz;
import io.olympus.common.tenant.FakeTenants;
import io.olympus.common.testing.ServiceHarness;
import io.olympus.common.testing.TestAuthority;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Stands in for the auth and platform services on the event bus of a commerce test, with the shared fakes of their
 * contracts (each checked against the real service by its contract suite): {@link TestAuthority} signs the access
 * tokens and answers {@code auth.jwks}, {@link FakeTenants} answers {@code platform.tenants.resolve} for every tenant a
 * token was minted for (active, pro plan, no API budget, no product limit unless {@link #limitProducts set}), and
 * {@link FakeAuthz} answers {@code platform.authz.effective} with the permissions given to {@link #token(UUID, UUID,
 * List)} and {@code platform.locations.path} for the locations given to {@link #location} (404 for any other).
 */
public final class TestIdentity {

  /** Every permission the commerce API checks. */
  public static final List<String> ALL = List.of("products:read", "products:write", "inventory:read", "inventory:write");

  private final TestAuthority authority = new TestAuthority(ServiceHarness.config(Map.of()));
  private final FakeTenants tenants = FakeTenants.inMemory();
  private final FakeAuthz authz = FakeAuthz.inMemory();

  private TestIdentity() {}

  /** Registers the fakes on {@code vertx}'s event bus. */
  public static TestIdentity install(Vertx vertx) {
    TestIdentity identity = new TestIdentity();
    identity.authority.start(vertx).await();
    identity.tenants.serve(vertx);
    identity.authz.serve(vertx);
    return identity;
  }

  /** {@code locationId} becomes a (top-level) location of {@code tenant}; every other id is unknown to the platform. */
  public void location(UUID tenant, UUID locationId) {
    authz.addLocation(tenant, locationId);
  }

  /** The tenant's plan allows {@code max} products from its next resolution on. */
  public void limitProducts(UUID tenant, long max) {
    tenants.limitProducts(tenant, max);
  }

  /** A bearer header for a new user of {@code tenant} holding {@code granted} tenant-wide. */
  /** A new API key of {@code user} in {@code tenant} granting {@code scopes}, verified by the stand-in auth service. */
  public String apiKey(UUID tenant, UUID user, List<String> scopes) {
    return authority.apiKey(tenant, user, scopes);
  }

  public String token(UUID tenant, List<String> granted) {
    return token(tenant, UUID.randomUUID(), granted);
  }

  public String token(UUID tenant, UUID user, List<String> granted) {
    tenants.addActiveIfAbsent(tenant);
    authz.grant(tenant, user, granted);
    return authority.bearer(tenant, user, List.of("manager"));
  }

  /**
   * A bearer header for a new user of {@code tenant} holding {@code granted} tenant-wide and each permission of
   * {@code atLocation} only over its (top-level) location.
   */
  public String token(UUID tenant, List<String> granted, Map<String, UUID> atLocation) {
    UUID user = UUID.randomUUID();
    atLocation.forEach((permission, location) -> {
      authz.addLocation(tenant, location);
      authz.grantAt(tenant, user, permission, location);
    });
    return token(tenant, user, granted);
  }
}
