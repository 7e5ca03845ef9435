package io.olympus.common.authz;

import io.olympus.common.testing.ServiceHarness;
import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.common.bus.BusContract;
import io.olympus.common.error.NotFoundException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every consumer of {@link Authz} relies on, asked through {@link AuthzClient} over the bus. Run against the
 * platform's real RBAC ({@code AuthzServerContractTest}, platform module) and against {@link FakeAuthz}
 * ({@code FakeAuthzContractTest}, common), so the fake cannot drift from the service.
 */
public abstract class AuthzContract extends BusContract {

  protected static final String PERMISSION = "products:write";
  protected static final String OTHER_PERMISSION = "inventory:write";

  /** A tenant of the implementation (blocking). */
  protected abstract UUID givenTenant();

  /** A location of the tenant under {@code parentId} (null: top level) (blocking). */
  protected abstract UUID givenLocation(UUID tenantId, UUID parentId);

  /** The user holds {@code permission} tenant-wide ({@code locationId} null) or over the location's subtree (blocking). */
  protected abstract void givenGrant(UUID tenantId, UUID userId, String permission, UUID locationId);

  private AuthzClient client() {
    return new AuthzClient(ServiceHarness.bus(vertx));
  }

  @Test
  public void shouldReturnNoGrantsForAUserWithoutRoles(VertxTestContext ctx) {
    UUID tenant = givenTenant();
    UUID user = UUID.randomUUID();

    expect(ctx, client().effective(tenant, user), permissions -> {
      assertThat(permissions.tenantId()).isEqualTo(tenant);
      assertThat(permissions.userId()).isEqualTo(user);
      assertThat(permissions.grants()).isEmpty();
    });
  }

  @Test
  public void shouldReturnATenantWideGrant(VertxTestContext ctx) {
    UUID tenant = givenTenant();
    UUID user = UUID.randomUUID();
    givenGrant(tenant, user, PERMISSION, null);

    expect(ctx, client().effective(tenant, user),
        permissions -> assertThat(permissions.grants()).containsExactly(new PermissionGrant(PERMISSION, null, null)));
  }

  @Test
  public void shouldScopeALocationGrantToThePathOfItsLocation(VertxTestContext ctx) {
    UUID tenant = givenTenant();
    UUID location = givenLocation(tenant, null);
    UUID user = UUID.randomUUID();
    givenGrant(tenant, user, PERMISSION, location);

    expect(ctx, Future.all(client().effective(tenant, user), client().locationPath(tenant, location)), both -> {
      EffectivePermissions permissions = both.resultAt(0);
      assertThat(permissions.grants()).containsExactly(new PermissionGrant(PERMISSION, location, both.resultAt(1)));
    });
  }

  @Test
  public void shouldKeepGrantsWithinTheirTenant(VertxTestContext ctx) {
    UUID tenant = givenTenant();
    UUID other = givenTenant();
    UUID user = UUID.randomUUID();
    givenGrant(tenant, user, PERMISSION, null);

    expect(ctx, client().effective(other, user), permissions -> assertThat(permissions.grants()).isEmpty());
  }

  @Test
  public void shouldGiveADescendantAPathUnderItsAncestor(VertxTestContext ctx) {
    UUID tenant = givenTenant();
    UUID region = givenLocation(tenant, null);
    UUID store = givenLocation(tenant, region);
    UUID sibling = givenLocation(tenant, null);

    expect(ctx, Future.all(client().locationPath(tenant, region), client().locationPath(tenant, store),
        client().locationPath(tenant, sibling)), paths -> {
          String regionPath = paths.resultAt(0);
          assertThat((String) paths.resultAt(1)).startsWith(regionPath).isNotEqualTo(regionPath);
          assertThat((String) paths.resultAt(2)).doesNotStartWith(regionPath);
        });
  }

  @Test
  public void shouldFailNotFoundForAnUnknownLocation(VertxTestContext ctx) {
    UUID tenant = givenTenant();

    expectFailure(ctx, client().locationPath(tenant, UUID.randomUUID()),
        err -> assertThat(err).isInstanceOf(NotFoundException.class));
  }

  @Test
  public void shouldFailNotFoundForALocationOfAnotherTenant(VertxTestContext ctx) {
    UUID tenant = givenTenant();
    UUID other = givenTenant();
    UUID location = givenLocation(other, null);

    expectFailure(ctx, client().locationPath(tenant, location), err -> assertThat(err).isInstanceOf(NotFoundException.class));
  }

