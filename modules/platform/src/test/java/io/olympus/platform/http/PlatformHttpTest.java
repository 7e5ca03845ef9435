package io.olympus.platform.http;

import io.olympus.common.account.FakeOwnerSignUp;
import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.common.audit.Actor;
import io.olympus.common.authz.AuthzAddresses;
import io.olympus.common.event.Uuids;
import io.olympus.common.testing.TestAuthority;
import io.olympus.common.testing.TestInfra;
import io.olympus.platform.location.Location;
import io.olympus.platform.location.LocationRepository;
import io.olympus.platform.location.LocationService;
import io.olympus.platform.location.NewLocation;
import io.olympus.platform.rbac.NewRole;
import io.olympus.platform.rbac.RbacRepository;
import io.olympus.platform.rbac.RbacService;
import io.olympus.platform.rbac.Role;
import io.olympus.platform.tenant.NewTenant;
import io.olympus.platform.tenant.TenantRepository;
import io.olympus.platform.tenant.TenantService;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The platform's HTTP API with real tokens (signed by {@link TestAuthority}), real RBAC over the event
 * bus and the real database. Each test reads as a short script; set-up awaits are on the test thread.
 */
@ExtendWith(VertxExtension.class)
class PlatformHttpTest {

  private static final UUID OWNER = UUID.fromString("00000000-0000-7000-8000-000000000101");
  private static final UUID STAFF = UUID.fromString("00000000-0000-7000-8000-000000000104");

  private Pool pool;
  private PlatformHttpHarness platform;
  private WebClient client;
  private TestAuthority authority;
  private UUID acme;
  private UUID globex;
  private final UUID acmeOwner = Uuids.v7();
  private final UUID acmeStaff = Uuids.v7();
  private final UUID globexOwner = Uuids.v7();

  @BeforeEach
  void setUp(Vertx vertx) {
    platform = PlatformHttpHarness.start(vertx);
    pool = platform.pool;
    client = platform.client;
    authority = platform.authority;
    acme = platform.acme;
    globex = platform.globex;
    RbacService rbac = platform.rbac;
    rbac.assign(acme, acmeOwner, OWNER, null, Actor.SYSTEM).await();
    rbac.assign(acme, acmeStaff, STAFF, null, Actor.SYSTEM).await();
    rbac.assign(globex, globexOwner, OWNER, null, Actor.SYSTEM).await();
  }

  @AfterEach
  void tearDown(Vertx vertx) {
    platform.close(vertx);
  }

  private String ownerToken() {
    return authority.bearer(acme, acmeOwner, List.of("owner"));
  }

  private HttpResponse<Buffer> post(String path, String bearer, JsonObject body) {
    return client.post(path).putHeader("Authorization", bearer).sendJsonObject(body).await();
  }

  private HttpResponse<Buffer> get(String path, String bearer) {
    return client.get(path).putHeader("Authorization", bearer).send().await();
  }

  @Test
  void ownerManagesLocationsAndEveryChangeIsAudited() {
    HttpResponse<Buffer> north = post("/api/v1/locations", ownerToken(),
        new JsonObject().put("code", "north").put("name", "North").put("kind", "region"));
    assertThat(north.statusCode()).isEqualTo(201);
    assertThat(north.getHeader("Location")).startsWith("/api/v1/locations/");
    String northId = north.bodyAsJsonObject().getString("id");
    HttpResponse<Buffer> store = post("/api/v1/locations", ownerToken(),
        new JsonObject().put("code", "n1").put("name", "North 1").put("parent_id", northId));
    assertThat(store.statusCode()).isEqualTo(201);

    HttpResponse<Buffer> subtree = get("/api/v1/locations/" + northId + "/subtree", ownerToken());
    assertThat(subtree.statusCode()).isEqualTo(200);
    assertThat(subtree.bodyAsJsonObject().getJsonArray("items")).hasSize(2);

    HttpResponse<Buffer> audit = get("/api/v1/audit?resource_type=location", ownerToken());
    assertThat(audit.statusCode()).isEqualTo(200);
    JsonArray entries = audit.bodyAsJsonObject().getJsonArray("items");
    assertThat(entries).hasSize(2);
    assertThat(entries.getJsonObject(0).getString("actor_id")).isEqualTo(acmeOwner.toString());
    assertThat(entries.getJsonObject(0).getString("request_id")).isNotBlank();
    HttpResponse<Buffer> verify = get("/api/v1/audit/verify", ownerToken());
    assertThat(verify.bodyAsJsonObject().getBoolean("intact")).isTrue();
  }

