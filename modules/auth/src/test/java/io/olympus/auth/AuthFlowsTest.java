package io.olympus.auth;

import static io.olympus.auth.testing.AccountHarness.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.olympus.auth.account.repository.Account;
import io.olympus.auth.account.repository.AccountRepository;
import io.olympus.auth.account.repository.RequestMeta;
import io.olympus.auth.account.service.TenantBoundTokens;
import io.olympus.auth.testing.AccountHarness;
import io.olympus.common.db.Tenancy;
import io.olympus.common.error.UnauthorizedException;
import io.olympus.common.testing.TestInfra;
import io.olympus.common.security.AuthAddresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(VertxExtension.class)
class AuthFlowsTest {

  @RegisterExtension
  static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  static final String DEFAULT_TENANT = "acme";
  static final String OTHER_TENANT = "globex";
  static final String DEFAULT_EMAIL = "anna@example.com";

  private final Map<String, UUID> tenants = new java.util.HashMap<>();
  private AccountHarness auth;

  private AccountHarness start(Vertx vertx, Map<String, String> overrides) {
    auth = new AccountHarness(vertx, MAIL).start(overrides);
    tenants.put(DEFAULT_TENANT, AccountHarness.tenant(DEFAULT_TENANT));
    tenants.put(OTHER_TENANT, AccountHarness.tenant(OTHER_TENANT));
    return auth;
  }

  @AfterEach
  void tearDown() {
    if (auth != null) {
      auth.stop();
    }
  }

