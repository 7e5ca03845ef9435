package io.olympus.app;

import static io.olympus.app.AppTestSupport.hash;
import static io.olympus.app.AppTestSupport.tenant;
import static io.olympus.app.AppTestSupport.untilStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.auth.AuthService;
import io.olympus.auth.login.service.MfaGate;
import io.olympus.common.outbox.OutboxDeployment;
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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
  static final String ADMIN_ROLE = "00000000-0000-7000-8000-000000000102";
  static final String STAFF_ROLE = "00000000-0000-7000-8000-000000000104";
  static final UUID TENANT_A = UUID.fromString("0190a5a0-0000-7000-8000-0000000000aa");
  static final UUID TENANT_B = UUID.fromString("0190a5a0-0000-7000-8000-0000000000bb");

  private int authPort;
  private int platformPort;
  private UUID adminA;
  private ServiceContext context;
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
    platformPort = TestPorts.free();
    context = ServiceHarness.context(vertx, Map.of("AUTH_PORT", Integer.toString(authPort),
        "PLATFORM_PORT", Integer.toString(platformPort)));
    Map<String, String> authSettings = Map.of("AUTH_ARGON2_MEMORY_KIB", "8192", "AUTH_ARGON2_ITERATIONS", "1",
        "AUTH_FAILURE_DELAY_MAX_MS", "0");
    String hash = hash(vertx, authSettings, PASSWORD);
    tenant(TENANT_A, "tenant-a");
    tenant(TENANT_B, "tenant-b");
    user(TENANT_A, "owner@a.example", hash, "owner", OWNER_ROLE);
    user(TENANT_A, "staff@a.example", hash, "staff", STAFF_ROLE);
    adminA = user(TENANT_A, "admin@a.example", hash, "admin", ADMIN_ROLE);
    user(TENANT_B, "owner@b.example", hash, "owner", OWNER_ROLE);
    new PlatformService().deploy(vertx, context).await();
    new AuthService(new JsonObject(Map.copyOf(authSettings)), MfaGate.NONE).deploy(vertx, context).await();
    probe = ServiceHarness.deploy(vertx, context, ProbeHttpVerticle::new).await();
    auth = ContractResponses.client(vertx, authPort);
  }

  @AfterEach
  void tearDown() {
    auth.close();
    probe.client().close();
  }

  @Test
  void shouldTakeFromAKeyWhatItsCreatorLostWithTheSameEventAsFromTheCreator(Vertx vertx, VertxTestContext ctx) {
    // the relay delivers the platform's user.role_changed event, which drops every service's cached permissions
    OutboxDeployment.deploy(vertx, context.config(), TestInfra.get().appUrl(), TestInfra.get().redisUrl()).await();
    String owner = login("tenant-a", "owner@a.example");
    String admin = login("tenant-a", "admin@a.example");
    String key = createKey(admin, "products:write", "products:read");
    WebClient platform = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(platformPort));
    probe.client().post("/api/v1/probe/products").putHeader("X-Api-Key", key).send()
        .compose(before -> {
          ctx.verify(() -> assertThat(before.statusCode()).as(before.bodyAsString()).isEqualTo(200));
          return platform.delete("/api/v1/users/" + adminA + "/roles/" + ADMIN_ROLE)
              .putHeader("Authorization", "Bearer " + owner).send();
        })
        .compose(removed -> {
          ctx.verify(() -> assertThat(removed.statusCode()).as(removed.bodyAsString()).isEqualTo(204));
          // without the intersection the key would keep products:write until revoked (its verification is cached)
          return untilStatus(vertx, 403, () -> probe.client().post("/api/v1/probe/products").putHeader("X-Api-Key", key)
              .send());
        })
        .compose(after -> {
          ctx.verify(() -> {
            assertThat(after.statusCode()).isEqualTo(403);
            assertThat(after.bodyAsJsonObject().getString("detail")).contains("products:write");
          });
          return platform.get("/api/v1/me/permissions").putHeader("X-Api-Key", key).send();
        })
        .onComplete(ctx.succeeding(mine -> ctx.verify(() -> {
          assertThat(mine.statusCode()).isEqualTo(200);
          assertThat(mine.bodyAsJsonObject().getJsonArray("permissions")).isEmpty();
          platform.close();
          ctx.completeNow();
        })));
  }

  @Test
  void shouldRefuseAnExpiredKeyInAnotherServiceAsSoonAsItExpires(Vertx vertx, VertxTestContext ctx) {
    String owner = login("tenant-a", "owner@a.example");
    Instant expiresAt = Instant.now().plusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
    HttpResponse<Buffer> created = auth.post("/api/v1/auth/api-keys").putHeader("Authorization", "Bearer " + owner)
        .sendJsonObject(new JsonObject().put("name", "short").put("scopes", new JsonArray().add("products:read"))
            .put("expires_at", expiresAt.toString())).await();
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    String key = created.bodyAsJsonObject().getString("key");
    probeGet(key)
        .compose(before -> {
          // verified and cached well before its expiry (the cache keeps keys up to AUTHZ_CACHE_TTL_SECONDS, 30 s)
          ctx.verify(() -> assertThat(before.statusCode()).isEqualTo(200));
          return untilRefused(vertx, key, expiresAt.plusSeconds(10));
        })
        .onComplete(ctx.succeeding(refused -> ctx.verify(() -> {
          // refused at the first request after the expiry, not a cache lifetime later
          assertThat(refused.statusCode()).isEqualTo(401);
          assertThat(Instant.now()).isBefore(expiresAt.plusSeconds(10));
          ctx.completeNow();
        })));
  }

  /** Polls (every 50 ms) until the key is refused, or answers the last response at {@code deadline}. */
  private Future<HttpResponse<Buffer>> untilRefused(Vertx vertx, String key, Instant deadline) {
    return probeGet(key).compose(r -> r.statusCode() != 401 && Instant.now().isBefore(deadline)
        ? vertx.timer(50).compose(t -> untilRefused(vertx, key, deadline))
        : Future.succeededFuture(r));
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

  private static UUID user(UUID tenantId, String email, String hash, String role, String roleId) {
    UUID id = UUID.randomUUID();
    TestInfra.get().executeAsOwner(("INSERT INTO auth_users (id, tenant_id, email, password_hash, email_verified, roles) "
        + "VALUES ('%s', '%s', '%s', '%s', true, '{%s}'); "
        + "INSERT INTO user_roles (tenant_id, user_id, role_id) VALUES ('%2$s', '%1$s', '%6$s')")
        .formatted(id, tenantId, email, hash, role, roleId));
    return id;
  }
}
