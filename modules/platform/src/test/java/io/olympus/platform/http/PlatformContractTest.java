package io.olympus.platform.http;

import io.olympus.common.account.FakeOwnerSignUp;
import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.common.audit.Actor;
import io.olympus.common.event.Uuids;
import io.olympus.common.testing.TestAuthority;
import io.olympus.platform.rbac.RbacService;
import io.olympus.platform.tenant.TenantRepository;
import io.olympus.platform.tenant.TenantService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.impl.Utils;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Real responses of the platform's main operations validated against the response schemas of
 * {@code openapi/platform.yaml}, made strict for the test: an object schema that lists its properties
 * accepts no other property, so a field the service returns but the contract does not describe fails.
 */
@ExtendWith(VertxExtension.class)
class PlatformContractTest {

  private static final UUID OWNER = UUID.fromString("00000000-0000-7000-8000-000000000101");
  private static final UUID STAFF = UUID.fromString("00000000-0000-7000-8000-000000000104");

  private Vertx vertx;
  private Pool pool;
  private PlatformHttpHarness platform;
  private WebClient client;
  private TestAuthority authority;
  private ResponseValidator validator;
  private UUID acme;
  private UUID globex;
  private final UUID acmeOwner = Uuids.v7();
  private final List<String> problems = new ArrayList<>();

  @BeforeEach
  void setUp(Vertx vertx) throws IOException {
    this.vertx = vertx;
    platform = PlatformHttpHarness.start(vertx);
    pool = platform.pool;
    client = platform.client;
    authority = platform.authority;
    acme = platform.acme;
    globex = platform.globex;
    RbacService rbac = platform.rbac;
    rbac.assign(acme, acmeOwner, OWNER, null, Actor.SYSTEM).await();
    validator = ResponseValidator.create(vertx, OpenAPIContract.from(vertx, strict(contractDocument())).await());
  }

  @AfterEach
  void tearDown() {
    platform.close(vertx);
  }

