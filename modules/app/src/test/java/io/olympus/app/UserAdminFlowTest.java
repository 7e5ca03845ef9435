package io.olympus.app;

import static io.olympus.app.AppTestSupport.hash;
import static io.olympus.app.AppTestSupport.tenant;
import static io.olympus.app.AppTestSupport.untilStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.auth.AuthService;
import io.olympus.auth.login.service.MfaGate;
import io.olympus.commerce.CommerceService;
import io.olympus.common.redis.RedisClients;
import io.olympus.common.service.ServiceContext;
import io.olympus.common.testing.ContractResponses;
import io.olympus.common.testing.ServiceHarness;
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
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The platform's users admin view against the real auth (accounts, sessions, bus contract {@code auth.users.*}) and
 * commerce (another service refusing a deactivated user's token; product counts). Tenant A is on the free plan
 * (3 users): owner, admin and staff fill it.
 */
@ExtendWith(VertxExtension.class)
class UserAdminFlowTest {

  static final String PASSWORD = "correct horse battery staple 42";
  static final String OWNER_ROLE = "00000000-0000-7000-8000-000000000101";
  static final String ADMIN_ROLE = "00000000-0000-7000-8000-000000000102";
  static final String STAFF_ROLE = "00000000-0000-7000-8000-000000000104";
  static final UUID TENANT_A = UUID.fromString("0190a5a0-0000-7000-8000-0000000001aa");
  static final UUID TENANT_B = UUID.fromString("0190a5a0-0000-7000-8000-0000000001bb");
  static final UUID OWNER_A = UUID.fromString("0190a5a0-0001-7000-8000-000000000001");
  static final UUID ADMIN_A = UUID.fromString("0190a5a0-0002-7000-8000-000000000002");
  static final UUID STAFF_A = UUID.fromString("0190a5a0-0003-7000-8000-000000000003");
  static final UUID OWNER_B = UUID.fromString("0190a5a0-0004-7000-8000-000000000004");

  private WebClient auth;
  private WebClient platform;
  private WebClient commerce;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestInfra infra = TestInfra.get();
    infra.truncateAll();
    Redis redis = RedisClients.create(vertx, infra.redisUrl(), 1);
    redis.send(Request.cmd(Command.FLUSHDB)).await();
    redis.close();
    int authPort = TestPorts.free();
    int platformPort = TestPorts.free();
    int commercePort = TestPorts.free();
    ServiceContext context = ServiceHarness.context(vertx, Map.of("AUTH_PORT", Integer.toString(authPort),
        "PLATFORM_PORT", Integer.toString(platformPort), "COMMERCE_PORT", Integer.toString(commercePort)));
    Map<String, String> authSettings = Map.of("AUTH_ARGON2_MEMORY_KIB", "8192", "AUTH_ARGON2_ITERATIONS", "1",
        "AUTH_FAILURE_DELAY_MAX_MS", "0");
    String hash = hash(vertx, authSettings, PASSWORD);
    tenant(TENANT_A, "tenant-a");
    tenant(TENANT_B, "tenant-b");
    user(OWNER_A, TENANT_A, "olivia@a.example", "Olivia Owner", hash, OWNER_ROLE);
    user(ADMIN_A, TENANT_A, "adam@a.example", "Adam Admin", hash, ADMIN_ROLE);
    user(STAFF_A, TENANT_A, "stella@a.example", "Stella Staff", hash, STAFF_ROLE);
    user(OWNER_B, TENANT_B, "bob@b.example", "Bob Owner", hash, OWNER_ROLE);
    new PlatformService().deploy(vertx, context).await();
    new AuthService(new JsonObject(Map.copyOf(authSettings)), MfaGate.NONE).deploy(vertx, context).await();
    new CommerceService().deploy(vertx, context).await();
    auth = ContractResponses.client(vertx, authPort);
    platform = ContractResponses.client(vertx, platformPort);
    commerce = ContractResponses.client(vertx, commercePort);
  }

  @AfterEach
  void tearDown() {
    auth.close();
    platform.close();
    commerce.close();
  }

  @Test
  void shouldListSearchAndPaginateTheTenantsUsersWithTheirRoles(VertxTestContext ctx) {
    String admin = login("tenant-a", "adam@a.example").getString("access_token");
    get(admin, "/api/v1/users?limit=2").send()
        .compose(first -> {
          ctx.verify(() -> {
            assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(200);
            assertThat(ids(first)).containsExactly(OWNER_A.toString(), ADMIN_A.toString());
            JsonObject owner = first.bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
            assertThat(owner.getString("email")).isEqualTo("olivia@a.example");
            assertThat(owner.getString("status")).isEqualTo("active");
            assertThat(owner.getJsonArray("roles").getJsonObject(0).getString("key")).isEqualTo("owner");
            assertThat(owner.getJsonArray("location_ids")).isEmpty();
            assertThat(owner.containsKey("password_hash")).isFalse();
            JsonObject self = first.bodyAsJsonObject().getJsonArray("items").getJsonObject(1);
            assertThat(self.getString("last_login_at")).isNotNull();
          });
          return get(admin, "/api/v1/users?limit=2&cursor=" + first.bodyAsJsonObject().getString("next_cursor")).send();
        })
        .compose(second -> {
          ctx.verify(() -> {
            assertThat(ids(second)).containsExactly(STAFF_A.toString());
            assertThat(second.bodyAsJsonObject().getString("next_cursor")).isNull();
          });
          return get(admin, "/api/v1/users?q=STAFF").send();
        })
        .compose(byName -> {
          ctx.verify(() -> assertThat(ids(byName)).containsExactly(STAFF_A.toString()));
          return get(admin, "/api/v1/users?q=" + "adam%40a").send();
        })
        .compose(byEmail -> {
          ctx.verify(() -> assertThat(ids(byEmail)).containsExactly(ADMIN_A.toString()));
          // LIKE wildcards are matched literally: no user has an underscore in their email or name
          return get(admin, "/api/v1/users?q=_").send();
        })
        .compose(wildcard -> {
          ctx.verify(() -> assertThat(ids(wildcard)).isEmpty());
          return get(admin, "/api/v1/users?role_id=" + STAFF_ROLE).send();
        })
        .compose(byRole -> {
          ctx.verify(() -> assertThat(ids(byRole)).containsExactly(STAFF_A.toString()));
          return get(admin, "/api/v1/users?status=deactivated").send();
        })
        .onComplete(ctx.succeeding(none -> ctx.verify(() -> {
          assertThat(ids(none)).isEmpty();
          ctx.completeNow();
        })));
  }

  @Test
  void shouldDeactivateAUserSoThatTheirTokenFailsInAnotherServiceAndTheirLoginIsRefused(Vertx vertx,
      VertxTestContext ctx) {
    String admin = login("tenant-a", "adam@a.example").getString("access_token");
    JsonObject staffTokens = login("tenant-a", "stella@a.example");
    String staff = staffTokens.getString("access_token");
    get(staff, "/api/v1/products", commerce).send()
        .compose(before -> {
          ctx.verify(() -> assertThat(before.statusCode()).isEqualTo(200));
          return post(admin, "/api/v1/users/" + STAFF_A + "/deactivate").send();
        })
        .compose(deactivated -> {
          ctx.verify(() -> {
            assertThat(deactivated.statusCode()).as(deactivated.bodyAsString()).isEqualTo(200);
            assertThat(deactivated.bodyAsJsonObject().getString("status")).isEqualTo("deactivated");
            assertThat(deactivated.bodyAsJsonObject().getString("deactivated_at")).isNotNull();
          });
          // revocation is written to Redis before the answer; the bounded wait only guards against a slow store
          return untilStatus(vertx, 401, () -> get(staff, "/api/v1/products", commerce).send());
        })
        .compose(refused -> {
          ctx.verify(() -> assertThat(refused.statusCode()).isEqualTo(401));
          return auth.post("/api/v1/auth/refresh")
              .sendJsonObject(new JsonObject().put("refresh_token", staffTokens.getString("refresh_token")));
        })
        .compose(refresh -> {
          ctx.verify(() -> assertThat(refresh.statusCode()).isEqualTo(401));
          return auth.post("/api/v1/auth/login").sendJsonObject(credentials("tenant-a", "stella@a.example"));
        })
        .compose(login -> {
          ctx.verify(() -> {
            assertThat(login.statusCode()).isEqualTo(401);
            assertThat(login.bodyAsJsonObject().getString("detail")).isEqualTo("Invalid email or password");
          });
          return post(admin, "/api/v1/users/" + STAFF_A + "/reactivate").send();
        })
        .compose(reactivated -> {
          ctx.verify(() -> {
            assertThat(reactivated.statusCode()).isEqualTo(200);
            assertThat(reactivated.bodyAsJsonObject().getString("status")).isEqualTo("active");
          });
          return auth.post("/api/v1/auth/login").sendJsonObject(credentials("tenant-a", "stella@a.example"));
        })
        .compose(login -> {
          ctx.verify(() -> assertThat(login.statusCode()).isEqualTo(200));
          return get(admin, "/api/v1/audit?resource_type=user").send();
        })
        .onComplete(ctx.succeeding(audit -> ctx.verify(() -> {
          assertThat(audit.statusCode()).isEqualTo(200);
          assertThat(audit.bodyAsJsonObject().getJsonArray("items").stream()
              .map(e -> ((JsonObject) e).getString("action")).toList())
              .contains("user.deactivate", "user.reactivate");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldStopTheApiKeysOfADeactivatedUserInAnotherService(Vertx vertx, VertxTestContext ctx) {
    String owner = login("tenant-a", "olivia@a.example").getString("access_token");
    String admin = login("tenant-a", "adam@a.example").getString("access_token");
    HttpResponse<Buffer> created = auth.post("/api/v1/auth/api-keys").putHeader("Authorization", "Bearer " + admin)
        .sendJsonObject(new JsonObject().put("name", "sync").put("scopes", new JsonArray().add("products:read"))).await();
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    String key = created.bodyAsJsonObject().getString("key");
    commerce.get("/api/v1/products").putHeader("X-Api-Key", key).send()
        .compose(before -> {
          ctx.verify(() -> assertThat(before.statusCode()).isEqualTo(200));
          return post(owner, "/api/v1/users/" + ADMIN_A + "/deactivate").send();
        })
        .compose(deactivated -> {
          ctx.verify(() -> assertThat(deactivated.statusCode()).isEqualTo(200));
          // commerce caches verified keys; the deactivation's event drops them (the cache's own expiry is 60 s)
          return untilStatus(vertx, 401, () -> commerce.get("/api/v1/products").putHeader("X-Api-Key", key).send());
        })
        .onComplete(ctx.succeeding(after -> ctx.verify(() -> {
          assertThat(after.statusCode()).isEqualTo(401);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldRefuseToDeactivateYourselfAndLetOnlyAnOwnerDeactivateAnOwner(VertxTestContext ctx) {
    String owner = login("tenant-a", "olivia@a.example").getString("access_token");
    String admin = login("tenant-a", "adam@a.example").getString("access_token");
    post(owner, "/api/v1/users/" + OWNER_A + "/deactivate").send()
        .compose(self -> {
          ctx.verify(() -> {
            assertThat(self.statusCode()).isEqualTo(409);
            assertThat(self.bodyAsJsonObject().getString("detail")).contains("your own account");
          });
          return post(admin, "/api/v1/users/" + OWNER_A + "/deactivate").send();
        })
        .compose(byAdmin -> {
          ctx.verify(() -> {
            assertThat(byAdmin.statusCode()).isEqualTo(403);
            assertThat(byAdmin.bodyAsJsonObject().getString("detail")).contains("Only an owner");
          });
          return get(owner, "/api/v1/users/" + OWNER_A).send();
        })
        .onComplete(ctx.succeeding(still -> ctx.verify(() -> {
          assertThat(still.bodyAsJsonObject().getString("status")).isEqualTo("active");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldKeepTheOwnerRoleOfTheLastActiveOwnerAsTheAuthServiceSeesIt(VertxTestContext ctx) {
    // two owners; once the second one's account is deactivated (in auth), the first is the last active owner
    TestInfra.get().executeAsOwner("INSERT INTO user_roles (tenant_id, user_id, role_id) VALUES ('" + TENANT_A + "', '"
        + ADMIN_A + "', '" + OWNER_ROLE + "')");
    String owner = login("tenant-a", "olivia@a.example").getString("access_token");
    post(owner, "/api/v1/users/" + ADMIN_A + "/deactivate").send()
        .compose(deactivated -> {
          ctx.verify(() -> assertThat(deactivated.statusCode()).as(deactivated.bodyAsString()).isEqualTo(200));
          return platform.delete("/api/v1/users/" + OWNER_A + "/roles/" + OWNER_ROLE)
              .putHeader("Authorization", "Bearer " + owner).send();
        })
        .onComplete(ctx.succeeding(lastOwner -> ctx.verify(() -> {
          assertThat(lastOwner.statusCode()).as(lastOwner.bodyAsString()).isEqualTo(409);
          assertThat(lastOwner.bodyAsJsonObject().getString("detail")).contains("last active owner");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldLeaveOneOwnerActiveWhenTwoOwnersDeactivateEachOtherAtOnce(VertxTestContext ctx) {
    TestInfra.get().executeAsOwner("INSERT INTO user_roles (tenant_id, user_id, role_id) VALUES ('" + TENANT_A + "', '"
        + ADMIN_A + "', '" + OWNER_ROLE + "')");
    String owner = login("tenant-a", "olivia@a.example").getString("access_token");
    String secondOwner = login("tenant-a", "adam@a.example").getString("access_token");
    Future<HttpResponse<Buffer>> one = post(owner, "/api/v1/users/" + ADMIN_A + "/deactivate").send();
    Future<HttpResponse<Buffer>> other = post(secondOwner, "/api/v1/users/" + OWNER_A + "/deactivate").send();
    Future.join(one, other)
        .compose(both -> {
          ctx.verify(() -> {
            List<Integer> statuses = List.of(one.result().statusCode(), other.result().statusCode());
            // the loser is refused as the last owner, or its own token was already revoked by the winner
            assertThat(statuses).containsOnlyOnce(200);
          });
          return get(owner, "/api/v1/users?status=active").send()
              .compose(r -> r.statusCode() == 200 ? Future.succeededFuture(r) : get(secondOwner, "/api/v1/users?status=active").send());
        })
        .onComplete(ctx.succeeding(active -> ctx.verify(() -> {
          assertThat(ids(active)).containsAnyOf(OWNER_A.toString(), ADMIN_A.toString());
          ctx.completeNow();
        })));
  }

  @Test
  void shouldAnswer404ForAnotherTenantsUser(VertxTestContext ctx) {
    String admin = login("tenant-a", "adam@a.example").getString("access_token");
    String ownerB = login("tenant-b", "bob@b.example").getString("access_token");
    get(admin, "/api/v1/users/" + OWNER_B).send()
        .compose(read -> {
          ctx.verify(() -> assertThat(read.statusCode()).isEqualTo(404));
          return platform.patch("/api/v1/users/" + OWNER_B).putHeader("Authorization", "Bearer " + admin)
              .sendJsonObject(new JsonObject().put("display_name", "Hijacked"));
        })
        .compose(update -> {
          ctx.verify(() -> assertThat(update.statusCode()).isEqualTo(404));
          return post(admin, "/api/v1/users/" + OWNER_B + "/deactivate").send();
        })
        .compose(deactivate -> {
          ctx.verify(() -> assertThat(deactivate.statusCode()).isEqualTo(404));
          return post(admin, "/api/v1/users/" + OWNER_B + "/reactivate").send();
        })
        .compose(reactivate -> {
          ctx.verify(() -> assertThat(reactivate.statusCode()).isEqualTo(404));
          return get(ownerB, "/api/v1/users/" + OWNER_B).send();
        })
        .onComplete(ctx.succeeding(untouched -> ctx.verify(() -> {
          assertThat(untouched.statusCode()).isEqualTo(200);
          assertThat(untouched.bodyAsJsonObject().getString("status")).isEqualTo("active");
          assertThat(untouched.bodyAsJsonObject().getString("display_name")).isEqualTo("Bob Owner");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldAnswer400NamingTheBadField(VertxTestContext ctx) {
    String admin = login("tenant-a", "adam@a.example").getString("access_token");
    platform.patch("/api/v1/users/" + STAFF_A).putHeader("Authorization", "Bearer " + admin)
        .sendJsonObject(new JsonObject().put("display_name", " "))
        .compose(blank -> {
          ctx.verify(() -> assertBadField(blank, "display_name"));
          return platform.patch("/api/v1/users/" + STAFF_A).putHeader("Authorization", "Bearer " + admin)
              .sendJsonObject(new JsonObject().put("display_name", 42));
        })
        .compose(number -> {
          ctx.verify(() -> assertBadField(number, "display_name"));
          return get(admin, "/api/v1/users?cursor=not-a-uuid").send();
        })
        .compose(cursor -> {
          ctx.verify(() -> assertBadField(cursor, "cursor"));
          return get(admin, "/api/v1/users?status=gone").send();
        })
        .compose(status -> {
          ctx.verify(() -> assertThat(status.statusCode()).isEqualTo(400));
          return get(admin, "/api/v1/users?limit=1000").send();
        })
        .compose(limit -> {
          ctx.verify(() -> assertThat(limit.statusCode()).isEqualTo(400));
          return get(admin, "/api/v1/users/not-a-uuid").send();
        })
        .onComplete(ctx.succeeding(id -> ctx.verify(() -> {
          assertThat(id.statusCode()).isEqualTo(400);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldAnswer403WithoutThePermissionButLetAUserReadTheirOwnRecord(VertxTestContext ctx) {
    String staff = login("tenant-a", "stella@a.example").getString("access_token");
    get(staff, "/api/v1/users").send()
        .compose(list -> {
          ctx.verify(() -> {
            assertThat(list.statusCode()).isEqualTo(403);
            assertThat(list.bodyAsJsonObject().getString("detail")).contains("users:read");
          });
          return post(staff, "/api/v1/users/" + ADMIN_A + "/deactivate").send();
        })
        .compose(deactivate -> {
          ctx.verify(() -> {
            assertThat(deactivate.statusCode()).isEqualTo(403);
            assertThat(deactivate.bodyAsJsonObject().getString("detail")).contains("users:manage");
          });
          return get(staff, "/api/v1/users/" + ADMIN_A).send();
        })
        .compose(other -> {
          ctx.verify(() -> assertThat(other.statusCode()).isEqualTo(403));
          return get(staff, "/api/v1/users/" + STAFF_A).send();
        })
        .onComplete(ctx.succeeding(own -> ctx.verify(() -> {
          assertThat(own.statusCode()).isEqualTo(200);
          assertThat(own.bodyAsJsonObject().getString("email")).isEqualTo("stella@a.example");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldUpdateTheProfileAuditedAndAnnounced(Vertx vertx, VertxTestContext ctx) {
    String admin = login("tenant-a", "adam@a.example").getString("access_token");
    platform.patch("/api/v1/users/" + STAFF_A).putHeader("Authorization", "Bearer " + admin)
        .sendJsonObject(new JsonObject().put("display_name", "  Stella Store Lead "))
        .compose(updated -> {
          ctx.verify(() -> {
            assertThat(updated.statusCode()).as(updated.bodyAsString()).isEqualTo(200);
            assertThat(updated.bodyAsJsonObject().getString("display_name")).isEqualTo("Stella Store Lead");
            assertThat(updated.bodyAsJsonObject().getJsonArray("roles").getJsonObject(0).getString("key")).isEqualTo("staff");
          });
          return get(admin, "/api/v1/audit?action=user.update").send();
        })
        .compose(audit -> {
          ctx.verify(() -> {
            JsonObject entry = audit.bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
            assertThat(entry.getString("resource_id")).isEqualTo(STAFF_A.toString());
            assertThat(entry.getString("actor_id")).isEqualTo(ADMIN_A.toString());
            assertThat(entry.encode()).contains("Stella Store Lead");
          });
          Pool owner = TestInfra.get().ownerPool(vertx);
          return owner.query("SELECT payload FROM outbox_event WHERE type = 'user.updated'").execute()
              .eventually(owner::close);
        })
        .onComplete(ctx.succeeding(events -> ctx.verify(() -> {
          assertThat(events.size()).isEqualTo(1);
          assertThat(events.iterator().next().getJsonObject("payload").getString("user_id")).isEqualTo(STAFF_A.toString());
          ctx.completeNow();
        })));
  }

  @Test
  void shouldReportUserAndProductCountsInTheTenantUsage(VertxTestContext ctx) {
    String owner = login("tenant-a", "olivia@a.example").getString("access_token");
    String admin = login("tenant-a", "adam@a.example").getString("access_token");
    commerce.post("/api/v1/products").putHeader("Authorization", "Bearer " + owner).sendJsonObject(product("Mug", "MUG-1"))
        .compose(one -> commerce.post("/api/v1/products").putHeader("Authorization", "Bearer " + owner)
            .sendJsonObject(product("Cup", "CUP-1")))
        .compose(two -> {
          ctx.verify(() -> assertThat(two.statusCode()).as(two.bodyAsString()).isEqualTo(201));
          return post(admin, "/api/v1/users/" + STAFF_A + "/deactivate").send();
        })
        .compose(deactivated -> get(owner, "/api/v1/tenants/" + TENANT_A + "/usage").send())
        .onComplete(ctx.succeeding(usage -> ctx.verify(() -> {
          assertThat(usage.statusCode()).as(usage.bodyAsString()).isEqualTo(200);
          JsonObject counters = usage.bodyAsJsonObject().getJsonObject("usage");
          assertThat(counters.getLong("users")).isEqualTo(2);
          assertThat(counters.getLong("products")).isEqualTo(2);
          assertThat(counters.getLong("locations")).isZero();
          assertThat(usage.bodyAsJsonObject().getJsonObject("limits").getInteger("max_users")).isEqualTo(3);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldEnforceThePlanUserLimitAtRegistrationAndReactivation(VertxTestContext ctx) {
    String admin = login("tenant-a", "adam@a.example").getString("access_token");
    JsonObject newcomer = new JsonObject().put("tenant_slug", "tenant-a").put("email", "nina@a.example")
        .put("password", PASSWORD).put("display_name", "Nina");
    auth.post("/api/v1/auth/register").sendJsonObject(newcomer)
        .compose(full -> {
          ctx.verify(() -> {
            assertThat(full.statusCode()).as(full.bodyAsString()).isEqualTo(403);
            assertThat(full.bodyAsJsonObject().getString("type")).isEqualTo("urn:olympus:problem:quota-exceeded");
          });
          return post(admin, "/api/v1/users/" + STAFF_A + "/deactivate").send();
        })
        .compose(freed -> auth.post("/api/v1/auth/register").sendJsonObject(newcomer))
        .compose(registered -> {
          ctx.verify(() -> assertThat(registered.statusCode()).as(registered.bodyAsString()).isEqualTo(201));
          return post(admin, "/api/v1/users/" + STAFF_A + "/reactivate").send();
        })
        .onComplete(ctx.succeeding(reactivate -> ctx.verify(() -> {
          assertThat(reactivate.statusCode()).isEqualTo(403);
          assertThat(reactivate.bodyAsJsonObject().getString("type")).isEqualTo("urn:olympus:problem:quota-exceeded");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldNotOvershootThePlanUserLimitUnderConcurrentRegistrations(VertxTestContext ctx) {
    // tenant B has one user; the free plan allows 3: of 6 concurrent registrations exactly 2 get a seat
    List<Future<HttpResponse<Buffer>>> attempts = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      attempts.add(auth.post("/api/v1/auth/register").sendJsonObject(new JsonObject().put("tenant_slug", "tenant-b")
          .put("email", "racer" + i + "@b.example").put("password", PASSWORD).put("display_name", "Racer " + i)));
    }
    Future.join(attempts)
        .compose(all -> {
          ctx.verify(() -> {
            List<Integer> statuses = attempts.stream().map(a -> a.result().statusCode()).toList();
            assertThat(statuses).filteredOn(s -> s == 201).hasSize(2);
            assertThat(statuses).filteredOn(s -> s == 403).hasSize(4);
          });
          return Future.succeededFuture();
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  private static void assertBadField(HttpResponse<Buffer> r, String field) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(r.bodyAsJsonObject().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")))
        .contains(field);
  }

  private static List<String> ids(HttpResponse<Buffer> r) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject().getJsonArray("items").stream().map(u -> ((JsonObject) u).getString("id")).toList();
  }

  private HttpRequest<Buffer> get(String bearer, String path) {
    return get(bearer, path, platform);
  }

  private static HttpRequest<Buffer> get(String bearer, String path, WebClient client) {
    return client.get(path).putHeader("Authorization", "Bearer " + bearer);
  }

  private HttpRequest<Buffer> post(String bearer, String path) {
    return platform.post(path).putHeader("Authorization", "Bearer " + bearer);
  }

  private JsonObject login(String slug, String email) {
    HttpResponse<Buffer> r = auth.post("/api/v1/auth/login").sendJsonObject(credentials(slug, email)).await();
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  private static JsonObject credentials(String slug, String email) {
    return new JsonObject().put("tenant_slug", slug).put("email", email).put("password", PASSWORD);
  }

  private static JsonObject product(String title, String sku) {
    return new JsonObject().put("title", title).put("status", "active")
        .put("variants", new JsonArray().add(new JsonObject().put("sku", sku)
            .put("price", new JsonObject().put("amount", 500).put("currency", "EUR"))));
  }

  private static WebClient client(Vertx vertx, int port) {
    return WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
  }

  private static void user(UUID id, UUID tenantId, String email, String name, String hash, String roleId) {
    TestInfra.get().executeAsOwner(("INSERT INTO auth_users (id, tenant_id, email, display_name, password_hash, "
        + "email_verified) VALUES ('%s', '%s', '%s', '%s', '%s', true); "
        + "INSERT INTO user_roles (tenant_id, user_id, role_id) VALUES ('%2$s', '%1$s', '%6$s')")
        .formatted(id, tenantId, email, name, hash, roleId));
  }
}
