package io.olympus.auth.apikey.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.olympus.auth.testing.CredentialHarness;
import io.olympus.common.bus.BusErrors;
import io.olympus.common.db.Tenancy;
import io.olympus.common.error.UnauthorizedException;
import io.olympus.common.security.AuthAddresses;
import io.olympus.common.security.Principal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(VertxExtension.class)
class ApiKeyTest {

  @RegisterExtension
  static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  static final String DEFAULT_TENANT = "acme";
  static final String OWNER_EMAIL = "owner@example.com";
  static final String STAFF_EMAIL = "staff@example.com";

  private CredentialHarness auth;
  private UUID tenantId;
  private UUID ownerId;
  private String ownerAccess;

  @BeforeEach
  void setUp(Vertx vertx) {
    auth = new CredentialHarness(vertx, MAIL).start();
    tenantId = CredentialHarness.tenant(DEFAULT_TENANT);
    ownerId = auth.user(tenantId, OWNER_EMAIL, "owner");
    auth.user(tenantId, STAFF_EMAIL, "staff");
    ownerAccess = auth.signedIn(DEFAULT_TENANT, OWNER_EMAIL).await().getString("access_token");
  }

  @AfterEach
  void tearDown() {
    auth.stop();
  }

  @Test
  void shouldShowTheKeyOnceAndVerifyItOverTheBus(VertxTestContext ctx) {
    create(ownerAccess, "catalog sync", new JsonArray().add("products:read").add("products:read"))
        .compose(created -> {
          JsonObject body = created.bodyAsJsonObject();
          String key = body.getString("key");
          ctx.verify(() -> {
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(created.getHeader("Location")).isEqualTo("/api/v1/auth/api-keys/" + body.getString("id"));
            assertThat(key).matches("olym_[a-z2-7]{34}_[a-z2-7]{52}");
            assertThat(key).startsWith(body.getString("prefix") + "_");
            assertThat(body.getJsonArray("scopes")).containsExactly("products:read");
          });
          return verify(key)
              .compose(principal -> {
                ctx.verify(() -> {
                  assertThat(principal.amr()).containsExactly("api_key");
                  assertThat(principal.scopes()).containsExactly("products:read");
                  assertThat(principal.tenantId()).isEqualTo(tenantId);
                  assertThat(principal.userId()).isEqualTo(ownerId);
                  assertThat(principal.isApiKey()).isTrue();
                });
                return auth.get("/api/v1/auth/api-keys", ownerAccess);
              });
        })
        .compose(list -> {
          JsonObject item = list.bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
          ctx.verify(() -> {
            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(item.containsKey("key")).isFalse();
            assertThat(item.encode()).doesNotContain("secret");
            assertThat(item.getString("last_used_at")).isNotNull();
          });
          return auth.components.apiKeys().flushLastUsed();
        })
        .compose(flushed -> {
          ctx.verify(() -> assertThat(flushed).isEqualTo(1));
          return Tenancy.inTenant(auth.appPool, tenantId, conn -> conn
              .preparedQuery("SELECT last_used_at FROM auth_api_keys WHERE tenant_id = $1").execute(Tuple.of(tenantId)));
        })
        .onComplete(ctx.succeeding(rows -> ctx.verify(() -> {
          assertThat(rows.iterator().next().getOffsetDateTime("last_used_at")).isNotNull();
          ctx.completeNow();
        })));
  }