  @Test
  void mainResponsesMatchTheDocumentedSchemas() {
    String owner = authority.bearer(acme, acmeOwner, List.of("owner"));
    String admin = authority.bearer(acme, Uuids.v7(), List.of("system_admin"));
    FakeOwnerSignUp.install(vertx);

    check("signUpTenant", 201, call(HttpMethod.POST, "/api/v1/tenants", null, new JsonObject().put("slug", "initech")
        .put("name", "Initech").put("owner", new JsonObject().put("email", "bill@initech.example")
            .put("password", "a long enough passphrase"))));
    check("listPlans", 200, call(HttpMethod.GET, "/api/v1/plans", null, null));
    check("listTenants", 200, call(HttpMethod.GET, "/api/v1/tenants", owner, null));
    check("listTenants", 200, call(HttpMethod.GET, "/api/v1/tenants?limit=1", admin, null));
    check("getTenant", 200, call(HttpMethod.GET, "/api/v1/tenants/" + acme, owner, null));
    check("updateTenant", 200, call(HttpMethod.PATCH, "/api/v1/tenants/" + acme, owner, new JsonObject()
        .put("billing_email", "billing@acme.example").put("billing_address", new JsonObject().put("city", "Berlin"))
        .put("tax_id", "DE123")));
    check("getTenantUsage", 200, call(HttpMethod.GET, "/api/v1/tenants/" + acme + "/usage", owner, null));
    check("suspendTenant", 200, call(HttpMethod.POST, "/api/v1/tenants/" + globex + "/suspend", admin, new JsonObject()));
    check("reactivateTenant", 200, call(HttpMethod.POST, "/api/v1/tenants/" + globex + "/reactivate", admin,
        new JsonObject()));
    new TenantService(pool, new TenantRepository()).softDelete(globex).await();
    check("restoreTenant", 200, call(HttpMethod.POST, "/api/v1/tenants/" + globex + "/restore", admin, new JsonObject()));

    check("listRoles", 200, call(HttpMethod.GET, "/api/v1/roles", owner, null));
    JsonObject role = check("createRole", 201, call(HttpMethod.POST, "/api/v1/roles", owner, new JsonObject()
        .put("key", "clerk").put("name", "Clerk").put("parent_role_id", STAFF.toString())
        .put("permissions", new JsonArray().add("locations:read"))));
    check("updateRole", 200, call(HttpMethod.PATCH, "/api/v1/roles/" + role.getString("id"), owner, new JsonObject()
        .put("permissions", new JsonArray().add("locations:read").add("flags:manage"))));
    UUID clerk = Uuids.v7();
    platform.users.add(acme, clerk);
    check("assignUserRole", 201, call(HttpMethod.POST, "/api/v1/users/" + clerk + "/roles", owner, new JsonObject()
        .put("role_id", role.getString("id"))));
    check("assignUserRole", 200, call(HttpMethod.POST, "/api/v1/users/" + clerk + "/roles", owner, new JsonObject()
        .put("role_id", role.getString("id"))));
    check("getUserPermissions", 200, call(HttpMethod.GET, "/api/v1/users/" + clerk + "/permissions", owner, null));
    check("getMyPermissions", 200, call(HttpMethod.GET, "/api/v1/me/permissions", owner, null));

    JsonObject north = check("createLocation", 201, call(HttpMethod.POST, "/api/v1/locations", owner, new JsonObject()
        .put("code", "north").put("name", "North").put("kind", "region")));
    JsonObject store = check("createLocation", 201, call(HttpMethod.POST, "/api/v1/locations", owner, new JsonObject()
        .put("code", "n1").put("name", "North 1").put("parent_id", north.getString("id"))
        .put("address", new JsonObject().put("street", "Main 1")).put("tax_region", "DE-BE")));
    check("listLocations", 200, call(HttpMethod.GET, "/api/v1/locations?limit=1", owner, null));
    check("getLocation", 200, call(HttpMethod.GET, "/api/v1/locations/" + store.getString("id"), owner, null));
    check("getLocationSubtree", 200, call(HttpMethod.GET, "/api/v1/locations/" + north.getString("id") + "/subtree",
        owner, null));
    check("moveLocation", 200, call(HttpMethod.POST, "/api/v1/locations/" + store.getString("id") + "/move", owner,
        new JsonObject().putNull("parent_id")));

    check("putFlag", 200, call(HttpMethod.PUT, "/api/v1/flags/checkout.v2", owner, new JsonObject().put("enabled", true)
        .put("rollout_percent", 12.5).put("variants", new JsonArray()
            .add(new JsonObject().put("key", "a").put("weight", 1)).add(new JsonObject().put("key", "b").put("weight", 1)))
        .put("target_roles", new JsonArray().add("owner"))));
    check("listFlags", 200, call(HttpMethod.GET, "/api/v1/flags", owner, null));
    check("evaluateFlags", 200, call(HttpMethod.POST, "/api/v1/flags/evaluate", owner, new JsonObject()));

    check("getSettings", 200, call(HttpMethod.GET, "/api/v1/settings", owner, null));
    check("updateSettings", 200, call(HttpMethod.PATCH, "/api/v1/settings", owner, new JsonObject()
        .put("store.timezone", "Europe/Berlin")));
    check("listAuditEntries", 200, call(HttpMethod.GET, "/api/v1/audit?limit=5", owner, null));
    check("verifyAuditChain", 200, call(HttpMethod.GET, "/api/v1/audit/verify", owner, null));

    check("putGlobalSetting", 200, call(HttpMethod.PUT, "/api/v1/admin/settings/store.default_currency", admin,
        new JsonObject().put("value", "EUR")));
    check("listGlobalSettings", 200, call(HttpMethod.GET, "/api/v1/admin/settings", admin, null));
    check("getGlobalSetting", 200, call(HttpMethod.GET, "/api/v1/admin/settings/signup.enabled", admin, null));
    check("listSystemAuditEntries", 200, call(HttpMethod.GET, "/api/v1/admin/audit", admin, null));
    check("verifySystemAuditChain", 200, call(HttpMethod.GET, "/api/v1/admin/audit/verify", admin, null));

    assertThat(problems).isEmpty();
  }

