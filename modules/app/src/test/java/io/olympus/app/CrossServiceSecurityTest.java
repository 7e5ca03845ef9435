package io.olympus.app;

import static io.olympus.app.AppTestSupport.hash;
import static io.olympus.app.AppTestSupport.tenant;
import static io.olympus.app.AppTestSupport.untilStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.auth.AuthService;
import io.olympus.auth.login.service.MfaGate;
import io.olympus.common.redis.RedisClients;
import io.olympus.common.service.ServiceContext;
import io.olympus.common.tenant.TenantAddresses;
import io.olympus.common.testing.ContractResponses;
import io.olympus.common.testing.ServiceHarness;
import io.olympus.common.testing.ServiceHarness.Deployed;
import io.olympus.common.testing.TestInfra;
import io.olympus.platform.PlatformService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Auth and platform (the real services) in one Vert.x with a third, test-only service ({@link ProbeHttpVerticle})
 * that guards its routes with the shared security stack: API keys and access tokens issued by auth, permissions from
 * the platform's RBAC, tenant status from the platform's tenant registry.
 */
@ExtendWith(VertxExtension.class)
class CrossServiceSecurityTest {

  static final String PASSWORD = "correct horse battery staple 42";
  static final String OWNER_ROLE = "00000000-0000-7000-8000-000000000101";
  static final String STAFF_ROLE = "00000000-0000-7000-8000-000000000104";
  static final UUID TENANT_A = UUID.fromString("0190a5a0-0000-7000-8000-0000000000aa");
  static final UUID TENANT_B = UUID.fromString("0190a5a0-0000-7000-8000-0000000000bb");