  @Test
  void staffWithoutUsersManageGets403NamingThePermission() {
    HttpResponse<Buffer> response = post("/api/v1/users/" + Uuids.v7() + "/roles",
        authority.bearer(acme, acmeStaff, List.of("staff")), new JsonObject().put("role_id", STAFF.toString()));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(response.bodyAsJsonObject().getString("detail")).contains("users:manage");
  }

  @Test
  void locationScopedManagerIsRefusedOutsideTheSubtree() {
    LocationService locations = new LocationService(pool, new LocationRepository());
    Location north = locations.create(acme, NewLocation.fromJson(new JsonObject().put("code", "north").put("name", "N")),
        Actor.SYSTEM).await();
    Location south = locations.create(acme, NewLocation.fromJson(new JsonObject().put("code", "south").put("name", "S")),
        Actor.SYSTEM).await();
    RbacService rbac = new RbacService(pool, new RbacRepository());
    Role regional = rbac.createRole(acme, NewRole.fromJson(new JsonObject().put("key", "regional").put("name", "Regional")
        .put("permissions", new JsonArray().add("locations:manage").add("locations:read"))), Actor.SYSTEM).await();
    UUID manager = Uuids.v7();
    rbac.assign(acme, manager, regional.id(), north.id(), Actor.SYSTEM).await();
    String token = authority.bearer(acme, manager, List.of("regional"));

    HttpResponse<Buffer> inside = post("/api/v1/locations", token,
        new JsonObject().put("code", "n1").put("name", "N1").put("parent_id", north.id().toString()));
    HttpResponse<Buffer> outside = post("/api/v1/locations", token,
        new JsonObject().put("code", "s1").put("name", "S1").put("parent_id", south.id().toString()));
    HttpResponse<Buffer> readSouth = get("/api/v1/locations/" + south.id(), token);

    assertThat(inside.statusCode()).isEqualTo(201);
    assertThat(outside.statusCode()).isEqualTo(403);
    assertThat(outside.bodyAsJsonObject().getString("detail")).contains("locations:manage");
    assertThat(readSouth.statusCode()).isEqualTo(403);
  }

  @Test
  void anotherTenantsIdsAnswer404NotForbidden() {
    LocationService locations = new LocationService(pool, new LocationRepository());
    Location theirs = locations.create(globex, NewLocation.fromJson(new JsonObject().put("code", "hq").put("name", "HQ")),
        Actor.SYSTEM).await();

    assertThat(get("/api/v1/locations/" + theirs.id(), ownerToken()).statusCode()).isEqualTo(404);
    assertThat(get("/api/v1/tenants/" + globex, ownerToken()).statusCode()).isEqualTo(404);
    assertThat(client.patch("/api/v1/tenants/" + globex).putHeader("Authorization", ownerToken())
        .sendJsonObject(new JsonObject().put("name", "Mine now")).await().statusCode()).isEqualTo(404);
    assertThat(get("/api/v1/tenants/" + acme, ownerToken()).statusCode()).isEqualTo(200);
  }

