package io.olympus.auth.mfa.http;

import static io.olympus.auth.testing.CredentialHarness.PASSWORD;
import static io.olympus.auth.testing.CredentialHarness.base32;
import static io.olympus.auth.testing.CredentialHarness.totp;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.olympus.auth.testing.CredentialHarness;
import io.olympus.common.db.Tenancy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(VertxExtension.class)
class MfaTest {

  @RegisterExtension
  static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  static final String DEFAULT_TENANT = "acme";
  static final String DEFAULT_EMAIL = "anna@example.com";

  private CredentialHarness auth;
  private UUID tenantId;
  private UUID userId;

  @BeforeEach
  void setUp(Vertx vertx) {
    auth = new CredentialHarness(vertx, MAIL).start();
    tenantId = CredentialHarness.tenant(DEFAULT_TENANT);
    userId = auth.user(tenantId, DEFAULT_EMAIL, "staff");
  }

  @AfterEach
  void tearDown() {
    auth.stop();
  }

  @Test
  void shouldAcceptCodesOfAnIndependentTotpAndRefuseReplayedCodes(VertxTestContext ctx) {
    JsonObject tokens = auth.signedIn(DEFAULT_TENANT, DEFAULT_EMAIL).await();
    String access = tokens.getString("access_token");
    HttpResponse<Buffer> enrolled = auth.post("/api/v1/auth/mfa/totp", new JsonObject(), access).await();
    assertThat(enrolled.statusCode()).isEqualTo(201);
    JsonObject enrolment = enrolled.bodyAsJsonObject();
    byte[] secret = base32(enrolment.getString("secret"));
    assertThat(enrolment.getString("otpauth_uri"))
        .startsWith("otpauth://totp/Olympus:anna%40example.com?secret=" + enrolment.getString("secret"))
        .contains("issuer=Olympus");
    byte[] png = java.util.Base64.getDecoder().decode(enrolment.getString("qr_code_png"));
    assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    long now = System.currentTimeMillis() / 1000 / 30;

    auth.post("/api/v1/auth/mfa/totp/confirm", new JsonObject().put("code", "000000".equals(totp(secret, now)) ? "111111" : "000000"), access)
        .compose(wrong -> {
          ctx.verify(() -> {
            assertThat(wrong.statusCode()).isEqualTo(400);
            assertThat(CredentialHarness.fields(wrong)).containsExactly("code");
          });
          return auth.post("/api/v1/auth/mfa/totp/confirm", new JsonObject().put("code", totp(secret, now)), access);
        })
        .compose(confirmed -> {
          ctx.verify(() -> {
            assertThat(confirmed.statusCode()).isEqualTo(200);
            assertThat(confirmed.bodyAsJsonObject().getJsonArray("backup_codes")).hasSize(10);
          });
          return auth.login(DEFAULT_TENANT, DEFAULT_EMAIL, PASSWORD);
        })
        .compose(challenged -> {
          JsonObject body = challenged.bodyAsJsonObject();
          ctx.verify(() -> {
            assertThat(challenged.statusCode()).isEqualTo(200);
            assertThat(body.getBoolean("mfa_required")).isTrue();
            assertThat(body.getString("access_token")).isNull();
          });
          // the code of the step used at confirmation is spent: the next step's code (inside the ±1 window) works once
          return secondStep(body.getString("mfa_token"), totp(secret, now))
              .compose(replayedStep -> {
                ctx.verify(() -> assertThat(replayedStep.statusCode()).isEqualTo(401));
                return secondStep(body.getString("mfa_token"), totp(secret, now + 1));
              });
        })
        .compose(signedIn -> {
          ctx.verify(() -> {
            assertThat(signedIn.statusCode()).isEqualTo(200);
            assertThat(CredentialHarness.claims(signedIn.bodyAsJsonObject().getString("access_token")).getJsonArray("amr"))
                .containsExactly("pwd", "otp");
          });
          return auth.login(DEFAULT_TENANT, DEFAULT_EMAIL, PASSWORD)
              .compose(again -> secondStep(again.bodyAsJsonObject().getString("mfa_token"), totp(secret, now + 1)));
        })
        .onComplete(ctx.succeeding(replayed -> ctx.verify(() -> {
          assertThat(replayed.statusCode()).isEqualTo(401);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldSpendBackupCodesOnceAndInvalidateTheOldSetOnRegenerate(VertxTestContext ctx) {
    JsonArray codes = enable();
    String mfaToken = auth.login(DEFAULT_TENANT, DEFAULT_EMAIL, PASSWORD).await().bodyAsJsonObject().getString("mfa_token");
    secondStep(mfaToken, codes.getString(0))
        .compose(first -> {
          ctx.verify(() -> assertThat(first.statusCode()).isEqualTo(200));
          // the mfa_token is spent too
          return secondStep(mfaToken, codes.getString(4));
        })
        .compose(spentToken -> {
          ctx.verify(() -> assertThat(spentToken.statusCode()).isEqualTo(401));
          return signInWithSecondFactor(codes.getString(0));
        })
        .compose(reused -> {
          ctx.verify(() -> assertThat(reused.statusCode()).isEqualTo(401));
          return signInWithSecondFactor(codes.getString(1));
        })
        .compose(session -> auth.post("/api/v1/auth/mfa/backup-codes", new JsonObject().put("code", codes.getString(2)),
            session.bodyAsJsonObject().getString("access_token")))
        .compose(regenerated -> {
          JsonArray fresh = regenerated.bodyAsJsonObject().getJsonArray("backup_codes");
          ctx.verify(() -> {
            assertThat(regenerated.statusCode()).isEqualTo(200);
            assertThat(fresh).hasSize(10).doesNotContainAnyElementsOf(codes);
          });
          return signInWithSecondFactor(codes.getString(3))
              .compose(old -> {
                ctx.verify(() -> assertThat(old.statusCode()).isEqualTo(401));
                return signInWithSecondFactor(fresh.getString(0));
              });
        })
        .onComplete(ctx.succeeding(fresh -> ctx.verify(() -> {
          assertThat(fresh.statusCode()).isEqualTo(200);
          assertThat(CredentialHarness.claims(fresh.bodyAsJsonObject().getString("access_token")).getJsonArray("amr"))
              .containsExactly("pwd", "otp");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldAnswer429AfterTooManyWrongCodes(VertxTestContext ctx) {
    enable();
    String mfaToken = auth.login(DEFAULT_TENANT, DEFAULT_EMAIL, PASSWORD).await().bodyAsJsonObject().getString("mfa_token");
    Future<HttpResponse<Buffer>> chain = Future.succeededFuture();
    for (int i = 0; i < 5; i++) {
      chain = chain.compose(r -> secondStep(mfaToken, "aaaaa-aaaaa"));
    }
    chain.compose(fifth -> {
          ctx.verify(() -> assertThat(fifth.statusCode()).isEqualTo(401));
          return secondStep(mfaToken, "bbbbb-bbbbb");
        })
        .onComplete(ctx.succeeding(limited -> ctx.verify(() -> {
          assertThat(limited.statusCode()).isEqualTo(429);
          assertThat(limited.getHeader("Retry-After")).isNotNull();
          ctx.completeNow();
        })));
  }

  @Test
  void shouldKeepTheSecretEncryptedAndDisableWithThePassword(VertxTestContext ctx) {
    String access = auth.signedIn(DEFAULT_TENANT, DEFAULT_EMAIL).await().getString("access_token");
    String secret = auth.post("/api/v1/auth/mfa/totp", new JsonObject(), access).await().bodyAsJsonObject().getString("secret");
    byte[] stored = Tenancy.inTenant(auth.appPool, tenantId, conn -> conn
            .preparedQuery("SELECT secret_enc FROM auth_mfa_totp WHERE tenant_id = $1 AND user_id = $2")
            .execute(Tuple.of(tenantId, userId)))
        .await().iterator().next().getBuffer("secret_enc").getBytes();
    assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(new String(base32(secret), StandardCharsets.ISO_8859_1));
    long now = System.currentTimeMillis() / 1000 / 30;
    auth.post("/api/v1/auth/mfa/totp/confirm", new JsonObject().put("code", totp(base32(secret), now)), access)
        .compose(confirmed -> auth.post("/api/v1/auth/mfa/totp/disable", new JsonObject().put("password", "wrong password!"), access))
        .compose(wrong -> {
          ctx.verify(() -> {
            assertThat(wrong.statusCode()).isEqualTo(400);
            assertThat(CredentialHarness.fields(wrong)).containsExactly("password");
          });
          return auth.post("/api/v1/auth/mfa/totp/disable", new JsonObject().put("password", PASSWORD), access);
        })
        .compose(disabled -> {
          ctx.verify(() -> assertThat(disabled.statusCode()).isEqualTo(204));
          return auth.get("/api/v1/auth/security-events", access);
        })
        .compose(events -> {
          ctx.verify(() -> assertThat(events.bodyAsJsonObject().getJsonArray("items").stream()
                  .map(e -> ((JsonObject) e).getString("type")).toList())
              .contains("mfa_enabled", "mfa_disabled"));
          return auth.login(DEFAULT_TENANT, DEFAULT_EMAIL, PASSWORD);
        })
        .onComplete(ctx.succeeding(login -> ctx.verify(() -> {
          assertThat(login.bodyAsJsonObject().getString("access_token")).isNotNull();
          ctx.completeNow();
        })));
  }

  /** Enrols and confirms TOTP for the default user; the backup codes. */
  private JsonArray enable() {
    String access = auth.signedIn(DEFAULT_TENANT, DEFAULT_EMAIL).await().getString("access_token");
    String secret = auth.post("/api/v1/auth/mfa/totp", new JsonObject(), access).await().bodyAsJsonObject().getString("secret");
    long now = System.currentTimeMillis() / 1000 / 30;
    return auth.post("/api/v1/auth/mfa/totp/confirm", new JsonObject().put("code", totp(base32(secret), now)), access)
        .await().bodyAsJsonObject().getJsonArray("backup_codes");
  }

  private Future<HttpResponse<Buffer>> signInWithSecondFactor(String code) {
    return auth.login(DEFAULT_TENANT, DEFAULT_EMAIL, PASSWORD)
        .compose(r -> secondStep(r.bodyAsJsonObject().getString("mfa_token"), code));
  }

  private Future<HttpResponse<Buffer>> secondStep(String mfaToken, String code) {
    return auth.post("/api/v1/auth/login/mfa", new JsonObject().put("mfa_token", mfaToken).put("code", code));
  }
}
