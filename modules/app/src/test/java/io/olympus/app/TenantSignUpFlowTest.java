package io.olympus.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.auth.AuthService;
import io.olympus.auth.login.service.MfaGate;
import io.olympus.common.service.ServiceContext;
import io.olympus.common.testing.ContractResponses;
import io.olympus.common.testing.ServiceHarness;
import io.olympus.common.testing.TestInfra;
import io.olympus.platform.PlatformService;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Tenant sign-up through the platform with the real auth service: the owner gets tokens, logs in and administers. */
@ExtendWith(VertxExtension.class)
class TenantSignUpFlowTest {

  private static final String PASSWORD = "correct horse battery staple 42";

  private WebClient auth;
  private WebClient platform;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestInfra.get().truncateAll();
    int authPort = TestPorts.free();
    int platformPort = TestPorts.free();
    ServiceContext context = ServiceHarness.context(vertx, Map.of("AUTH_PORT", Integer.toString(authPort),
        "PLATFORM_PORT", Integer.toString(platformPort)));
    new PlatformService().deploy(vertx, context).await();
    JsonObject settings = new JsonObject().put("AUTH_ARGON2_MEMORY_KIB", "8192").put("AUTH_ARGON2_ITERATIONS", "1");
    new AuthService(settings, MfaGate.NONE).deploy(vertx, context).await();
    auth = ContractResponses.client(vertx, authPort);
    platform = ContractResponses.client(vertx, platformPort);
  }

  @AfterEach
  void tearDown() {
    auth.close();
    platform.close();
  }

  private HttpResponse<Buffer> signUp(String slug, String password) {
    return platform.post("/api/v1/tenants").sendJsonObject(new JsonObject().put("slug", slug).put("name", "Acme")
        .put("plan", "pro").put("owner", new JsonObject().put("email", "owner@" + slug + ".example")
            .put("password", password).put("display_name", "Owner"))).await();
  }

  @Test
  void signedUpOwnerCanLogInAndAdministerTheTenant() {
    HttpResponse<Buffer> created = signUp("acme", PASSWORD);

    assertThat(created.statusCode()).isEqualTo(201);
    JsonObject body = created.bodyAsJsonObject();
    String tenantId = body.getJsonObject("tenant").getString("id");
    assertThat(created.getHeader("Location")).isEqualTo("/api/v1/tenants/" + tenantId);
    assertThat(body.getString("access_token")).isNotBlank();
    assertThat(body.getString("refresh_token")).isNotBlank();

    HttpResponse<Buffer> login = auth.post("/api/v1/auth/login").sendJsonObject(new JsonObject()
        .put("tenant_slug", "acme").put("email", "owner@acme.example").put("password", PASSWORD)).await();
    assertThat(login.statusCode()).isEqualTo(200);
    String bearer = "Bearer " + login.bodyAsJsonObject().getString("access_token");

    HttpResponse<Buffer> permissions = platform.get("/api/v1/me/permissions").putHeader("Authorization", bearer)
        .send().await();
    assertThat(permissions.statusCode()).isEqualTo(200);
    assertThat(permissions.bodyAsJsonObject().getJsonArray("permissions").getList())
        .contains("tenant:manage", "billing:manage", "users:manage", "products:write");
    HttpResponse<Buffer> location = platform.post("/api/v1/locations").putHeader("Authorization", bearer)
        .sendJsonObject(new JsonObject().put("code", "hq").put("name", "Head office")).await();
    assertThat(location.statusCode()).isEqualTo(201);
  }

  @Test
  void weakOwnerPasswordIsRefusedAndLeavesNoTenant() {
    HttpResponse<Buffer> refused = signUp("initech", "password");

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("owner.password");
    HttpResponse<Buffer> again = signUp("initech", PASSWORD);
    assertThat(again.statusCode()).isEqualTo(201);
  }

  @Test
  void takenSlugIsAConflict() {
    assertThat(signUp("globex", PASSWORD).statusCode()).isEqualTo(201);

    HttpResponse<Buffer> second = signUp("globex", PASSWORD);

    assertThat(second.statusCode()).isEqualTo(409);
  }
}