  @Test
  void staleIfMatchOnTheTenantGets412() {
    HttpResponse<Buffer> read = get("/api/v1/tenants/" + acme, ownerToken());
    String etag = read.getHeader("ETag");

    HttpResponse<Buffer> first = client.patch("/api/v1/tenants/" + acme).putHeader("Authorization", ownerToken())
        .putHeader("If-Match", etag).sendJsonObject(new JsonObject().put("name", "Acme 2")).await();
    HttpResponse<Buffer> stale = client.patch("/api/v1/tenants/" + acme).putHeader("Authorization", ownerToken())
        .putHeader("If-Match", etag).sendJsonObject(new JsonObject().put("name", "Acme 3")).await();

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(stale.statusCode()).isEqualTo(412);
  }

  @Test
  void ifMatchStarUpdatesTheTenantWhateverItsVersion() {
    HttpResponse<Buffer> first = client.patch("/api/v1/tenants/" + acme).putHeader("Authorization", ownerToken())
        .putHeader("If-Match", "*").sendJsonObject(new JsonObject().put("name", "Acme 2")).await();
    HttpResponse<Buffer> second = client.patch("/api/v1/tenants/" + acme).putHeader("Authorization", ownerToken())
        .putHeader("If-Match", "*").sendJsonObject(new JsonObject().put("name", "Acme 3")).await();

    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(200);
    assertThat(second.statusCode()).as(second.bodyAsString()).isEqualTo(200);
    assertThat(second.getHeader("ETag")).isNotEqualTo(first.getHeader("ETag"));
    assertThat(get("/api/v1/tenants/" + acme, ownerToken()).bodyAsJsonObject().getString("name")).isEqualTo("Acme 3");
  }

  @Test
  void ifMatchThatIsNoEntityTagGets400NamingTheHeaderAndAForeignTagGets412() {
    HttpResponse<Buffer> garbage = client.patch("/api/v1/tenants/" + acme).putHeader("Authorization", ownerToken())
        .putHeader("If-Match", "version-1").sendJsonObject(new JsonObject().put("name", "Acme 2")).await();
    HttpResponse<Buffer> foreign = client.patch("/api/v1/tenants/" + acme).putHeader("Authorization", ownerToken())
        .putHeader("If-Match", "\"abc\"").sendJsonObject(new JsonObject().put("name", "Acme 3")).await();

    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(garbage.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("If-Match");
    assertThat(foreign.statusCode()).isEqualTo(412);
    assertThat(get("/api/v1/tenants/" + acme, ownerToken()).bodyAsJsonObject().getString("name")).isNotIn("Acme 2", "Acme 3");
  }

  @Test
  void suspendedTenantIsRefusedWith403() {
    new TenantService(pool, new TenantRepository()).setStatus(acme, "suspended", Actor.SYSTEM).await();

    HttpResponse<Buffer> response = get("/api/v1/me/permissions", ownerToken());

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.bodyAsJsonObject().getString("detail")).contains("suspended");
  }