  @Test
  void noSuccessResponseIsDocumentedAsABareObject() throws IOException {
    JsonObject paths = contractDocument().getJsonObject("paths");
    List<String> loose = new ArrayList<>();
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        JsonObject responses = item.getJsonObject(method).getJsonObject("responses", new JsonObject());
        for (String status : responses.fieldNames()) {
          JsonObject schema = responses.getJsonObject(status).getJsonObject("content", new JsonObject())
              .getJsonObject("application/json", new JsonObject()).getJsonObject("schema");
          if (status.startsWith("2") && schema != null && !schema.containsKey("$ref")
              && !schema.containsKey("properties") && "object".equals(schema.getValue("type"))) {
            loose.add(method.toUpperCase() + " " + path + " " + status);
          }
        }
      }
    }
    assertThat(loose).isEmpty();
  }

  private HttpResponse<Buffer> call(HttpMethod method, String path, String bearer, JsonObject body) {
    var request = client.request(method, path);
    if (bearer != null) {
      request.putHeader("Authorization", bearer);
    }
    return (body == null ? request.send() : request.sendJsonObject(body)).await();
  }

  /** Records a problem unless the response has the status and its body matches the operation's schema. */
  private JsonObject check(String operationId, int status, HttpResponse<Buffer> response) {
    if (response.statusCode() != status) {
      problems.add(operationId + ": status " + response.statusCode() + " " + response.bodyAsString());
      return new JsonObject();
    }
    Map<String, String> headers = new HashMap<>();
    response.headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
    ValidatableResponse validatable = ValidatableResponse.create(status, headers, response.body(),
        response.getHeader("Content-Type"));
    Throwable failure = validator.validate(validatable, operationId)
        .transform(ar -> Future.succeededFuture(ar.cause()))
        .await();
    if (failure != null) {
      problems.add(operationId + " " + status + ": " + failure.getMessage() + " in " + response.bodyAsString());
    }
    return response.bodyAsJsonObject();
  }

  private static JsonObject contractDocument() throws IOException {
    try (InputStream in = PlatformContractTest.class.getResourceAsStream("/openapi/platform.yaml")) {
      return Utils.yamlStringToJson(new String(in.readAllBytes(), StandardCharsets.UTF_8)).result();
    }
  }

  /**
   * The document for response validation: only JSON response bodies (problem+json and YAML are not
   * validated here), no security requirements, and every object schema with properties closed.
   */
  private static JsonObject strict(JsonObject document) {
    document.remove("security");
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        JsonObject operation = item.getJsonObject(method);
        operation.remove("security");
        onlyJson(operation.getJsonObject("responses", new JsonObject()));
      }
    }
    onlyJson(document.getJsonObject("components").getJsonObject("responses"));
    close(document.getJsonObject("components").getJsonObject("schemas"));
    close(paths);
    return document;
  }

  private static void onlyJson(JsonObject responses) {
    for (String status : responses.fieldNames()) {
      JsonObject content = responses.getJsonObject(status).getJsonObject("content");
      if (content != null) {
        content.fieldNames().removeIf(type -> !type.equals("application/json"));
      }
    }
  }

  private static void close(Object node) {
    if (node instanceof JsonObject object) {
      if (object.containsKey("properties") && !object.containsKey("additionalProperties")) {
        object.put("additionalProperties", false);
      }
      object.forEach(entry -> close(entry.getValue()));
    } else if (node instanceof JsonArray array) {
      array.forEach(PlatformContractTest::close);
    }
  }
}
