package io.olympus.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.common.audit.Actor;
import io.olympus.common.event.Uuids;
import io.olympus.common.testing.TestAuthority;
import io.olympus.platform.rbac.RbacService;
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
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Global settings and the system audit chain under {@code /api/v1/admin}, for system administrators only. */
@ExtendWith(VertxExtension.class)
class AdminRoutesTest {

  private static final UUID OWNER = UUID.fromString("00000000-0000-7000-8000-000000000101");

  private Pool pool;
  private PlatformHttpHarness platform;
  private WebClient client;
  private TestAuthority authority;
  private UUID acme;
  private UUID globex;
  private final UUID acmeOwner = Uuids.v7();
  private final UUID globexOwner = Uuids.v7();
  private final UUID adminUser = Uuids.v7();

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
    rbac.assign(globex, globexOwner, OWNER, null, Actor.SYSTEM).await();
  }

  @AfterEach
  void tearDown(Vertx vertx) {
    platform.close(vertx);
  }

  private String admin() {
    return authority.bearer(acme, adminUser, List.of("system_admin"));
  }

  private String acmeOwnerToken() {
    return authority.bearer(acme, acmeOwner, List.of("owner"));
  }

  private String globexOwnerToken() {
    return authority.bearer(globex, globexOwner, List.of("owner"));
  }

  private HttpResponse<Buffer> get(String path, String bearer) {
    return client.get(path).putHeader("Authorization", bearer).send().await();
  }

  private HttpResponse<Buffer> put(String path, String bearer, JsonObject body) {
    return client.put(path).putHeader("Authorization", bearer).sendJsonObject(body).await();
  }

  private HttpResponse<Buffer> delete(String path, String bearer) {
    return client.delete(path).putHeader("Authorization", bearer).send().await();
  }

  @Test
  void tenantRolesGet403AndOnlySystemAdministratorsReachGlobalSettings() {
    HttpResponse<Buffer> ownerList = get("/api/v1/admin/settings", acmeOwnerToken());
    HttpResponse<Buffer> ownerPut = put("/api/v1/admin/settings/store.timezone", acmeOwnerToken(),
        new JsonObject().put("value", "Europe/Berlin"));
    HttpResponse<Buffer> ownerAudit = get("/api/v1/admin/audit", acmeOwnerToken());
    HttpResponse<Buffer> anonymous = client.get("/api/v1/admin/settings").send().await();
    HttpResponse<Buffer> adminList = get("/api/v1/admin/settings", admin());

    assertThat(ownerList.statusCode()).isEqualTo(403);
    assertThat(ownerList.bodyAsJsonObject().getString("detail")).contains("system_admin");
    assertThat(ownerPut.statusCode()).isEqualTo(403);
    assertThat(ownerAudit.statusCode()).isEqualTo(403);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(adminList.statusCode()).isEqualTo(200);
    JsonArray items = adminList.bodyAsJsonObject().getJsonArray("items");
    assertThat(items.stream().map(i -> ((JsonObject) i).getString("key")))
        .contains("store.default_currency", "audit.retention_days", "signup.enabled");
    assertThat(items.stream().allMatch(i -> !((JsonObject) i).getBoolean("overridden"))).isTrue();
    assertThat(get("/api/v1/admin/settings/store.timezone", acmeOwnerToken()).statusCode()).isEqualTo(403);
  }

  @Test
  void aGlobalValueIsTheDefaultOfEveryTenantWithoutItsOwnValue() {
    HttpResponse<Buffer> set = put("/api/v1/admin/settings/store.default_currency", admin(),
        new JsonObject().put("value", "EUR"));
    client.patch("/api/v1/settings").putHeader("Authorization", acmeOwnerToken())
        .sendJsonObject(new JsonObject().put("store.default_currency", "GBP")).await();

    assertThat(set.statusCode()).isEqualTo(200);
    assertThat(set.bodyAsJsonObject().getValue("value")).isEqualTo("EUR");
    assertThat(set.bodyAsJsonObject().getValue("default_value")).isEqualTo("USD");
    assertThat(set.bodyAsJsonObject().getBoolean("overridden")).isTrue();
    assertThat(set.bodyAsJsonObject().getString("updated_by")).isEqualTo(adminUser.toString());
    assertThat(settingOf(globexOwnerToken(), "store.default_currency")).isEqualTo("EUR");
    assertThat(settingOf(acmeOwnerToken(), "store.default_currency")).isEqualTo("GBP");

    HttpResponse<Buffer> reset = delete("/api/v1/admin/settings/store.default_currency", admin());

    assertThat(reset.statusCode()).isEqualTo(204);
    assertThat(settingOf(globexOwnerToken(), "store.default_currency")).isEqualTo("USD");
    assertThat(settingOf(acmeOwnerToken(), "store.default_currency")).isEqualTo("GBP");
    assertThat(get("/api/v1/admin/settings/store.default_currency", admin()).bodyAsJsonObject()
        .getBoolean("overridden")).isFalse();
  }

  @Test
  void badGlobalValuesGet400NamingTheFieldAndNothingIsWritten() {
    HttpResponse<Buffer> unknownKey = put("/api/v1/admin/settings/no.such", admin(), new JsonObject().put("value", 1));
    HttpResponse<Buffer> badCurrency = put("/api/v1/admin/settings/store.default_currency", admin(),
        new JsonObject().put("value", "XYZ"));
    HttpResponse<Buffer> wrongType = put("/api/v1/admin/settings/orders.auto_cancel_minutes", admin(),
        new JsonObject().put("value", "60"));
    HttpResponse<Buffer> outOfRange = put("/api/v1/admin/settings/audit.retention_days", admin(),
        new JsonObject().put("value", 1));
    HttpResponse<Buffer> missing = put("/api/v1/admin/settings/signup.enabled", admin(), new JsonObject());
    HttpResponse<Buffer> nullValue = put("/api/v1/admin/settings/signup.enabled", admin(),
        new JsonObject().putNull("value"));
    HttpResponse<Buffer> malformed = client.put("/api/v1/admin/settings/signup.enabled")
        .putHeader("Authorization", admin()).putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer("{\"value\": ")).await();

    assertThat(unknownKey.statusCode()).isEqualTo(400);
    assertThat(fields(unknownKey)).containsExactly("key");
    for (HttpResponse<Buffer> bad : List.of(badCurrency, wrongType, outOfRange, missing, nullValue)) {
      assertThat(bad.statusCode()).as(bad.bodyAsString()).isEqualTo(400);
      assertThat(fields(bad)).containsExactly("value");
    }
    assertThat(wrongType.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("message"))
        .contains("integer from 5 to 10080");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(get("/api/v1/admin/settings/no.such", admin()).statusCode()).isEqualTo(404);
    assertThat(delete("/api/v1/admin/settings/no.such", admin()).statusCode()).isEqualTo(404);
    assertThat(get("/api/v1/admin/settings", admin()).bodyAsJsonObject().getJsonArray("items").stream()
        .noneMatch(i -> ((JsonObject) i).getBoolean("overridden"))).isTrue();
    assertThat(get("/api/v1/admin/audit", admin()).bodyAsJsonObject().getJsonArray("items")).isEmpty();
  }

  @Test
  void everyGlobalChangeIsAuditedInTheSystemChainNotInATenantsChain() {
    put("/api/v1/admin/settings/audit.retention_days", admin(), new JsonObject().put("value", 400));
    put("/api/v1/admin/settings/audit.retention_days", admin(), new JsonObject().put("value", 500));
    delete("/api/v1/admin/settings/audit.retention_days", admin());

    JsonArray entries = get("/api/v1/admin/audit", admin()).bodyAsJsonObject().getJsonArray("items");
    JsonObject verify = get("/api/v1/admin/audit/verify", admin()).bodyAsJsonObject();
    JsonArray acmeEntries = get("/api/v1/audit?resource_type=global_setting", acmeOwnerToken()).bodyAsJsonObject()
        .getJsonArray("items");

    assertThat(entries.stream().map(e -> ((JsonObject) e).getString("action")))
        .containsExactly("global_setting.reset", "global_setting.update", "global_setting.update");
    JsonObject second = entries.getJsonObject(1);
    assertThat(second.getString("actor_id")).isEqualTo(adminUser.toString());
    assertThat(second.getString("resource_id")).isEqualTo("audit.retention_days");
    assertThat(second.getString("request_id")).isNotBlank();
    assertThat(second.getJsonObject("changes")).isEqualTo(new JsonObject().put("value", 500).put("previous", 400));
    assertThat(entries.getJsonObject(0).getJsonObject("changes").getValue("previous")).isEqualTo(500);
    assertThat(verify.getBoolean("intact")).isTrue();
    assertThat(verify.getLong("checked")).isEqualTo(3);
    assertThat(acmeEntries).isEmpty();
  }

  @Test
  void closingSignUpGloballyRefusesNewTenants() {
    put("/api/v1/admin/settings/signup.enabled", admin(), new JsonObject().put("value", false));

    HttpResponse<Buffer> closed = client.post("/api/v1/tenants").sendJsonObject(new JsonObject()
        .put("slug", "initech").put("name", "Initech")
        .put("owner", new JsonObject().put("email", "bill@initech.example").put("password", "a long passphrase"))).await();

    assertThat(closed.statusCode()).isEqualTo(403);
    assertThat(closed.bodyAsJsonObject().getString("detail")).contains("signup.enabled");
    assertThat(new TenantService(pool, new TenantRepository()).resolveSlug("initech").otherwiseEmpty().await()).isNull();
  }

  private String settingOf(String bearer, String key) {
    return get("/api/v1/settings", bearer).bodyAsJsonObject().getString(key);
  }

  private static List<Object> fields(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonArray("errors", new JsonArray()).stream()
        .map(e -> ((JsonObject) e).getValue("field")).toList();
  }
}