  @Test
  void missingOrForgedTokensGet401WithWwwAuthenticate() {
    HttpResponse<Buffer> none = client.get("/api/v1/me/permissions").send().await();
    HttpResponse<Buffer> forged = get("/api/v1/me/permissions", ownerToken() + "x");

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.getHeader("WWW-Authenticate")).startsWith("Bearer");
    assertThat(forged.statusCode()).isEqualTo(401);
  }

  @Test
  void myPermissionsReflectTheRoleChain() {
    HttpResponse<Buffer> response = get("/api/v1/me/permissions", authority.bearer(acme, acmeStaff, List.of("staff")));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getJsonArray("permissions").getList())
        .contains("orders:read", "products:read").doesNotContain("products:write", "users:manage");
  }

  @Test
  void myPermissionsAreTheEnforcedCopyAndFollowRoleChangesAsTheirEventsArrive(Vertx vertx) throws InterruptedException {
    String staffToken = authority.bearer(acme, acmeStaff, List.of("staff"));
    assertThat(permissionsOf(staffToken)).contains("orders:read").doesNotContain("users:manage");

    // the staff member becomes an owner behind the services' back (no event): the answer stays what the services
    // enforce, their cached copy
    TestInfra.get().executeAsOwner("UPDATE user_roles SET role_id = '" + OWNER + "' WHERE user_id = '" + acmeStaff + "'");
    assertThat(permissionsOf(staffToken)).contains("orders:read").doesNotContain("users:manage");

    // the event every role change publishes (through the outbox relay) drops the tenant's cached copies
    vertx.eventBus().publish(AuthzAddresses.EVENT_USER_ROLE_CHANGED, new JsonObject().put("tenant_id", acme.toString()));
    List<Object> fresh = permissionsOf(staffToken);
    for (int attempt = 0; attempt < 60 && !fresh.contains("users:manage"); attempt++) {
      Thread.sleep(50); // delivered on the service's event loop: bounded wait, far below the cache's lifetime
      fresh = permissionsOf(staffToken);
    }
    assertThat(fresh).contains("users:manage", "orders:read");
  }

  private List<Object> permissionsOf(String bearer) {
    HttpResponse<Buffer> response = get("/api/v1/me/permissions", bearer);
    assertThat(response.statusCode()).isEqualTo(200);
    return response.bodyAsJsonObject().getJsonArray("permissions").getList();
  }

  @Test
  void badInputGets400NamingTheFields() {
    HttpResponse<Buffer> badFields = post("/api/v1/locations", ownerToken(),
        new JsonObject().put("code", "ok").put("name", "Ok").put("timezone", "Mars/Olympus").put("currency", "XYZ"));
    HttpResponse<Buffer> wrongType = post("/api/v1/locations", ownerToken(),
        new JsonObject().put("code", 42).put("name", "x"));
    HttpResponse<Buffer> malformed = client.post("/api/v1/locations").putHeader("Authorization", ownerToken())
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{\"code\": ")).await();
    HttpResponse<Buffer> badSettings = client.patch("/api/v1/settings").putHeader("Authorization", ownerToken())
        .sendJsonObject(new JsonObject().put("orders.auto_cancel_minutes", -5).put("nope", true)).await();

    assertThat(badFields.statusCode()).isEqualTo(400);
    assertThat(fields(badFields)).contains("timezone", "currency");
    assertThat(wrongType.statusCode()).isEqualTo(400);
    assertThat(wrongType.bodyAsString()).contains("code");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(badSettings.statusCode()).isEqualTo(400);
    assertThat(fields(badSettings)).contains("orders.auto_cancel_minutes", "nope");
  }

  @Test
  void theTenantPlansApiBudgetAnswers429WithRetryAfter() {
    TestInfra.get().executeAsOwner("INSERT INTO plans (code, name, api_requests_per_minute, position) "
        + "VALUES ('tiny', 'Tiny', 4, 99) ON CONFLICT (code) DO NOTHING");
    UUID tiny = new TenantService(pool, new TenantRepository()).create(NewTenant.fromJson(new JsonObject()
        .put("slug", "tiny-co").put("name", "Tiny").put("plan", "tiny"))).await().id();
    List<String> users = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      users.add(authority.bearer(tiny, Uuids.v7(), List.of("viewer")));
    }

    // each principal may spend 25 % of the tenant's 4 requests a minute: one
    HttpResponse<Buffer> first = get("/api/v1/me/permissions", users.get(0));
    HttpResponse<Buffer> overOwnShare = get("/api/v1/me/permissions", users.get(0));
    List<Integer> others = users.subList(1, 4).stream().map(u -> get("/api/v1/me/permissions", u).statusCode()).toList();
    HttpResponse<Buffer> overTenantBudget = get("/api/v1/me/permissions", users.get(4));

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.getHeader("RateLimit-Limit")).isEqualTo("1");
    assertThat(first.getHeader("RateLimit-Remaining")).isEqualTo("0");
    assertThat(overOwnShare.statusCode()).isEqualTo(429);
    // the refused request did not charge the tenant: three more principals get in, the fifth finds it spent
    assertThat(others).containsExactly(200, 200, 200);
    assertThat(overTenantBudget.statusCode()).isEqualTo(429);
    assertThat(overTenantBudget.getHeader("RateLimit-Limit")).isEqualTo("4");
    assertThat(Long.parseLong(overTenantBudget.getHeader("Retry-After"))).isBetween(1L, 60L);
    assertThat(overTenantBudget.bodyAsJsonObject().getString("type")).isEqualTo("urn:olympus:problem:rate-limited");
  }

  @Test
  void failedSignUpLeavesNothingBehind(Vertx vertx) {
    // the auth service refuses the owner's password (too short for its policy)
    FakeOwnerSignUp.install(vertx);

    HttpResponse<Buffer> response = client.post("/api/v1/tenants").sendJsonObject(new JsonObject()
        .put("slug", "initech").put("name", "Initech")
        .put("owner", new JsonObject().put("email", "bill@initech.example").put("password", "password"))).await();

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(fields(response)).containsExactly("owner.password");
    long left = TestInfra.get().ownerPool(vertx).withConnection(conn -> conn
            .preparedQuery("SELECT (SELECT count(*) FROM tenants WHERE slug = $1) "
                + "+ (SELECT count(*) FROM user_roles ur JOIN tenants t ON t.id = ur.tenant_id WHERE t.slug = $1)")
            .execute(Tuple.of("initech")))
        .map(rows -> rows.iterator().next().getLong(0)).await();
    assertThat(left).isZero();
  }

  @Test
  void signUpWithoutTheAuthServiceAnswers503AndLeavesNothingBehind() {
    HttpResponse<Buffer> response = client.post("/api/v1/tenants").sendJsonObject(new JsonObject()
        .put("slug", "hooli").put("name", "Hooli")
        .put("owner", new JsonObject().put("email", "gavin@hooli.example").put("password", "a long enough passphrase"))).await();

    assertThat(response.statusCode()).isEqualTo(503);
    HttpResponse<Buffer> again = client.get("/api/v1/plans").send().await();
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(new TenantService(pool, new TenantRepository()).resolveSlug("hooli").otherwiseEmpty().await()).isNull();
  }

  @Test
  void onlySystemAdministratorsRestoreADeletedTenant() {
    String globexOwnerToken = authority.bearer(globex, globexOwner, List.of("owner"));
    String systemAdmin = authority.bearer(acme, Uuids.v7(), List.of("system_admin"));
    assertThat(client.delete("/api/v1/tenants/" + globex).putHeader("Authorization", globexOwnerToken).send().await()
        .statusCode()).isEqualTo(204);

    HttpResponse<Buffer> byOwner = post("/api/v1/tenants/" + globex + "/restore", ownerToken(), new JsonObject());
    HttpResponse<Buffer> byAdmin = post("/api/v1/tenants/" + globex + "/restore", systemAdmin, new JsonObject());
    HttpResponse<Buffer> again = post("/api/v1/tenants/" + globex + "/restore", systemAdmin, new JsonObject());
    HttpResponse<Buffer> unknown = post("/api/v1/tenants/" + Uuids.v7() + "/restore", systemAdmin, new JsonObject());
    HttpResponse<Buffer> badId = post("/api/v1/tenants/not-a-uuid/restore", systemAdmin, new JsonObject());

    assertThat(byOwner.statusCode()).isEqualTo(403);
    assertThat(byAdmin.statusCode()).isEqualTo(200);
    assertThat(byAdmin.bodyAsJsonObject().getString("status")).isEqualTo("active");
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(badId.statusCode()).isEqualTo(400);
    assertThat(get("/api/v1/tenants/" + globex, globexOwnerToken).statusCode()).isEqualTo(200);
  }

  private static List<Object> fields(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonArray("errors", new JsonArray()).stream()
        .map(e -> ((JsonObject) e).getValue("field")).toList();
  }
}
