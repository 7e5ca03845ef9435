package io.olympus.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.auth.AuthService;
import io.olympus.auth.login.service.MfaGate;
import io.olympus.common.security.AuthAddresses;
import io.olympus.common.service.ServiceContext;
import io.olympus.common.testing.ContractResponses;
import io.olympus.common.testing.ServiceHarness;
import io.olympus.common.testing.TestInfra;
import io.olympus.platform.PlatformService;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Auth against the real platform (no stand-ins): tenants resolved through {@code platform.tenants.resolve}, the
 * owner created over {@code auth.users.register_owner}, the admin's {@code users:manage} from the platform's RBAC.
 * No SMTP server: mails are logged.
 */
@ExtendWith(VertxExtension.class)
class AuthPlatformFlowTest {

  static final String PASSWORD = "correct horse battery staple 42";
  static final String ADMIN_ROLE = "00000000-0000-7000-8000-000000000102";

  private final UUID tenantA = UUID.randomUUID();
  private WebClient client;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestInfra infra = TestInfra.get();
    infra.truncateAll();
    infra.executeAsOwner("INSERT INTO tenants (id, slug, name, plan) VALUES ('" + tenantA + "', 'acme', 'Acme', 'free'), ('"
        + UUID.randomUUID() + "', 'globex', 'Globex', 'free')");
    int authPort = TestPorts.free();
    ServiceContext context = ServiceHarness.context(vertx, Map.of("AUTH_PORT", Integer.toString(authPort)));
    new PlatformService().deploy(vertx, context).await();
    JsonObject settings = new JsonObject().put("AUTH_ARGON2_MEMORY_KIB", "8192").put("AUTH_ARGON2_ITERATIONS", "1")
        .put("AUTH_LOCKOUT_THRESHOLD", "2").put("AUTH_FAILURE_DELAY_MAX_MS", "0");
    new AuthService(settings, MfaGate.NONE).deploy(vertx, context).await();
    client = ContractResponses.client(vertx, authPort);
  }

  @Test
  void shouldRegisterSignInAndLetThePlatformAdminUnlock(Vertx vertx, VertxTestContext ctx) {
    JsonObject owner = new JsonObject().put("tenant_id", tenantA.toString()).put("email", "owner@acme.example")
        .put("password", PASSWORD).put("display_name", "Owner");
    JsonObject anna = new JsonObject().put("tenant_slug", "acme").put("email", "anna@acme.example").put("password", PASSWORD);
    vertx.eventBus().<JsonObject>request(AuthAddresses.REGISTER_OWNER, owner)
        .compose(reply -> {
          // the platform's tenant sign-up assigns the owner a role; here the built-in admin role, by hand
          TestInfra.get().executeAsOwner("INSERT INTO user_roles (tenant_id, user_id, role_id) VALUES ('" + tenantA + "', '"
              + reply.body().getString("user_id") + "', '" + ADMIN_ROLE + "')");
          return client.post("/api/v1/auth/register").sendJsonObject(anna.copy().put("display_name", "Anna"))
              .compose(created -> {
                ctx.verify(() -> assertThat(created.statusCode()).isEqualTo(201));
                return client.post("/api/v1/auth/login").sendJsonObject(anna.copy().put("tenant_slug", "globex"));
              })
              .compose(otherTenant -> {
                ctx.verify(() -> assertThat(otherTenant.statusCode()).isEqualTo(401));
                return client.post("/api/v1/auth/login").sendJsonObject(anna.copy().put("password", "wrong password entirely"));
              })
              .compose(r -> client.post("/api/v1/auth/login").sendJsonObject(anna.copy().put("password", "wrong password entirely")))
              .compose(r -> client.post("/api/v1/auth/login").sendJsonObject(anna))
              .compose(locked -> {
                ctx.verify(() -> assertThat(locked.statusCode()).isEqualTo(401));
                return client.get("/api/v1/auth/tenant/security-events?limit=50")
                    .putHeader("Authorization", "Bearer " + reply.body().getString("access_token")).send();
              })
              .compose(events -> {
                ctx.verify(() -> assertThat(events.statusCode()).isEqualTo(200));
                String annaId = events.bodyAsJsonObject().getJsonArray("items").stream().map(JsonObject.class::cast)
                    .filter(e -> "locked_out".equals(e.getString("type"))).findFirst().orElseThrow().getString("user_id");
                return client.post("/api/v1/auth/users/" + annaId + "/unlock")
                    .putHeader("Authorization", "Bearer " + reply.body().getString("access_token")).send();
              });
        })
        .compose(unlocked -> {
          ctx.verify(() -> assertThat(unlocked.statusCode()).isEqualTo(204));
          return client.post("/api/v1/auth/login").sendJsonObject(anna);
        })
        .compose(login -> {
          ctx.verify(() -> assertThat(login.statusCode()).isEqualTo(200));
          return client.get("/api/v1/auth/sessions")
              .putHeader("Authorization", "Bearer " + login.bodyAsJsonObject().getString("access_token")).send();
        })
        .onComplete(ctx.succeeding(sessions -> ctx.verify(() -> {
          assertThat(sessions.statusCode()).isEqualTo(200);
          assertThat(sessions.bodyAsJsonObject().getJsonArray("items")).hasSize(1);
          ctx.completeNow();
        })));
  }
}