  @Test
  public void shouldAllowATenantWidePermissionAndDenyAnother(VertxTestContext ctx) {
    UUID tenant = givenTenant();
    UUID user = UUID.randomUUID();
    givenGrant(tenant, user, PERMISSION, null);

    expect(ctx, Future.all(client().check(new Authz.Check(tenant, user, PERMISSION, null, null)),
        client().check(new Authz.Check(tenant, user, OTHER_PERMISSION, null, null))), both -> {
          assertThat(((Decision) both.resultAt(0)).allowed()).isTrue();
          Decision denied = both.resultAt(1);
          assertThat(denied.allowed()).isFalse();
          assertThat(denied.reason()).contains(OTHER_PERMISSION);
        });
  }

  @Test
  public void shouldAllowALocationGrantInItsSubtreeOnly(VertxTestContext ctx) {
    UUID tenant = givenTenant();
    UUID region = givenLocation(tenant, null);
    UUID store = givenLocation(tenant, region);
    UUID elsewhere = givenLocation(tenant, null);
    UUID user = UUID.randomUUID();
    givenGrant(tenant, user, PERMISSION, region);

    expect(ctx, Future.all(client().check(new Authz.Check(tenant, user, PERMISSION, store, null)),
        client().check(new Authz.Check(tenant, user, PERMISSION, elsewhere, null)),
        client().check(new Authz.Check(tenant, user, PERMISSION, null, null))), all -> {
          assertThat(((Decision) all.resultAt(0)).allowed()).as("inside the subtree").isTrue();
          assertThat(((Decision) all.resultAt(1)).allowed()).as("another subtree").isFalse();
          assertThat(((Decision) all.resultAt(2)).allowed()).as("tenant-wide").isFalse();
        });
  }

  @Test
  public void shouldAllowReadingOnesOwnRecords(VertxTestContext ctx) {
    UUID tenant = givenTenant();
    UUID user = UUID.randomUUID();

    expect(ctx, Future.all(client().check(new Authz.Check(tenant, user, "orders:read", null, user)),
        client().check(new Authz.Check(tenant, user, "orders:read", null, UUID.randomUUID()))), both -> {
          assertThat(((Decision) both.resultAt(0)).allowed()).isTrue();
          assertThat(((Decision) both.resultAt(1)).allowed()).isFalse();
        });
  }

  @Test
  public void shouldAnswerWithTheDocumentedFieldNames(VertxTestContext ctx) {
    UUID tenant = givenTenant();
    UUID location = givenLocation(tenant, null);
    UUID user = UUID.randomUUID();
    givenGrant(tenant, user, PERMISSION, location);
    JsonObject ids = new JsonObject().put("tenant_id", tenant.toString()).put("user_id", user.toString());

    expect(ctx, Future.all(raw(AuthzAddresses.EFFECTIVE, ids),
        raw(AuthzAddresses.CHECK, ids.copy().put("permission", PERMISSION)),
        raw(AuthzAddresses.LOCATION_PATH, new JsonObject().put("tenant_id", tenant.toString())
            .put("location_id", location.toString()))), all -> {
          JsonObject effective = all.resultAt(0);
          assertThat(effective.fieldNames()).containsExactlyInAnyOrder("tenant_id", "user_id", "grants");
          assertThat(effective.getJsonArray("grants").getJsonObject(0).fieldNames())
              .containsExactlyInAnyOrder("permission", "location_id", "scope_path");
          assertThat(((JsonObject) all.resultAt(1)).fieldNames()).containsExactlyInAnyOrder("allowed", "reason");
          assertThat(((JsonObject) all.resultAt(2)).fieldNames()).containsExactly("path");
        });
  }

  @Test
  public void shouldRefuseMalformedRequestsNamingTheField(VertxTestContext ctx) {
    expect(ctx, Future.all(
            raw(AuthzAddresses.EFFECTIVE, new JsonObject().put("tenant_id", "nope").put("user_id", UUID.randomUUID().toString()))
                .transform(ar -> Future.succeededFuture(fields(ar.cause()))),
            raw(AuthzAddresses.CHECK, new JsonObject().put("tenant_id", UUID.randomUUID().toString())
                .put("user_id", UUID.randomUUID().toString()))
                .transform(ar -> Future.succeededFuture(fields(ar.cause()))),
            raw(AuthzAddresses.LOCATION_PATH, new JsonObject().put("tenant_id", UUID.randomUUID().toString()))
                .transform(ar -> Future.succeededFuture(fields(ar.cause())))),
        all -> {
          assertThat(all.<List<String>>resultAt(0)).containsExactly("tenant_id");
          assertThat(all.<List<String>>resultAt(1)).containsExactly("permission");
          assertThat(all.<List<String>>resultAt(2)).containsExactly("location_id");
        });
  }
}