  @Test
  void shouldRegisterVerifyByMailLoginRefreshAndLogout(Vertx vertx, VertxTestContext ctx) {
    start(vertx, Map.of());
    auth.register(DEFAULT_TENANT, "  Anna@EXAMPLE.com ")
        .compose(created -> {
          ctx.verify(() -> {
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(created.getHeader("Location")).startsWith("/api/v1/auth/users/");
            assertThat(created.bodyAsJsonObject().getString("email")).isEqualTo(DEFAULT_EMAIL);
            assertThat(created.bodyAsJsonObject().getBoolean("email_verified")).isFalse();
            assertThat(MAIL.getReceivedMessages()).hasSize(1);
            assertThat(MAIL.getReceivedMessages()[0].getSubject()).isEqualTo("Confirm your email address");
          });
          return auth.get(auth.lastLink(DEFAULT_EMAIL, "verify-email"));
        })
        .compose(verified -> {
          ctx.verify(() -> assertThat(verified.statusCode()).isEqualTo(200));
          // the link is single-use
          return auth.get(auth.lastLink(DEFAULT_EMAIL, "verify-email"));
        })
        .compose(again -> {
          ctx.verify(() -> assertThat(again.statusCode()).isEqualTo(400));
          return auth.login(DEFAULT_TENANT, DEFAULT_EMAIL, PASSWORD);
        })
        .compose(login -> {
          JsonObject tokens = login.bodyAsJsonObject();
          ctx.verify(() -> {
            assertThat(login.statusCode()).isEqualTo(200);
            assertThat(tokens.getString("token_type")).isEqualTo("Bearer");
            assertThat(tokens.getInteger("expires_in")).isBetween(890, 900);
            assertThat(tokens.getString("session_id")).isNotBlank();
            JsonObject claims = claims(tokens.getString("access_token"));
            assertThat(claims.getBoolean("email_verified")).isTrue();
            assertThat(claims.getString("sid")).isEqualTo(tokens.getString("session_id"));
            assertThat(claims.getJsonArray("amr")).containsExactly("pwd");
          });
          return auth.refresh(tokens.getString("refresh_token"));
        })
        .compose(refreshed -> {
          JsonObject tokens = refreshed.bodyAsJsonObject();
          ctx.verify(() -> assertThat(refreshed.statusCode()).isEqualTo(200));
          return auth.get("/api/v1/auth/sessions", tokens.getString("access_token"))
              .compose(sessions -> {
                ctx.verify(() -> {
                  assertThat(sessions.statusCode()).isEqualTo(200);
                  assertThat(sessions.bodyAsJsonObject().getJsonArray("items")).hasSize(1);
                  assertThat(sessions.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getBoolean("current")).isTrue();
                });
                return auth.post("/api/v1/auth/logout", new JsonObject(), tokens.getString("access_token"));
              })
              .compose(logout -> {
                ctx.verify(() -> assertThat(logout.statusCode()).isEqualTo(204));
                return auth.refresh(tokens.getString("refresh_token"));
              })
              .compose(afterLogout -> {
                ctx.verify(() -> assertThat(afterLogout.statusCode()).isEqualTo(401));
                return auth.get("/api/v1/auth/sessions", tokens.getString("access_token"));
              });
        })
        .onComplete(ctx.succeeding(afterLogout -> ctx.verify(() -> {
          assertThat(afterLogout.statusCode()).isEqualTo(401);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldRollBackTheWholeSignInWhenTheAccountIsDeactivatedAfterItsPasswordCheck(Vertx vertx) {
    start(vertx, Map.of());
    JsonObject first = auth.signedIn(DEFAULT_TENANT, DEFAULT_EMAIL).await();
    UUID tenantId = tenants.get(DEFAULT_TENANT);
    io.vertx.sqlclient.Pool owner = TestInfra.get().ownerPool(vertx);
    try {
      // the account as the sign-in read it before the hash: active; then deactivated before the sign-in is recorded
      Account read = Tenancy.readInTenant(owner, tenantId,
          conn -> new AccountRepository().findByEmail(conn, tenantId, DEFAULT_EMAIL)).await().orElseThrow();
      TestInfra.get().executeAsOwner("UPDATE auth_users SET status = 'deactivated' WHERE id = '" + read.id() + "'");

      Throwable refused = auth.components.login().startSession(read, "second-device", "Second",
              new RequestMeta("203.0.113.9", "second agent", "req-deactivated"), java.util.List.of("pwd"))
          .transform(done -> Future.succeededFuture(done.cause()))
          .await();

      assertThat(refused).isInstanceOf(UnauthorizedException.class);
      // nothing of the refused sign-in stayed: not its device, events, outbox event or refresh family
      io.vertx.sqlclient.Row left = owner.preparedQuery("""
              SELECT (SELECT count(*) FROM auth_devices WHERE user_id = $1),
                     (SELECT count(*) FROM auth_security_events WHERE user_id = $1 AND type = 'login_succeeded'),
                     (SELECT count(*) FROM outbox_event WHERE type = 'user.logged_in' AND aggregate_id = $2),
                     (SELECT count(*) FROM auth_refresh_token_families WHERE user_id = $1)
              """)
          .execute(io.vertx.sqlclient.Tuple.of(read.id(), read.id().toString())).await().iterator().next();
      assertThat(List.of(left.getLong(0), left.getLong(1), left.getLong(2), left.getLong(3)))
          .containsExactly(1L, 1L, 1L, 1L);
      // and its Redis session is gone: back to active, the first session lists itself alone
      TestInfra.get().executeAsOwner("UPDATE auth_users SET status = 'active' WHERE id = '" + read.id() + "'");
      HttpResponse<Buffer> sessions = auth.get("/api/v1/auth/sessions", first.getString("access_token")).await();
      assertThat(sessions.statusCode()).isEqualTo(200);
      assertThat(sessions.bodyAsJsonObject().getJsonArray("items")).hasSize(1);
    } finally {
      owner.close().await();
    }
  }

  @Test
  void shouldRecordTheSignInItsSessionAndItsNewDeviceInItsEventsAndTheOutbox(Vertx vertx) {
    start(vertx, Map.of());
    auth.signedIn(DEFAULT_TENANT, DEFAULT_EMAIL).await();
    HttpResponse<Buffer> tablet = auth.post("/api/v1/auth/login", new JsonObject().put("tenant_slug", DEFAULT_TENANT)
        .put("email", DEFAULT_EMAIL).put("password", PASSWORD).put("device_id", "tablet-1").put("device_name", "Tablet"))
        .await();
    assertThat(tablet.statusCode()).isEqualTo(200);
    JsonObject session = auth.get("/api/v1/auth/sessions", tablet.bodyAsJsonObject().getString("access_token")).await()
        .bodyAsJsonObject().getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(s -> s.getBoolean("current")).findFirst().orElseThrow();
    String sessionId = session.getString("id");
    io.vertx.sqlclient.Pool owner = TestInfra.get().ownerPool(vertx);
    try {
      io.vertx.sqlclient.Row row = owner.preparedQuery("""
              SELECT d.id::text,
                     (SELECT e.detail FROM auth_security_events e
                      WHERE e.type = 'login_succeeded' AND e.detail->>'session_id' = $1),
                     (SELECT e.detail FROM auth_security_events e
                      WHERE e.type = 'new_device' AND e.detail->>'device_id' = d.id::text),
                     (SELECT o.payload FROM outbox_event o
                      WHERE o.type = 'user.logged_in' AND o.payload->>'session_id' = $1)
              FROM auth_devices d WHERE d.device_key = 'id:tablet-1'
              """)
          .execute(io.vertx.sqlclient.Tuple.of(sessionId)).await().iterator().next();
      String deviceId = row.getString(0);
      assertThat(session.getString("device_id")).isEqualTo(deviceId);
      assertThat(row.getJsonObject(1)).isEqualTo(new JsonObject().put("session_id", sessionId).put("device_id", deviceId));
      assertThat(row.getJsonObject(2)).isEqualTo(new JsonObject().put("device_id", deviceId));
      JsonObject event = row.getJsonObject(3);
      assertThat(event.getString("device_id")).isEqualTo(deviceId);
      assertThat(event.getBoolean("new_device")).isTrue();
    } finally {
      owner.close().await();
    }
  }

  @Test
  void shouldRevokeTheFamilyWhenARotatedRefreshTokenIsReused(Vertx vertx, VertxTestContext ctx) {
    start(vertx, Map.of());
    auth.signedIn(DEFAULT_TENANT, DEFAULT_EMAIL)
        .compose(first -> auth.refresh(first.getString("refresh_token"))
            .compose(second -> auth.refresh(second.bodyAsJsonObject().getString("refresh_token")))
            .compose(third -> auth.refresh(first.getString("refresh_token"))
                .compose(reused -> {
                  ctx.verify(() -> {
                    assertThat(reused.statusCode()).isEqualTo(401);
                    assertThat(reused.bodyAsJsonObject().getString("detail")).contains("reuse");
                  });
                  return auth.refresh(third.bodyAsJsonObject().getString("refresh_token"));
                })
                .compose(latest -> {
                  ctx.verify(() -> assertThat(latest.statusCode()).isEqualTo(401));
                  return auth.get("/api/v1/auth/sessions", third.bodyAsJsonObject().getString("access_token"));
                })))
        .onComplete(ctx.succeeding(sessions -> ctx.verify(() -> {
          assertThat(sessions.statusCode()).isEqualTo(401);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldRecordARefreshTokenReuseAsASecurityEventOfItsUser(Vertx vertx, VertxTestContext ctx) {
    start(vertx, Map.of());
    auth.signedIn(DEFAULT_TENANT, DEFAULT_EMAIL)
        .compose(first -> auth.refresh(first.getString("refresh_token"))
            .compose(second -> auth.refresh(second.bodyAsJsonObject().getString("refresh_token")))
            .compose(third -> auth.refresh(first.getString("refresh_token")))
            .compose(reused -> {
              ctx.verify(() -> assertThat(reused.bodyAsJsonObject().getString("detail")).contains("reuse"));
              return auth.signedIn(DEFAULT_TENANT, DEFAULT_EMAIL);
            })
            .compose(again -> auth.get("/api/v1/auth/security-events", again.getString("access_token"))))
        .onComplete(ctx.succeeding(events -> ctx.verify(() -> {
          assertThat(events.statusCode()).as(events.bodyAsString()).isEqualTo(200);
          assertThat(events.bodyAsJsonObject().getJsonArray("items").stream()
              .map(e -> ((JsonObject) e).getString("type")).toList()).contains("refresh_token_reuse");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldGiveTwoConcurrentRefreshesInsideTheGraceWindowTheSamePair(Vertx vertx, VertxTestContext ctx) {
    start(vertx, Map.of());
    auth.signedIn(DEFAULT_TENANT, DEFAULT_EMAIL)
        .compose(tokens -> {
          Future<HttpResponse<Buffer>> a = auth.refresh(tokens.getString("refresh_token"));
          Future<HttpResponse<Buffer>> b = auth.refresh(tokens.getString("refresh_token"));
          return Future.all(a, b).map(all -> new HttpResponse[] {a.result(), b.result()});
        })
        .onComplete(ctx.succeeding(both -> ctx.verify(() -> {
          assertThat(both[0].statusCode()).isEqualTo(200);
          assertThat(both[1].statusCode()).isEqualTo(200);
          assertThat(both[0].bodyAsJsonObject().getString("refresh_token"))
              .isEqualTo(both[1].bodyAsJsonObject().getString("refresh_token"));
          ctx.completeNow();
        })));
  }

  @Test
  void shouldAnswerUnknownUserAndWrongPasswordIdentically(Vertx vertx, VertxTestContext ctx) {
    start(vertx, Map.of());
    auth.signedIn(DEFAULT_TENANT, DEFAULT_EMAIL)
        .compose(ignored -> auth.login(DEFAULT_TENANT, "nobody@example.com", PASSWORD))
        .compose(unknown -> auth.login(DEFAULT_TENANT, DEFAULT_EMAIL, "wrong password entirely")
            .map(wrong -> new HttpResponse[] {unknown, wrong}))
        .onComplete(ctx.succeeding(answers -> ctx.verify(() -> {
          assertSameFailure(answers[0], answers[1]);
          assertThat(answers[0].statusCode()).isEqualTo(401);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldSpendTheDummyHashOnAnUnknownTenantAsOnAnUnknownEmail(Vertx vertx, VertxTestContext ctx) {
    start(vertx, Map.of());
    long before = auth.components.hasher().dummyVerifications();
    auth.login(DEFAULT_TENANT, "nobody@example.com", PASSWORD)
        .compose(unknownEmail -> {
          ctx.verify(() -> assertThat(auth.components.hasher().dummyVerifications()).isEqualTo(before + 1));
          return auth.login("no-such-tenant", "nobody@example.com", PASSWORD)
              .map(unknownTenant -> new HttpResponse[] {unknownEmail, unknownTenant});
        })
        .onComplete(ctx.succeeding(answers -> ctx.verify(() -> {
          // the same Argon2 work (a verification against the dummy hash) and the same answer
          assertThat(auth.components.hasher().dummyVerifications()).isEqualTo(before + 2);
          assertSameFailure(answers[0], answers[1]);
          assertThat(answers[1].statusCode()).isEqualTo(401);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldNotRevealAnAccountsRecentAttemptsInTheRateLimitHeaders(Vertx vertx, VertxTestContext ctx) {
    start(vertx, Map.of("AUTH_RATE_LOGIN_IP_PER_MINUTE", "100", "AUTH_RATE_LOGIN_ACCOUNT_PER_MINUTE", "5"));
    String wrong = "wrong password entirely";
    auth.login(DEFAULT_TENANT, DEFAULT_EMAIL, wrong)
        .compose(first -> auth.login(DEFAULT_TENANT, DEFAULT_EMAIL, wrong))
        .compose(second -> auth.login(DEFAULT_TENANT, DEFAULT_EMAIL, wrong))
        .compose(third -> auth.login(DEFAULT_TENANT, DEFAULT_EMAIL, wrong))
        .onComplete(ctx.succeeding(fourth -> ctx.verify(() -> {
          // the account's limit (5, one left) is enforced but not shown: the headers are the caller's own (per IP)
          assertThat(fourth.statusCode()).isEqualTo(401);
          assertThat(fourth.getHeader("RateLimit-Limit")).isEqualTo("100");
          assertThat(fourth.getHeader("RateLimit-Remaining")).isEqualTo("96");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldAnswerALockedAccountLikeAWrongPasswordAndUnlockByMail(Vertx vertx, VertxTestContext ctx) {
    start(vertx, Map.of("AUTH_LOCKOUT_THRESHOLD", "3"));
    String wrong = "wrong password entirely";
    auth.signedIn(DEFAULT_TENANT, DEFAULT_EMAIL)
        .compose(ignored -> auth.login(DEFAULT_TENANT, DEFAULT_EMAIL, wrong))
        .compose(ignored -> auth.login(DEFAULT_TENANT, DEFAULT_EMAIL, wrong))
        .compose(ignored -> auth.login(DEFAULT_TENANT, DEFAULT_EMAIL, wrong))
        .compose(wrongAnswer -> auth.login(DEFAULT_TENANT, DEFAULT_EMAIL, PASSWORD)
            .map(locked -> new HttpResponse[] {wrongAnswer, locked}))
        .compose(answers -> {
          ctx.verify(() -> assertSameFailure(answers[0], answers[1]));
          return auth.get(auth.lastLink(DEFAULT_EMAIL, "unlock"));
        })
        .compose(unlocked -> {
          ctx.verify(() -> assertThat(unlocked.statusCode()).isEqualTo(200));
          return auth.login(DEFAULT_TENANT, DEFAULT_EMAIL, PASSWORD);
        })
        .compose(login -> {
          ctx.verify(() -> assertThat(login.statusCode()).isEqualTo(200));
          return auth.get("/api/v1/auth/security-events", login.bodyAsJsonObject().getString("access_token"));
        })
        .onComplete(ctx.succeeding(events -> ctx.verify(() -> {
          JsonArray items = events.bodyAsJsonObject().getJsonArray("items");
          assertThat(items.stream().map(e -> ((JsonObject) e).getString("type")))
              .contains("locked_out", "unlocked", "login_failed", "login_succeeded");
          assertThat(items.getJsonObject(0).getString("ip")).isEqualTo("127.0.0.1");
          assertThat(items.getJsonObject(0).getString("request_id")).isNotBlank();
          ctx.completeNow();
        })));
  }

  @Test
  void shouldLetATenantAdminUnlockAUser(Vertx vertx, VertxTestContext ctx) {
    start(vertx, Map.of("AUTH_LOCKOUT_THRESHOLD", "2"));
    JsonObject owner = new JsonObject().put("tenant_id", tenantId(DEFAULT_TENANT)).put("email", "owner@example.com")
        .put("password", PASSWORD).put("display_name", "Owner");
    vertx.eventBus().<JsonObject>request(AuthAddresses.REGISTER_OWNER, owner)
        .compose(reply -> auth.signedIn(DEFAULT_TENANT, DEFAULT_EMAIL)
            .compose(user -> auth.login(DEFAULT_TENANT, DEFAULT_EMAIL, "wrong password entirely")
                .compose(r -> auth.login(DEFAULT_TENANT, DEFAULT_EMAIL, "wrong password entirely"))
                .compose(r -> auth.login(DEFAULT_TENANT, DEFAULT_EMAIL, PASSWORD))
                .compose(locked -> {
                  ctx.verify(() -> assertThat(locked.statusCode()).isEqualTo(401));
                  String userId = claims(user.getString("access_token")).getString("sub");
                  // a plain user may not unlock anyone
                  return auth.post("/api/v1/auth/users/" + userId + "/unlock", new JsonObject(), user.getString("access_token"))
                      .compose(forbidden -> {
                        ctx.verify(() -> assertThat(forbidden.statusCode()).isEqualTo(403));
                        return auth.post("/api/v1/auth/users/" + userId + "/unlock", new JsonObject(),
                            reply.body().getString("access_token"));
                      });
                })))
        .compose(unlocked -> {
          ctx.verify(() -> assertThat(unlocked.statusCode()).isEqualTo(204));
          return auth.login(DEFAULT_TENANT, DEFAULT_EMAIL, PASSWORD);
        })
        .onComplete(ctx.succeeding(login -> ctx.verify(() -> {
          assertThat(login.statusCode()).isEqualTo(200);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldAnswer429WithRetryAfterWhenTheLoginRateIsExceeded(Vertx vertx, VertxTestContext ctx) {
    start(vertx, Map.of("AUTH_RATE_LOGIN_IP_PER_MINUTE", "2"));
    auth.login(DEFAULT_TENANT, DEFAULT_EMAIL, PASSWORD)
        .compose(first -> {
          ctx.verify(() -> {
            assertThat(first.statusCode()).isEqualTo(401);
            assertThat(first.getHeader("RateLimit-Limit")).isEqualTo("2");
            assertThat(first.getHeader("RateLimit-Remaining")).isEqualTo("1");
          });
          return auth.login(DEFAULT_TENANT, DEFAULT_EMAIL, PASSWORD);
        })
        .compose(second -> auth.login(DEFAULT_TENANT, DEFAULT_EMAIL, PASSWORD))
        .compose(third -> {
          ctx.verify(() -> {
            assertThat(third.statusCode()).isEqualTo(429);
            assertThat(Long.parseLong(third.getHeader("Retry-After"))).isBetween(1L, 60L);
            assertThat(third.getHeader("RateLimit-Remaining")).isEqualTo("0");
            assertThat(third.getHeader("Content-Type")).startsWith("application/problem+json");
          });
          // the refused attempt's credentials were never checked: two failed sign-ins recorded, not three (the
          // tenant was known by then, so its account was read while the limits were counted)
          io.vertx.sqlclient.Pool owner = TestInfra.get().ownerPool(vertx);
          return owner.preparedQuery("SELECT count(*) FROM auth_security_events WHERE tenant_id = $1 AND type = 'login_failed'")
              .execute(io.vertx.sqlclient.Tuple.of(tenants.get(DEFAULT_TENANT)))
              .map(rows -> rows.iterator().next().getLong(0))
              .eventually(() -> owner.close());
        })
        .onComplete(ctx.succeeding(failures -> ctx.verify(() -> {
          assertThat(failures).isEqualTo(2L);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldRefuseTheAccessTokenOfARevokedSessionOnItsNextUse(Vertx vertx, VertxTestContext ctx) {
    start(vertx, Map.of());
    auth.signedIn(DEFAULT_TENANT, DEFAULT_EMAIL)
        .compose(phone -> auth.login(DEFAULT_TENANT, DEFAULT_EMAIL, PASSWORD)
            .compose(laptop -> {
              String laptopToken = laptop.bodyAsJsonObject().getString("access_token");
              return auth.get("/api/v1/auth/sessions", laptopToken)
                  .compose(before -> {
                    ctx.verify(() -> assertThat(before.bodyAsJsonObject().getJsonArray("items")).hasSize(2));
                    return auth.delete("/api/v1/auth/sessions/" + laptop.bodyAsJsonObject().getString("session_id"),
                        phone.getString("access_token"));
                  })
                  .compose(deleted -> {
                    ctx.verify(() -> assertThat(deleted.statusCode()).isEqualTo(204));
                    return auth.get("/api/v1/auth/devices", laptopToken);
                  })
                  .compose(refused -> {
                    ctx.verify(() -> assertThat(refused.statusCode()).isEqualTo(401));
                    return auth.get("/api/v1/auth/sessions", phone.getString("access_token"));
                  });
            }))
        .onComplete(ctx.succeeding(after -> ctx.verify(() -> {
          assertThat(after.statusCode()).isEqualTo(200);
          assertThat(after.bodyAsJsonObject().getJsonArray("items")).hasSize(1);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldNotLetAUserOfOneTenantSignInToOrActInAnother(Vertx vertx, VertxTestContext ctx) {
    start(vertx, Map.of());
    auth.signedIn(DEFAULT_TENANT, DEFAULT_EMAIL)
        .compose(a -> auth.login(OTHER_TENANT, DEFAULT_EMAIL, PASSWORD)
            .compose(inOther -> {
              ctx.verify(() -> assertThat(inOther.statusCode()).isEqualTo(401));
              // the same refresh token presented as the other tenant's finds nothing there
              String secret = TenantBoundTokens.parse(a.getString("refresh_token")).orElseThrow().secret();
              return auth.refresh(TenantBoundTokens.wrap(UUID.fromString(tenantId(OTHER_TENANT)), secret));
            })
            .compose(forged -> {
              ctx.verify(() -> assertThat(forged.statusCode()).isEqualTo(401));
              return auth.signedIn(OTHER_TENANT, "bob@example.com");
            })
            .compose(b -> auth.delete("/api/v1/auth/sessions/" + a.getString("session_id"), b.getString("access_token"))
                .compose(notFound -> {
                  ctx.verify(() -> assertThat(notFound.statusCode()).isEqualTo(404));
                  String aUser = claims(a.getString("access_token")).getString("sub");
                  return auth.get("/api/v1/auth/users/" + aUser, b.getString("access_token"));
                })
                .compose(other -> {
                  ctx.verify(() -> assertThat(other.statusCode()).isIn(403, 404));
                  return auth.get("/api/v1/auth/sessions", a.getString("access_token"));
                })))
        .onComplete(ctx.succeeding(stillThere -> ctx.verify(() -> {
          assertThat(stillThere.statusCode()).isEqualTo(200);
          assertThat(stillThere.bodyAsJsonObject().getJsonArray("items")).hasSize(1);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldRejectADuplicateEmailInTheSameTenantButNotInAnother(Vertx vertx, VertxTestContext ctx) {
    start(vertx, Map.of());
    auth.register(DEFAULT_TENANT, DEFAULT_EMAIL)
        .compose(first -> auth.register(DEFAULT_TENANT, "ANNA@example.com"))
        .compose(duplicate -> {
          ctx.verify(() -> assertThat(duplicate.statusCode()).isEqualTo(409));
          return auth.register(OTHER_TENANT, DEFAULT_EMAIL);
        })
        .onComplete(ctx.succeeding(other -> ctx.verify(() -> {
          assertThat(other.statusCode()).isEqualTo(201);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldRecordDevicesAndLetTheUserRenameAndRevokeThem(Vertx vertx, VertxTestContext ctx) {
    start(vertx, Map.of());
    auth.signedIn(DEFAULT_TENANT, DEFAULT_EMAIL)
        .compose(first -> auth.post("/api/v1/auth/login", new JsonObject().put("tenant_slug", DEFAULT_TENANT)
                .put("email", DEFAULT_EMAIL).put("password", PASSWORD).put("device_id", "tablet-1").put("device_name", "Tablet"))
            .compose(tablet -> auth.get("/api/v1/auth/devices", first.getString("access_token"))
                .compose(devices -> {
                  JsonArray items = devices.bodyAsJsonObject().getJsonArray("items");
                  ctx.verify(() -> assertThat(items).hasSize(2));
                  String tabletId = items.stream().map(JsonObject.class::cast)
                      .filter(d -> "Tablet".equals(d.getString("name"))).findFirst().orElseThrow().getString("id");
                  return auth.client.patch("/api/v1/auth/devices/" + tabletId)
                      .putHeader("Authorization", "Bearer " + first.getString("access_token"))
                      .sendJsonObject(new JsonObject().put("name", "Old tablet"))
                      .compose(renamed -> {
                        ctx.verify(() -> assertThat(renamed.bodyAsJsonObject().getString("name")).isEqualTo("Old tablet"));
                        return auth.delete("/api/v1/auth/devices/" + tabletId, first.getString("access_token"));
                      });
                })
                .compose(revoked -> {
                  ctx.verify(() -> assertThat(revoked.statusCode()).isEqualTo(204));
                  return auth.get("/api/v1/auth/sessions", tablet.bodyAsJsonObject().getString("access_token"));
                })
                .compose(refused -> {
                  ctx.verify(() -> assertThat(refused.statusCode()).isEqualTo(401));
                  return auth.get("/api/v1/auth/security-events", first.getString("access_token"));
                })))
        .onComplete(ctx.succeeding(events -> ctx.verify(() -> {
          assertThat(events.bodyAsJsonObject().getJsonArray("items").stream().map(e -> ((JsonObject) e).getString("type")))
              .contains("new_device", "device_revoked", "session_revoked");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldServeTheKeySetOverHttpAndTheBus(Vertx vertx, VertxTestContext ctx) {
    start(vertx, Map.of());
    auth.get("/.well-known/jwks.json")
        .compose(http -> vertx.eventBus().<JsonObject>request(AuthAddresses.JWKS, new JsonObject())
            .map(bus -> new JsonObject[] {http.bodyAsJsonObject(), bus.body()}))
        .onComplete(ctx.succeeding(sets -> ctx.verify(() -> {
          assertThat(sets[0].getJsonArray("keys")).hasSize(1);
          assertThat(sets[0]).isEqualTo(sets[1]);
          assertThat(sets[0].getJsonArray("keys").getJsonObject(0).containsKey("d")).isFalse();
          ctx.completeNow();
        })));
  }

  @Test
  void shouldRegisterAVerifiedOwnerOverTheBusAndSignThemIn(Vertx vertx, VertxTestContext ctx) {
    start(vertx, Map.of());
    JsonObject owner = new JsonObject().put("tenant_id", tenantId(DEFAULT_TENANT)).put("email", "Owner@Example.com")
        .put("password", PASSWORD).put("display_name", "Owner");
    vertx.eventBus().<JsonObject>request(AuthAddresses.REGISTER_OWNER, owner)
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          JsonObject claims = claims(reply.body().getString("access_token"));
          assertThat(claims.getBoolean("email_verified")).isTrue();
          assertThat(claims.getJsonArray("roles")).containsExactly("owner");
          assertThat(reply.body().getString("refresh_token")).isNotBlank();
          ctx.completeNow();
        })));
  }

  @Test
  void shouldResendAWorkingVerificationLinkAndRateLimitResends(Vertx vertx, VertxTestContext ctx) {
    start(vertx, Map.of("AUTH_RATE_RESEND_ACCOUNT_PER_HOUR", "2"));
    JsonObject resend = new JsonObject().put("tenant_slug", DEFAULT_TENANT).put("email", DEFAULT_EMAIL);
    auth.register(DEFAULT_TENANT, DEFAULT_EMAIL)
        .compose(created -> {
          String firstLink = auth.lastLink(DEFAULT_EMAIL, "verify-email");
          return auth.post("/api/v1/auth/verify-email/resend", resend)
              .compose(accepted -> {
                ctx.verify(() -> {
                  assertThat(accepted.statusCode()).isEqualTo(202);
                  assertThat(MAIL.getReceivedMessages()).hasSize(2);
                });
                // the earlier link stops working once a new one is sent
                return auth.get(firstLink);
              })
              .compose(stale -> {
                ctx.verify(() -> assertThat(stale.statusCode()).isEqualTo(400));
                return auth.get(auth.lastLink(DEFAULT_EMAIL, "verify-email"));
              });
        })
        .compose(verified -> {
          ctx.verify(() -> assertThat(verified.statusCode()).isEqualTo(200));
          // unknown accounts get the same answer, and nothing is sent
          return auth.post("/api/v1/auth/verify-email/resend", resend.copy().put("email", "nobody@example.com"));
        })
        .compose(unknown -> {
          ctx.verify(() -> {
            assertThat(unknown.statusCode()).isEqualTo(202);
            assertThat(MAIL.getReceivedMessages()).hasSize(2);
          });
          return auth.post("/api/v1/auth/verify-email/resend", resend)
              .compose(second -> auth.post("/api/v1/auth/verify-email/resend", resend));
        })
        .onComplete(ctx.succeeding(limited -> ctx.verify(() -> {
          assertThat(limited.statusCode()).isEqualTo(429);
          assertThat(limited.getHeader("Retry-After")).isNotBlank();
          ctx.completeNow();
        })));
  }

  @Test
  void shouldSignInAnUnverifiedUserWithEmailVerifiedFalseByDefault(Vertx vertx, VertxTestContext ctx) {
    start(vertx, Map.of());
    auth.register(DEFAULT_TENANT, DEFAULT_EMAIL)
        .compose(created -> auth.login(DEFAULT_TENANT, DEFAULT_EMAIL, PASSWORD))
        .onComplete(ctx.succeeding(login -> ctx.verify(() -> {
          assertThat(login.statusCode()).isEqualTo(200);
          assertThat(claims(login.bodyAsJsonObject().getString("access_token")).getBoolean("email_verified")).isFalse();
          ctx.completeNow();
        })));
  }

  @Test
  void shouldRefuseAnUnverifiedUserWhenVerificationIsRequired(Vertx vertx, VertxTestContext ctx) {
    start(vertx, Map.of("AUTH_REQUIRE_VERIFIED_EMAIL", "true"));
    auth.register(DEFAULT_TENANT, DEFAULT_EMAIL)
        .compose(created -> auth.login(DEFAULT_TENANT, DEFAULT_EMAIL, PASSWORD))
        .onComplete(ctx.succeeding(login -> ctx.verify(() -> {
          assertThat(login.statusCode()).isEqualTo(403);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldEndEverySessionOnLogoutAll(Vertx vertx, VertxTestContext ctx) {
    start(vertx, Map.of());
    auth.signedIn(DEFAULT_TENANT, DEFAULT_EMAIL)
        .compose(first -> auth.login(DEFAULT_TENANT, DEFAULT_EMAIL, PASSWORD)
            .compose(second -> auth.post("/api/v1/auth/logout-all", new JsonObject(), first.getString("access_token"))
                .compose(done -> {
                  ctx.verify(() -> assertThat(done.statusCode()).isEqualTo(204));
                  return auth.get("/api/v1/auth/sessions", second.bodyAsJsonObject().getString("access_token"));
                })
                .compose(refused -> {
                  ctx.verify(() -> assertThat(refused.statusCode()).isEqualTo(401));
                  return auth.refresh(second.bodyAsJsonObject().getString("refresh_token"));
                })))
        .onComplete(ctx.succeeding(refresh -> ctx.verify(() -> {
          assertThat(refresh.statusCode()).isEqualTo(401);
          ctx.completeNow();
        })));
  }

  static void assertSameFailure(HttpResponse<Buffer> a, HttpResponse<Buffer> b) {
    assertThat(a.statusCode()).isEqualTo(b.statusCode());
    assertThat(a.getHeader("Content-Type")).isEqualTo(b.getHeader("Content-Type"));
    assertThat(a.getHeader("WWW-Authenticate")).isEqualTo(b.getHeader("WWW-Authenticate"));
    JsonObject x = a.bodyAsJsonObject().copy();
    JsonObject y = b.bodyAsJsonObject().copy();
    x.remove("request_id");
    y.remove("request_id");
    assertThat(x).isEqualTo(y);
  }

  static JsonObject claims(String jwt) {
    return new JsonObject(new String(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]),
        java.nio.charset.StandardCharsets.UTF_8));
  }

  private String tenantId(String slug) {
    return tenants.get(slug).toString();
  }
}
