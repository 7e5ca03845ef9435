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
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Per-tenant IP allow/deny lists across the real platform (where they are set), auth (sign-in doors) and another
 * service using the shared authentication handler, with the outbox relay carrying {@code tenant.updated}. Auth,
 * platform and one probe trust 127.0.0.0/8 and ::1 as proxies, so a test acts from any address with
 * {@code X-Forwarded-For}; a second probe trusts no proxy (its client is the TCP peer, 127.0.0.1, whatever the header
 * says).
 */
@ExtendWith(VertxExtension.class)
class TenantIpListsTest {

  static final String PASSWORD = "correct horse battery staple 42";
  static final String OWNER_ROLE = "00000000-0000-7000-8000-000000000101";
  static final UUID TENANT_A = UUID.fromString("0190a5a0-0000-7000-8000-0000000001aa");
  static final UUID TENANT_B = UUID.fromString("0190a5a0-0000-7000-8000-0000000001bb");
  static final String ADMIN_ADDRESS = "203.0.113.9";
  static final String PROBLEM_TYPE = "urn:olympus:problem:ip-not-allowed";

  private WebClient auth;
  private WebClient platform;
  private Deployed probe;
  private Deployed directProbe;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestInfra infra = TestInfra.get();
    infra.truncateAll();
    Redis redis = RedisClients.create(vertx, infra.redisUrl(), 1);
    redis.send(Request.cmd(Command.FLUSHDB)).await();
    redis.close();
    int authPort = TestPorts.free();
    int platformPort = TestPorts.free();
    ServiceContext context = ServiceHarness.context(vertx, Map.of("AUTH_PORT", Integer.toString(authPort),
        "PLATFORM_PORT", Integer.toString(platformPort), "OLYMPUS_TRUSTED_PROXIES", "127.0.0.0/8,::1/128"));
    Map<String, String> authSettings = Map.of("AUTH_ARGON2_MEMORY_KIB", "8192", "AUTH_ARGON2_ITERATIONS", "1",
        "AUTH_FAILURE_DELAY_MAX_MS", "0");
    String hash = hash(vertx, authSettings, PASSWORD);
    tenant(TENANT_A, "tenant-a");
    tenant(TENANT_B, "tenant-b");
    user(TENANT_A, "owner@a.example", hash);
    user(TENANT_B, "owner@b.example", hash);
    new PlatformService().deploy(vertx, context).await();
    new AuthService(new JsonObject(Map.copyOf(authSettings)), MfaGate.NONE).deploy(vertx, context).await();
    OutboxDeployment.deploy(vertx, context.config(), infra.appUrl(), infra.redisUrl()).await();
    probe = ServiceHarness.deploy(vertx, context, ProbeHttpVerticle::new).await();
    directProbe = ServiceHarness.deploy(vertx, ServiceHarness.sameProcess(context, Map.of()), ProbeHttpVerticle::new).await();
    auth = ContractResponses.client(vertx, authPort);
    platform = ContractResponses.client(vertx, platformPort);
  }

  @AfterEach
  void tearDown() {
    auth.close();
    platform.close();
    probe.client().close();
    directProbe.client().close();
  }

  @Test
  void shouldRefuseADeniedBlockInAnotherServiceOnceThePlatformPublishesTheChange(Vertx vertx, VertxTestContext ctx) {
    String token = login("tenant-a", "owner@a.example", null).getString("access_token");
    probeGet(token, null)
        .compose(before -> {
          ctx.verify(() -> assertThat(before.statusCode()).isEqualTo(200));
          return patchSettings(token, ADMIN_ADDRESS, new JsonObject().put("security.ip_deny", List.of("127.0.0.0/8")));
        })
        .compose(changed -> {
          ctx.verify(() -> {
            assertThat(changed.statusCode()).as(changed.bodyAsString()).isEqualTo(200);
            assertThat(changed.bodyAsJsonObject().getJsonArray("security.ip_deny")).containsExactly("127.0.0.0/8");
          });
          // the change reaches the probe's tenant cache through the outbox relay and tenant.updated; the cache's own
          // expiry (60 s) is far beyond the 3 s wait
          return untilStatus(vertx, 403, () -> probeGet(token, null));
        })
        .compose(refused -> {
          ctx.verify(() -> assertIpRefused(refused));
          return probeGet(token, ADMIN_ADDRESS);
        })
        .onComplete(ctx.succeeding(allowed -> ctx.verify(() -> {
          assertThat(allowed.statusCode()).isEqualTo(200);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldRefuseSignInRefreshAndRegistrationFromADeniedAddress(Vertx vertx, VertxTestContext ctx) {
    String refreshToken = login("tenant-a", "owner@a.example", null).getString("refresh_token");
    String admin = login("tenant-a", "owner@a.example", ADMIN_ADDRESS).getString("access_token");
    patchSettings(admin, ADMIN_ADDRESS, new JsonObject().put("security.ip_deny", List.of("127.0.0.0/8")))
        .compose(changed -> {
          ctx.verify(() -> assertThat(changed.statusCode()).as(changed.bodyAsString()).isEqualTo(200));
          return untilStatus(vertx, 403, () -> loginRequest("tenant-a", "owner@a.example", null));
        })
        .compose(login -> {
          ctx.verify(() -> assertIpRefused(login));
          return auth.post("/api/v1/auth/refresh").sendJsonObject(new JsonObject().put("refresh_token", refreshToken));
        })
        .compose(refresh -> {
          ctx.verify(() -> assertIpRefused(refresh));
          // the refused attempt did not spend the token
          return auth.post("/api/v1/auth/refresh").putHeader("X-Forwarded-For", ADMIN_ADDRESS)
              .sendJsonObject(new JsonObject().put("refresh_token", refreshToken));
        })
        .compose(refreshed -> {
          ctx.verify(() -> assertThat(refreshed.statusCode()).as(refreshed.bodyAsString()).isEqualTo(200));
          return auth.post("/api/v1/auth/register").sendJsonObject(new JsonObject().put("tenant_slug", "tenant-a")
              .put("email", "new@a.example").put("password", PASSWORD).put("display_name", "New"));
        })
        .compose(register -> {
          ctx.verify(() -> assertIpRefused(register));
          return auth.get("/api/v1/auth/tenant/security-events?limit=50").putHeader("Authorization", "Bearer " + admin)
              .putHeader("X-Forwarded-For", ADMIN_ADDRESS).send();
        })
        .onComplete(ctx.succeeding(events -> ctx.verify(() -> {
          assertThat(events.statusCode()).as(events.bodyAsString()).isEqualTo(200);
          List<JsonObject> refusals = new ArrayList<>();
          events.bodyAsJsonObject().getJsonArray("items").forEach(e -> {
            if ("ip_refused".equals(((JsonObject) e).getString("type"))) {
              refusals.add((JsonObject) e);
            }
          });
          assertThat(refusals).extracting(e -> e.getJsonObject("detail").getString("operation"))
              .contains("login", "refresh", "register");
          assertThat(refusals).extracting(e -> e.getString("ip")).containsOnly("127.0.0.1");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldLetInOnlyAddressesOfTheAllowList(Vertx vertx, VertxTestContext ctx) {
    String token = login("tenant-a", "owner@a.example", null).getString("access_token");
    patchSettings(token, "10.1.2.3", new JsonObject().put("security.ip_allow", List.of("10.0.0.0/8")))
        .compose(changed -> {
          ctx.verify(() -> assertThat(changed.statusCode()).as(changed.bodyAsString()).isEqualTo(200));
          return untilStatus(vertx, 403, () -> probeGet(token, null));
        })
        .compose(loopback -> {
          ctx.verify(() -> assertIpRefused(loopback));
          return probeGet(token, "10.9.9.9");
        })
        .compose(inside -> {
          ctx.verify(() -> assertThat(inside.statusCode()).isEqualTo(200));
          return probeGet(token, "192.168.1.1");
        })
        .compose(outside -> {
          ctx.verify(() -> assertIpRefused(outside));
          return loginRequest("tenant-a", "owner@a.example", "10.200.0.1");
        })
        .onComplete(ctx.succeeding(login -> ctx.verify(() -> {
          assertThat(login.statusCode()).as(login.bodyAsString()).isEqualTo(200);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldMatchIpv6BlocksWithDenyWinningInsideAnAllowedBlock(Vertx vertx, VertxTestContext ctx) {
    String token = login("tenant-a", "owner@a.example", null).getString("access_token");
    String admin = "2001:db8::1";
    patchSettings(token, admin, new JsonObject().put("security.ip_allow", List.of("2001:db8::/32")))
        .compose(changed -> {
          ctx.verify(() -> assertThat(changed.statusCode()).as(changed.bodyAsString()).isEqualTo(200));
          return untilStatus(vertx, 403, () -> probeGet(token, null));
        })
        .compose(ipv4 -> {
          ctx.verify(() -> assertIpRefused(ipv4));
          return probeGet(token, "[2001:db8::beef]:4711");
        })
        .compose(inside -> {
          ctx.verify(() -> assertThat(inside.statusCode()).isEqualTo(200));
          return probeGet(token, "2001:db9::1");
        })
        .compose(outside -> {
          ctx.verify(() -> assertIpRefused(outside));
          return patchSettings(token, admin, new JsonObject().put("security.ip_deny", List.of("2001:db8:bad::/48")));
        })
        .compose(changed -> {
          ctx.verify(() -> assertThat(changed.statusCode()).as(changed.bodyAsString()).isEqualTo(200));
          return untilStatus(vertx, 403, () -> probeGet(token, "2001:db8:bad::7"));
        })
        .compose(denied -> {
          ctx.verify(() -> assertIpRefused(denied));
          return probeGet(token, "2001:db8:bae::7");
        })
        .onComplete(ctx.succeeding(allowed -> ctx.verify(() -> {
          assertThat(allowed.statusCode()).isEqualTo(200);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldIgnoreForwardedForFromAnUntrustedPeer(Vertx vertx, VertxTestContext ctx) {
    String token = login("tenant-a", "owner@a.example", null).getString("access_token");
    patchSettings(token, ADMIN_ADDRESS, new JsonObject().put("security.ip_deny", List.of("127.0.0.0/8")))
        .compose(changed -> {
          ctx.verify(() -> assertThat(changed.statusCode()).as(changed.bodyAsString()).isEqualTo(200));
          // the direct probe trusts no proxy: the header is the client's own claim and changes nothing
          return untilStatus(vertx, 403, () -> directProbe.client().get("/api/v1/probe/products")
              .putHeader("Authorization", "Bearer " + token).putHeader("X-Forwarded-For", ADMIN_ADDRESS).send());
        })
        .compose(spoofed -> {
          ctx.verify(() -> assertIpRefused(spoofed));
          return probeGet(token, ADMIN_ADDRESS);
        })
        .onComplete(ctx.succeeding(viaTrustedProxy -> ctx.verify(() -> {
          assertThat(viaTrustedProxy.statusCode()).isEqualTo(200);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldAnswer400NamingTheFieldForBadIpLists(VertxTestContext ctx) {
    String token = login("tenant-a", "owner@a.example", null).getString("access_token");
    List<String> tooMany = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      tooMany.add("10.0." + i + ".0/24");
    }
    patchSettings(token, null, new JsonObject().put("security.ip_allow", List.of("127.0.0.0/8", "not-an-ip")))
        .compose(badEntry -> {
          ctx.verify(() -> assertFieldError(badEntry, "security.ip_allow", "entry 1 'not-an-ip'"));
          return patchSettings(token, null, new JsonObject().put("security.ip_allow", List.of("127.1.2.3/8")));
        })
        .compose(hostBits -> {
          ctx.verify(() -> assertFieldError(hostBits, "security.ip_allow", "did you mean 127.0.0.0/8"));
          return patchSettings(token, null, new JsonObject().put("security.ip_deny", "10.0.0.0/8"));
        })
        .compose(notAList -> {
          ctx.verify(() -> assertFieldError(notAList, "security.ip_deny", "a list of at most 100 CIDR blocks"));
          return patchSettings(token, null, new JsonObject().put("security.ip_deny", tooMany));
        })
        .compose(tooLong -> {
          ctx.verify(() -> assertFieldError(tooLong, "security.ip_deny", "at most 100"));
          return patchSettings(token, null, new JsonObject().put("security.ip_deny", List.of("2001:db8::/129")));
        })
        .compose(badPrefix -> {
          ctx.verify(() -> assertFieldError(badPrefix, "security.ip_deny", "prefix length"));
          return platform.get("/api/v1/settings").putHeader("Authorization", "Bearer " + token).send();
        })
        .onComplete(ctx.succeeding(settings -> ctx.verify(() -> {
          assertThat(settings.bodyAsJsonObject().getJsonArray("security.ip_allow")).isEmpty();
          assertThat(settings.bodyAsJsonObject().getJsonArray("security.ip_deny")).isEmpty();
          ctx.completeNow();
        })));
  }

  @Test
  void shouldRefuseIpListsThatWouldLockOutTheCaller(VertxTestContext ctx) {
    String token = login("tenant-a", "owner@a.example", null).getString("access_token");
    patchSettings(token, null, new JsonObject().put("security.ip_allow", List.of("10.0.0.0/8")))
        .compose(allow -> {
          ctx.verify(() -> assertFieldError(allow, "security.ip_allow", "your own address 127.0.0.1"));
          return patchSettings(token, null, new JsonObject().put("security.ip_deny", List.of("127.0.0.1/32")));
        })
        .compose(deny -> {
          ctx.verify(() -> assertFieldError(deny, "security.ip_deny", "your own address 127.0.0.1"));
          return probeGet(token, null);
        })
        .onComplete(ctx.succeeding(stillIn -> ctx.verify(() -> {
          assertThat(stillIn.statusCode()).isEqualTo(200);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldNeverApplyTenantAsListsToTenantB(Vertx vertx, VertxTestContext ctx) {
    String tokenA = login("tenant-a", "owner@a.example", null).getString("access_token");
    String tokenB = login("tenant-b", "owner@b.example", null).getString("access_token");
    patchSettings(tokenA, ADMIN_ADDRESS, new JsonObject().put("security.ip_deny", List.of("127.0.0.0/8")))
        .compose(changed -> {
          ctx.verify(() -> assertThat(changed.statusCode()).as(changed.bodyAsString()).isEqualTo(200));
          return untilStatus(vertx, 403, () -> probeGet(tokenA, null));
        })
        .compose(refusedA -> {
          ctx.verify(() -> assertIpRefused(refusedA));
          return probeGet(tokenB, null);
        })
        .compose(probeB -> {
          ctx.verify(() -> assertThat(probeB.statusCode()).isEqualTo(200));
          return loginRequest("tenant-b", "owner@b.example", null);
        })
        .compose(loginB -> {
          ctx.verify(() -> assertThat(loginB.statusCode()).isEqualTo(200));
          return platform.get("/api/v1/settings").putHeader("Authorization", "Bearer " + tokenB).send();
        })
        .onComplete(ctx.succeeding(settingsB -> ctx.verify(() -> {
          assertThat(settingsB.statusCode()).isEqualTo(200);
          assertThat(settingsB.bodyAsJsonObject().getJsonArray("security.ip_deny")).isEmpty();
          ctx.completeNow();
        })));
  }

  private static void assertIpRefused(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(403);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(response.bodyAsJsonObject().getString("type")).isEqualTo(PROBLEM_TYPE);
    // the answer never tells which lists exist or what they hold
    assertThat(response.bodyAsString()).doesNotContain("127.0.0.0", "10.0.0.0", "2001:db8", "security.", "list");
  }

  private static void assertFieldError(HttpResponse<Buffer> response, String field, String messagePart) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(400);
    JsonArray errors = response.bodyAsJsonObject().getJsonArray("errors");
    assertThat(errors).as(response.bodyAsString()).anySatisfy(e -> {
      assertThat(((JsonObject) e).getString("field")).isEqualTo(field);
      assertThat(((JsonObject) e).getString("message")).contains(messagePart);
    });
  }

  private Future<HttpResponse<Buffer>> probeGet(String token, String forwardedFor) {
    return withForwardedFor(probe.client().get("/api/v1/probe/products"), forwardedFor)
        .putHeader("Authorization", "Bearer " + token).send();
  }

  private Future<HttpResponse<Buffer>> patchSettings(String token, String forwardedFor, JsonObject changes) {
    return withForwardedFor(platform.patch("/api/v1/settings"), forwardedFor)
        .putHeader("Authorization", "Bearer " + token).sendJsonObject(changes);
  }

  private Future<HttpResponse<Buffer>> loginRequest(String slug, String email, String forwardedFor) {
    return withForwardedFor(auth.post("/api/v1/auth/login"), forwardedFor)
        .sendJsonObject(new JsonObject().put("tenant_slug", slug).put("email", email).put("password", PASSWORD));
  }

  private JsonObject login(String slug, String email, String forwardedFor) {
    HttpResponse<Buffer> r = loginRequest(slug, email, forwardedFor).await();
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  private static HttpRequest<Buffer> withForwardedFor(HttpRequest<Buffer> request, String forwardedFor) {
    return forwardedFor == null ? request : request.putHeader("X-Forwarded-For", forwardedFor);
  }

  private static void user(UUID tenantId, String email, String hash) {
    UUID id = UUID.randomUUID();
    TestInfra.get().executeAsOwner(("INSERT INTO auth_users (id, tenant_id, email, password_hash, email_verified, roles) "
        + "VALUES ('%s', '%s', '%s', '%s', true, '{owner}'); "
        + "INSERT INTO user_roles (tenant_id, user_id, role_id) VALUES ('%2$s', '%1$s', '%5$s')")
        .formatted(id, tenantId, email, hash, OWNER_ROLE));
  }
}