  private int authPort;
  private WebClient auth;
  private Deployed probe;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestInfra infra = TestInfra.get();
    infra.truncateAll();
    Redis redis = RedisClients.create(vertx, infra.redisUrl(), 1);
    redis.send(Request.cmd(Command.FLUSHDB)).await();
    redis.close();
    authPort = TestPorts.free();
    ServiceContext context = ServiceHarness.context(Map.of("AUTH_PORT", Integer.toString(authPort),
        "PLATFORM_PORT", Integer.toString(TestPorts.free())));
    Map<String, String> authSettings = Map.of("AUTH_ARGON2_MEMORY_KIB", "8192", "AUTH_ARGON2_ITERATIONS", "1",
        "AUTH_FAILURE_DELAY_MAX_MS", "0");
    String hash = hash(vertx, authSettings, PASSWORD);
    tenant(TENANT_A, "tenant-a");
    tenant(TENANT_B, "tenant-b");
    user(TENANT_A, "owner@a.example", hash, "owner", OWNER_ROLE);
    user(TENANT_A, "staff@a.example", hash, "staff", STAFF_ROLE);
    user(TENANT_B, "owner@b.example", hash, "owner", OWNER_ROLE);
    new PlatformService().deploy(vertx, context).await();
    new AuthService(new JsonObject(Map.copyOf(authSettings)), MfaGate.NONE).deploy(vertx, context).await();
    probe = ServiceHarness.deploy(vertx, context, ProbeHttpVerticle::new).await();
    auth = ContractResponses.client(vertx, authPort, "openapi/auth.yaml");
  }

  @AfterEach
  void tearDown() {
    auth.close();
    probe.client().close();
  }

  @Test
  void shouldAnswer403FromAnotherServiceForAnApiKeyMissingTheScope(VertxTestContext ctx) {
    String owner = login("tenant-a", "owner@a.example");
    String key = createKey(owner, "products:read");
    probe.client().get("/api/v1/probe/products").putHeader("Authorization", "Bearer " + key).send()
        .compose(allowed -> {
          ctx.verify(() -> {
            assertThat(allowed.statusCode()).isEqualTo(200);
            assertThat(allowed.bodyAsJsonObject().getJsonArray("amr")).containsExactly("api_key");
          });
          return probe.client().post("/api/v1/probe/products").putHeader("X-Api-Key", key).send();
        })
        .onComplete(ctx.succeeding(refused -> ctx.verify(() -> {
          assertThat(refused.statusCode()).isEqualTo(403);
          assertThat(refused.getHeader("Content-Type")).isEqualTo("application/problem+json");
          assertThat(refused.bodyAsJsonObject().getString("detail")).contains("products:write");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldRefuseARevokedApiKeyInAnotherService(Vertx vertx, VertxTestContext ctx) {
    String owner = login("tenant-a", "owner@a.example");
    JsonObject created = auth.post("/api/v1/auth/api-keys").putHeader("Authorization", "Bearer " + owner)
        .sendJsonObject(new JsonObject().put("name", "sync").put("scopes", new JsonArray().add("products:read")))
        .await().bodyAsJsonObject();
    String key = created.getString("key");
    probeGet(key)
        .compose(before -> {
          ctx.verify(() -> assertThat(before.statusCode()).isEqualTo(200));
          return auth.delete("/api/v1/auth/api-keys/" + created.getString("id"))
              .putHeader("Authorization", "Bearer " + owner).send();
        })
        .compose(revoked -> {
          ctx.verify(() -> assertThat(revoked.statusCode()).isEqualTo(204));
          // the revocation reaches the other service as a bus event, milliseconds after auth answers; without the
          // event the verification would stay cached for AUTHZ_CACHE_TTL_SECONDS (30 s), far beyond this 3 s wait
          return untilStatus(vertx, 401, () -> probeGet(key));
        })
        .onComplete(ctx.succeeding(after -> ctx.verify(() -> {
          assertThat(after.statusCode()).isEqualTo(401);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldKeepAUserOfTenantAOutOfTenantB(VertxTestContext ctx) {
    String ownerA = login("tenant-a", "owner@a.example");
    String ownerB = login("tenant-b", "owner@b.example");
    JsonObject keyB = auth.post("/api/v1/auth/api-keys").putHeader("Authorization", "Bearer " + ownerB)
        .sendJsonObject(new JsonObject().put("name", "b's key").put("scopes", new JsonArray().add("products:read")))
        .await().bodyAsJsonObject();
    // A's owner tries to revoke and list B's keys, and to sign in to B with A's credentials
    auth.delete("/api/v1/auth/api-keys/" + keyB.getString("id")).putHeader("Authorization", "Bearer " + ownerA).send()
        .compose(revoke -> {
          ctx.verify(() -> assertThat(revoke.statusCode()).isEqualTo(404));
          return auth.get("/api/v1/auth/api-keys").putHeader("Authorization", "Bearer " + ownerA).send();
        })
        .compose(list -> {
          ctx.verify(() -> assertThat(list.bodyAsJsonObject().getJsonArray("items")).isEmpty());
          return auth.post("/api/v1/auth/login").sendJsonObject(new JsonObject().put("tenant_slug", "tenant-b")
              .put("email", "owner@a.example").put("password", PASSWORD));
        })
        .compose(crossLogin -> {
          ctx.verify(() -> assertThat(crossLogin.statusCode()).isEqualTo(401));
          return probeGet(keyB.getString("key"));
        })
        .compose(stillWorks -> {
          ctx.verify(() -> {
            assertThat(stillWorks.statusCode()).isEqualTo(200);
            assertThat(stillWorks.bodyAsJsonObject().getString("tenant_id")).isEqualTo(TENANT_B.toString());
          });
          return probe.client().get("/api/v1/probe/products").putHeader("Authorization", "Bearer " + ownerA).send();
        })
        .onComplete(ctx.succeeding(own -> ctx.verify(() -> {
          assertThat(own.statusCode()).isEqualTo(200);
          assertThat(own.bodyAsJsonObject().getString("tenant_id")).isEqualTo(TENANT_A.toString());
          ctx.completeNow();
        })));
  }

  @Test
  void shouldAnswer403ToATokenOfASuspendedTenant(Vertx vertx, VertxTestContext ctx) {
    String staff = login("tenant-a", "staff@a.example");
    probe.client().get("/api/v1/probe/products").putHeader("Authorization", "Bearer " + staff).send()
        .compose(active -> {
          ctx.verify(() -> assertThat(active.statusCode()).isEqualTo(200));
          TestInfra.get().executeAsOwner("UPDATE tenants SET status = 'suspended' WHERE id = '" + TENANT_A + "'");
          // what the platform publishes when a tenant changes
          vertx.eventBus().publish(TenantAddresses.EVENT_UPDATED, new JsonObject().put("tenant_id", TENANT_A.toString()));
          return untilStatus(vertx, 403,
              () -> probe.client().get("/api/v1/probe/products").putHeader("Authorization", "Bearer " + staff).send());
        })
        .compose(suspended -> {
          ctx.verify(() -> {
            assertThat(suspended.statusCode()).isEqualTo(403);
            assertThat(suspended.bodyAsJsonObject().getString("detail")).contains("suspended");
          });
          return untilStatus(vertx, 403,
              () -> auth.get("/api/v1/auth/sessions").putHeader("Authorization", "Bearer " + staff).send());
        })
        .onComplete(ctx.succeeding(atAuth -> ctx.verify(() -> {
          assertThat(atAuth.statusCode()).isEqualTo(403);
          ctx.completeNow();
        })));
  }

  private Future<HttpResponse<Buffer>> probeGet(String key) {
    return probe.client().get("/api/v1/probe/products").putHeader("X-Api-Key", key).send();
  }

  private String login(String slug, String email) {
    HttpResponse<Buffer> r = auth.post("/api/v1/auth/login")
        .sendJsonObject(new JsonObject().put("tenant_slug", slug).put("email", email).put("password", PASSWORD)).await();
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject().getString("access_token");
  }

  private String createKey(String bearer, String... scopes) {
    HttpResponse<Buffer> r = auth.post("/api/v1/auth/api-keys").putHeader("Authorization", "Bearer " + bearer)
        .sendJsonObject(new JsonObject().put("name", "key").put("scopes", new JsonArray(java.util.List.of(scopes)))).await();
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    return r.bodyAsJsonObject().getString("key");
  }

  private static void user(UUID tenantId, String email, String hash, String role, String roleId) {
    UUID id = UUID.randomUUID();
    TestInfra.get().executeAsOwner(("INSERT INTO auth_users (id, tenant_id, email, password_hash, email_verified, roles) "
        + "VALUES ('%s', '%s', '%s', '%s', true, '{%s}'); "
        + "INSERT INTO user_roles (tenant_id, user_id, role_id) VALUES ('%2$s', '%1$s', '%6$s')")
        .formatted(id, tenantId, email, hash, role, roleId));
  }
}
