package io.olympus.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.common.audit.Actor;
import io.olympus.common.event.Uuids;
import io.olympus.common.testing.TestAuthority;
import io.olympus.common.testing.TestInfra;
import io.olympus.platform.location.Location;
import io.olympus.platform.location.LocationRepository;
import io.olympus.platform.location.LocationService;
import io.olympus.platform.location.NewLocation;
import io.olympus.platform.rbac.NewRole;
import io.olympus.platform.rbac.RbacService;
import io.olympus.platform.rbac.Role;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The no-escalation rules of roles and assignments, attacked through the HTTP API as a tenant administrator would:
 * nobody grants, defines or inherits a role holding permissions they do not hold (at the assignment's scope); only an
 * owner grants or removes owner; the last active owner keeps role and account; a non-owner cannot deactivate an
 * owner. And the allowed paths still work.
 */
@ExtendWith(VertxExtension.class)
class RoleEscalationTest {

  private static final UUID OWNER = RbacService.OWNER_ROLE;
  private static final UUID ADMIN = UUID.fromString("00000000-0000-7000-8000-000000000102");
  private static final UUID MANAGER = UUID.fromString("00000000-0000-7000-8000-000000000103");
  private static final UUID STAFF = UUID.fromString("00000000-0000-7000-8000-000000000104");

  private PlatformHttpHarness platform;
  private Pool ownerPool;
  private WebClient client;
  private TestAuthority authority;
  private RbacService rbac;
  private UUID acme;
  private UUID globex;
  private final UUID owner = Uuids.v7();
  private final UUID admin = Uuids.v7();
  private final UUID clerk = Uuids.v7();
  private final UUID globexUser = Uuids.v7();

  @BeforeEach
  void setUp(Vertx vertx) {
    platform = PlatformHttpHarness.start(vertx);
    ownerPool = TestInfra.get().ownerPool(vertx);
    client = platform.client;
    authority = platform.authority;
    rbac = platform.rbac;
    acme = platform.acme;
    globex = platform.globex;
    rbac.assign(acme, owner, OWNER, null, Actor.SYSTEM).await();
    rbac.assign(acme, admin, ADMIN, null, Actor.SYSTEM).await();
    platform.users.add(acme, owner);
    platform.users.add(acme, admin);
    platform.users.add(acme, clerk);
    platform.users.add(globex, globexUser);
  }

  @AfterEach
  void tearDown(Vertx vertx) {
    ownerPool.close().await();
    platform.close(vertx);
  }

  @Test
  void adminCannotAssignItselfTheOwnerRole() {
    HttpResponse<Buffer> response = assign(adminToken(), admin, OWNER, null);

    assertForbidden(response, "owner");
    assertThat(roleKeysOf(admin)).containsExactly("admin");
  }

  @Test
  void adminCannotCreateARoleHoldingTenantOrBillingManage() {
    HttpResponse<Buffer> response = post("/api/v1/roles", adminToken(), new JsonObject().put("key", "takeover")
        .put("name", "Takeover").put("permissions", new JsonArray().add("tenant:manage").add("billing:manage")
            .add("products:read")));

    assertForbidden(response, "tenant:manage");
    assertThat(response.bodyAsJsonObject().getString("detail")).contains("billing:manage")
        .doesNotContain("products:read");
    assertThat(customRoleCount()).isZero();
  }

  @Test
  void adminCannotCreateARoleInheritingFromOwner() {
    HttpResponse<Buffer> response = post("/api/v1/roles", adminToken(), new JsonObject().put("key", "heir")
        .put("name", "Heir").put("parent_role_id", OWNER.toString()));

    assertForbidden(response, "owner");
    assertThat(customRoleCount()).isZero();
  }

  @Test
  void adminCannotUpdateAnExistingRoleToHoldWhatItLacks() {
    Role clerkRole = rbac.createRole(acme, NewRole.fromJson(new JsonObject().put("key", "clerk").put("name", "Clerk")
        .put("permissions", new JsonArray().add("products:read"))), Actor.SYSTEM).await();
    String path = "/api/v1/roles/" + clerkRole.id();

    HttpResponse<Buffer> addPermission = patch(path, adminToken(), new JsonObject()
        .put("permissions", new JsonArray().add("products:read").add("billing:manage")));
    HttpResponse<Buffer> inheritOwner = patch(path, adminToken(), new JsonObject().put("parent_role_id", OWNER.toString()));

    assertForbidden(addPermission, "billing:manage");
    assertForbidden(inheritOwner, "owner");
    Role unchanged = rbac.roles(acme).await().stream().filter(r -> r.id().equals(clerkRole.id())).findFirst().orElseThrow();
    assertThat(unchanged.permissions()).containsExactly("products:read");
    assertThat(unchanged.parentRoleId()).isNull();
  }

  @Test
  void adminCannotChangeARoleThatAlreadyHoldsWhatItLacks() {
    Role billing = rbac.createRole(acme, NewRole.fromJson(new JsonObject().put("key", "billing").put("name", "Billing")
        .put("permissions", new JsonArray().add("billing:manage"))), Actor.SYSTEM).await();

    HttpResponse<Buffer> response = patch("/api/v1/roles/" + billing.id(), adminToken(), new JsonObject()
        .put("permissions", new JsonArray().add("products:read")));

    assertForbidden(response, "billing:manage");
  }

  @Test
  void adminCannotRemoveTheOwnerRoleFromTheLastOwner() {
    HttpResponse<Buffer> response = delete("/api/v1/users/" + owner + "/roles/" + OWNER, adminToken());

    assertForbidden(response, "owner");
    assertThat(roleKeysOf(owner)).containsExactly("owner");
  }

  @Test
  void theLastActiveOwnerCannotLoseTheOwnerRoleEvenByAnOwner() {
    // a second owner whose account is deactivated does not count
    UUID formerOwner = Uuids.v7();
    rbac.assign(acme, formerOwner, OWNER, null, Actor.SYSTEM).await();
    platform.users.add(acme, formerOwner);
    platform.users.deactivate(acme, formerOwner);

    HttpResponse<Buffer> response = delete("/api/v1/users/" + owner + "/roles/" + OWNER, ownerToken());

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(409);
    assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(response.bodyAsJsonObject().getString("detail")).contains("last active owner");
    assertThat(roleKeysOf(owner)).containsExactly("owner");
  }

  @Test
  void adminCannotDeactivateAnOwner() {
    HttpResponse<Buffer> response = post("/api/v1/users/" + owner + "/deactivate", adminToken(), new JsonObject());

    assertForbidden(response, "owner");
    assertThat(platform.users.status(acme, owner)).isEqualTo("active");
  }

  @Test
  void theOwnerDoesAllOfIt() {
    HttpResponse<Buffer> grantOwner = assign(ownerToken(), admin, OWNER, null);
    HttpResponse<Buffer> powerful = post("/api/v1/roles", ownerToken(), new JsonObject().put("key", "finance")
        .put("name", "Finance").put("permissions", new JsonArray().add("billing:manage").add("tenant:manage")));
    HttpResponse<Buffer> heir = post("/api/v1/roles", ownerToken(), new JsonObject().put("key", "heir")
        .put("name", "Heir").put("parent_role_id", OWNER.toString()));
    HttpResponse<Buffer> updated = patch("/api/v1/roles/" + powerful.bodyAsJsonObject().getString("id"), ownerToken(),
        new JsonObject().put("parent_role_id", ADMIN.toString()));
    // two owners now: the first may step down, and the former admin (an owner now) may deactivate an owner
    HttpResponse<Buffer> stepDown = delete("/api/v1/users/" + owner + "/roles/" + OWNER, ownerToken());
    HttpResponse<Buffer> regrant = assign(authority.bearer(acme, admin, List.of("owner")), owner, OWNER, null);
    HttpResponse<Buffer> deactivate = post("/api/v1/users/" + owner + "/deactivate",
        authority.bearer(acme, admin, List.of("owner")), new JsonObject());

    assertThat(grantOwner.statusCode()).as(grantOwner.bodyAsString()).isEqualTo(201);
    assertThat(powerful.statusCode()).as(powerful.bodyAsString()).isEqualTo(201);
    assertThat(heir.statusCode()).as(heir.bodyAsString()).isEqualTo(201);
    assertThat(updated.statusCode()).as(updated.bodyAsString()).isEqualTo(200);
    assertThat(stepDown.statusCode()).as(stepDown.bodyAsString()).isEqualTo(204);
    assertThat(regrant.statusCode()).as(regrant.bodyAsString()).isEqualTo(201);
    assertThat(deactivate.statusCode()).as(deactivate.bodyAsString()).isEqualTo(200);
    assertThat(platform.users.status(acme, owner)).isEqualTo("deactivated");
  }

  @Test
  void adminGrantsManagerAndStaffAndDefinesRolesWithinItsOwnPermissions() {
    HttpResponse<Buffer> manager = assign(adminToken(), clerk, MANAGER, null);
    HttpResponse<Buffer> staff = assign(adminToken(), clerk, STAFF, null);
    HttpResponse<Buffer> role = post("/api/v1/roles", adminToken(), new JsonObject().put("key", "merch")
        .put("name", "Merchandiser").put("parent_role_id", STAFF.toString())
        .put("permissions", new JsonArray().add("products:write").add("users:manage")));
    HttpResponse<Buffer> removed = delete("/api/v1/users/" + clerk + "/roles/" + STAFF, adminToken());

    assertThat(manager.statusCode()).as(manager.bodyAsString()).isEqualTo(201);
    assertThat(staff.statusCode()).as(staff.bodyAsString()).isEqualTo(201);
    assertThat(role.statusCode()).as(role.bodyAsString()).isEqualTo(201);
    assertThat(removed.statusCode()).as(removed.bodyAsString()).isEqualTo(204);
    assertThat(roleKeysOf(clerk)).containsExactly("manager");
  }

  @Test
  void aGrantorHoldingPermissionsAtOneLocationGrantsThemThereOnly() {
    LocationService locations = new LocationService(platform.pool, new LocationRepository());
    Location north = locations.create(acme, NewLocation.fromJson(new JsonObject().put("code", "north").put("name", "N")),
        Actor.SYSTEM).await();
    Role people = rbac.createRole(acme, NewRole.fromJson(new JsonObject().put("key", "people").put("name", "People")
        .put("permissions", new JsonArray().add("users:manage").add("users:read"))), Actor.SYSTEM).await();
    UUID regional = Uuids.v7();
    rbac.assign(acme, regional, people.id(), null, Actor.SYSTEM).await();
    rbac.assign(acme, regional, MANAGER, north.id(), Actor.SYSTEM).await();
    String token = authority.bearer(acme, regional, List.of("people"));

    HttpResponse<Buffer> atNorth = assign(token, clerk, STAFF, north.id());
    HttpResponse<Buffer> tenantWide = assign(token, clerk, STAFF, null);

    assertThat(atNorth.statusCode()).as(atNorth.bodyAsString()).isEqualTo(201);
    assertForbidden(tenantWide, "products:read");
    assertThat(tenantWide.bodyAsJsonObject().getString("detail")).contains("tenant-wide");
  }

  @Test
  void assignmentsToUnknownOrAnotherTenantsUsersAnswer404NamingTheUser() {
    UUID unknown = Uuids.v7();

    HttpResponse<Buffer> toUnknown = assign(ownerToken(), unknown, STAFF, null);
    HttpResponse<Buffer> toOtherTenant = assign(ownerToken(), globexUser, STAFF, null);

    assertThat(toUnknown.statusCode()).isEqualTo(404);
    assertThat(toUnknown.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(toUnknown.bodyAsJsonObject().getString("detail")).contains("user_id");
    assertThat(toOtherTenant.statusCode()).isEqualTo(404);
    assertThat(roleKeysOf(unknown)).isEmpty();
    assertThat(roleKeysOf(globexUser)).isEmpty();
  }

  @Test
  void permissionsOfUnknownOrAnotherTenantsUsersAnswer404() {
    HttpResponse<Buffer> unknown = get("/api/v1/users/" + Uuids.v7() + "/permissions", ownerToken());
    HttpResponse<Buffer> otherTenant = get("/api/v1/users/" + globexUser + "/permissions", ownerToken());
    HttpResponse<Buffer> known = get("/api/v1/users/" + admin + "/permissions", ownerToken());

    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(otherTenant.statusCode()).isEqualTo(404);
    assertThat(known.statusCode()).isEqualTo(200);
    assertThat(known.bodyAsJsonObject().getJsonArray("permissions").getList()).contains("users:manage")
        .doesNotContain("tenant:manage");
  }

  private String ownerToken() {
    return authority.bearer(acme, owner, List.of("owner"));
  }

  private String adminToken() {
    return authority.bearer(acme, admin, List.of("admin"));
  }

  private HttpResponse<Buffer> assign(String bearer, UUID user, UUID role, UUID location) {
    JsonObject body = new JsonObject().put("role_id", role.toString());
    if (location != null) {
      body.put("location_id", location.toString());
    }
    return post("/api/v1/users/" + user + "/roles", bearer, body);
  }

  private static void assertForbidden(HttpResponse<Buffer> response, String named) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(403);
    assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(response.bodyAsJsonObject().getString("detail")).contains(named);
  }

  private List<String> roleKeysOf(UUID user) {
    return ownerPool.withConnection(conn -> conn.preparedQuery("SELECT r.key FROM user_roles ur JOIN roles r ON r.id = ur.role_id "
            + "WHERE ur.user_id = $1 ORDER BY r.key").execute(Tuple.of(user)))
        .map(rows -> {
          List<String> keys = new ArrayList<>();
          rows.forEach(row -> keys.add(row.getString(0)));
          return keys;
        }).await();
  }

  private long customRoleCount() {
    return ownerPool.withConnection(conn -> conn
            .query("SELECT count(*) FROM roles WHERE NOT built_in").execute())
        .map(rows -> rows.iterator().next().getLong(0)).await();
  }

  private HttpResponse<Buffer> post(String path, String bearer, JsonObject body) {
    return client.post(path).putHeader("Authorization", bearer).sendJsonObject(body).await();
  }

  private HttpResponse<Buffer> patch(String path, String bearer, JsonObject body) {
    return client.patch(path).putHeader("Authorization", bearer).sendJsonObject(body).await();
  }

  private HttpResponse<Buffer> delete(String path, String bearer) {
    return client.delete(path).putHeader("Authorization", bearer).send().await();
  }

  private HttpResponse<Buffer> get(String path, String bearer) {
    return client.get(path).putHeader("Authorization", bearer).send().await();
  }
}