  @Test
  void shouldAnswer403ForAKeyMissingTheScope(VertxTestContext ctx) {
    String key = create(ownerAccess, "read only", new JsonArray().add("products:read")).await().bodyAsJsonObject().getString("key");
    auth.client.post("/api/v1/auth/api-keys").putHeader("X-Api-Key", key)
        .sendJsonObject(new JsonObject().put("name", "escalate").put("scopes", new JsonArray().add("products:read")))
        .compose(viaHeader -> {
          ctx.verify(() -> {
            assertThat(viaHeader.statusCode()).isEqualTo(403);
            assertThat(viaHeader.bodyAsJsonObject().getString("detail")).contains("api_keys:manage");
          });
          return auth.get("/api/v1/auth/api-keys", key);
        })
        .onComplete(ctx.succeeding(viaBearer -> ctx.verify(() -> {
          assertThat(viaBearer.statusCode()).isEqualTo(403);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldRefuseScopesTheCreatorDoesNotHoldOrThatDoNotExist(VertxTestContext ctx) {
    create(ownerAccess, "too much", new JsonArray().add("products:read").add("billing:manage"))
        .compose(notHeld -> {
          ctx.verify(() -> {
            assertThat(notHeld.statusCode()).isEqualTo(403);
            assertThat(notHeld.bodyAsJsonObject().getString("detail")).contains("billing:manage");
          });
          return create(ownerAccess, "unknown", new JsonArray().add("products:read").add("rockets:launch").add("Bad Scope"));
        })
        .compose(unknown -> {
          ctx.verify(() -> {
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(CredentialHarness.fields(unknown)).containsExactly("scopes[2]");
          });
          return create(ownerAccess, "unknown", new JsonArray().add("rockets:launch"));
        })
        .compose(unknown -> {
          ctx.verify(() -> {
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(CredentialHarness.fields(unknown)).containsExactly("scopes[0]");
          });
          return auth.signedIn(DEFAULT_TENANT, STAFF_EMAIL);
        })
        .compose(staff -> create(staff.getString("access_token"), "staff key", new JsonArray().add("products:read")))
        .onComplete(ctx.succeeding(staff -> ctx.verify(() -> {
          assertThat(staff.statusCode()).isEqualTo(403);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldRefuseARevokedOrExpiredKeyAndAnnounceTheRevocation(Vertx vertx, VertxTestContext ctx) {
    JsonObject created = create(ownerAccess, "to revoke", new JsonArray().add("products:read")).await().bodyAsJsonObject();
    String key = created.getString("key");
    assertThat(verify(key).await().tenantId()).isEqualTo(tenantId);
    Future<Message<JsonObject>> announced = Future.future(p -> vertx.eventBus().<JsonObject>consumer(
        AuthAddresses.EVENT_API_KEY_REVOKED, p::tryComplete));
    auth.delete("/api/v1/auth/api-keys/" + created.getString("id"), ownerAccess)
        .compose(revoked -> {
          ctx.verify(() -> assertThat(revoked.statusCode()).isEqualTo(204));
          return announced;
        })
        .compose(event -> {
          ctx.verify(() -> assertThat(event.body().getString("api_key_id")).isEqualTo(created.getString("id")));
          return verify(key).transform(ar -> Future.succeededFuture(ar.cause()));
        })
        .compose(refused -> {
          ctx.verify(() -> assertThat(refused).isInstanceOf(UnauthorizedException.class));
          return auth.get("/api/v1/auth/api-keys", key);
        })
        .compose(viaHttp -> {
          ctx.verify(() -> assertThat(viaHttp.statusCode()).isEqualTo(401));
          // a key of another tenant's prefix with this secret finds nothing
          String forged = key.substring(0, 5) + "aaaaaaaaaaaaaaaaaaaaaaaaaa" + key.substring(31);
          return verify(forged).transform(ar -> Future.succeededFuture(ar.cause()));
        })
        .onComplete(ctx.succeeding(forged -> ctx.verify(() -> {
          assertThat(forged).isInstanceOf(UnauthorizedException.class);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldRefuseAnExpiredKey(VertxTestContext ctx) {
    JsonObject created = create(ownerAccess, "short", new JsonArray().add("products:read"),
        Instant.now().plus(1, ChronoUnit.DAYS)).await().bodyAsJsonObject();
    TestExpiry.expire(auth, tenantId, UUID.fromString(created.getString("id")));
    verify(created.getString("key"))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(err).isInstanceOf(UnauthorizedException.class);
          ctx.completeNow();
        })));
  }

  /** Moves a key's expiry into the past (set-up only). */
  static final class TestExpiry {
    static void expire(CredentialHarness auth, UUID tenantId, UUID id) {
      Tenancy.inTenant(auth.appPool, tenantId, conn -> conn
          .preparedQuery("UPDATE auth_api_keys SET expires_at = now() - interval '1 second' WHERE tenant_id = $1 AND id = $2")
          .execute(Tuple.of(tenantId, id))).await();
    }
  }

  private Future<HttpResponse<Buffer>> create(String bearer, String name, JsonArray scopes) {
    return create(bearer, name, scopes, null);
  }

  private Future<HttpResponse<Buffer>> create(String bearer, String name, JsonArray scopes, Instant expiresAt) {
    JsonObject body = new JsonObject().put("name", name).put("scopes", scopes);
    if (expiresAt != null) {
      body.put("expires_at", expiresAt.toString());
    }
    return auth.post("/api/v1/auth/api-keys", body, bearer);
  }

  private Future<Principal> verify(String key) {
    return auth.vertx.eventBus().<JsonObject>request(AuthAddresses.VERIFY_API_KEY, new JsonObject().put("key", key))
        .recover(err -> Future.failedFuture(BusErrors.toDomain(err)))
        .map(reply -> Principal.fromJson(reply.body()));
  }
}
