package io.olympus.auth.password.http;

import io.olympus.auth.testing.AuthTestSupport;
import static io.olympus.auth.testing.CredentialHarness.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.olympus.auth.testing.CredentialHarness;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import jakarta.mail.internet.MimeMessage;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(VertxExtension.class)
class PasswordFlowsTest {

  @RegisterExtension
  static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  static final String DEFAULT_TENANT = "acme";
  static final String DEFAULT_EMAIL = "anna@example.com";
  static final String UPDATED_PASSWORD = "a brand new passphrase 2026";
  static final Pattern TOKEN = Pattern.compile("/reset-password\\?token=(\\S+)");

  private CredentialHarness auth;

  @BeforeEach
  void setUp(Vertx vertx) {
    auth = new CredentialHarness(vertx, MAIL).start();
    UUID tenantId = CredentialHarness.tenant(DEFAULT_TENANT);
    auth.user(tenantId, DEFAULT_EMAIL, "staff");
  }

  @AfterEach
  void tearDown() {
    auth.stop();
  }

  @Test
  void shouldRefuseTheLastFivePasswordsAndAllowTheSixthLast(VertxTestContext ctx) {
    String access = auth.signedIn(DEFAULT_TENANT, DEFAULT_EMAIL).await().getString("access_token");
    // PASSWORD, then p1..p5: the current (p5) and the 4 before it (p1..p4) are refused, PASSWORD (6th last) is allowed
    String current = PASSWORD;
    for (int i = 1; i <= 5; i++) {
      HttpResponse<Buffer> changed = change(access, current, "passphrase number " + i + " of five").await();
      assertThat(changed.statusCode()).as(changed.bodyAsString()).isEqualTo(204);
      current = "passphrase number " + i + " of five";
    }
    String last = current;
    Future<HttpResponse<Buffer>> chain = Future.succeededFuture();
    for (int i = 5; i >= 1; i--) {
      String reused = "passphrase number " + i + " of five";
      chain = chain.compose(r -> change(access, last, reused))
          .map(refused -> {
            ctx.verify(() -> {
              assertThat(refused.statusCode()).as(reused).isEqualTo(400);
              assertThat(CredentialHarness.fields(refused)).containsExactly("new_password");
            });
            return refused;
          });
    }
    chain.compose(r -> change(access, last, PASSWORD))
        .compose(allowed -> {
          ctx.verify(() -> assertThat(allowed.statusCode()).isEqualTo(204));
          return auth.login(DEFAULT_TENANT, DEFAULT_EMAIL, PASSWORD);
        })
        .onComplete(ctx.succeeding(login -> ctx.verify(() -> {
          assertThat(login.statusCode()).isEqualTo(200);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldRequireTheCurrentPasswordAndEndOtherSessionsOnChange(VertxTestContext ctx) {
    JsonObject first = auth.signedIn(DEFAULT_TENANT, DEFAULT_EMAIL).await();
    JsonObject second = auth.signedIn(DEFAULT_TENANT, DEFAULT_EMAIL).await();
    change(second.getString("access_token"), "not my password at all", UPDATED_PASSWORD)
        .compose(wrong -> {
          ctx.verify(() -> {
            assertThat(wrong.statusCode()).isEqualTo(400);
            assertThat(CredentialHarness.fields(wrong)).containsExactly("current_password");
          });
          return change(second.getString("access_token"), PASSWORD, UPDATED_PASSWORD);
        })
        .compose(changed -> {
          ctx.verify(() -> assertThat(changed.statusCode()).isEqualTo(204));
          return refresh(first.getString("refresh_token"));
        })
        .compose(otherSession -> {
          ctx.verify(() -> assertThat(otherSession.statusCode()).isEqualTo(401));
          return refresh(second.getString("refresh_token"));
        })
        .onComplete(ctx.succeeding(current -> ctx.verify(() -> {
          assertThat(current.statusCode()).isEqualTo(200);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldAnswer202AndSendNoMailForAnUnknownEmailOrTenant(VertxTestContext ctx) {
    forgot(DEFAULT_TENANT, "nobody@example.com")
        .compose(unknownEmail -> {
          ctx.verify(() -> assertThat(unknownEmail.statusCode()).isEqualTo(202));
          return forgot("no-such-tenant", DEFAULT_EMAIL);
        })
        .compose(unknownTenant -> {
          ctx.verify(() -> assertThat(unknownTenant.statusCode()).isEqualTo(202));
          // a mail for a known account, sent after the two others: once it is here, nothing else was sent
          return forgot(DEFAULT_TENANT, DEFAULT_EMAIL);
        })
        .compose(known -> waitForMails(1))
        .onComplete(ctx.succeeding(messages -> ctx.verify(() -> {
          assertThat(messages).hasSize(1);
          assertThat(messages[0].getAllRecipients()[0].toString()).isEqualTo(DEFAULT_EMAIL);
          assertThat(messages[0].getSubject()).isEqualTo("Reset your password");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldLimitForgotPasswordPerAccountWhetherOrNotItExists(VertxTestContext ctx) {
    // AUTH_RATE_FORGOT_ACCOUNT_PER_HOUR = 5 (default); AUTH_RATE_FORGOT_IP_PER_HOUR = 20 is not reached
    Future<HttpResponse<Buffer>> chain = Future.succeededFuture();
    for (int i = 0; i < 5; i++) {
      chain = chain.compose(r -> forgot(DEFAULT_TENANT, DEFAULT_EMAIL))
          .compose(r -> forgot(DEFAULT_TENANT, "nobody@example.com"));
    }
    chain
        .compose(fifth -> {
          ctx.verify(() -> assertThat(fifth.statusCode()).isEqualTo(202));
          return forgot(DEFAULT_TENANT, DEFAULT_EMAIL);
        })
        .compose(known -> {
          ctx.verify(() -> {
            assertThat(known.statusCode()).isEqualTo(429);
            assertThat(known.getHeader("Retry-After")).isNotNull();
          });
          return forgot(DEFAULT_TENANT, "nobody@example.com");
        })
        .compose(unknown -> {
          // the same answer for an account that does not exist: the limit reveals nothing
          ctx.verify(() -> assertThat(unknown.statusCode()).isEqualTo(429));
          return forgot(DEFAULT_TENANT, "someone-else@example.com");
        })
        .onComplete(ctx.succeeding(other -> ctx.verify(() -> {
          assertThat(other.statusCode()).isEqualTo(202);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldResetOnceWithTheMailedLinkAndEndEverySession(VertxTestContext ctx) {
    JsonObject session = auth.signedIn(DEFAULT_TENANT, DEFAULT_EMAIL).await();
    forgot(DEFAULT_TENANT, DEFAULT_EMAIL)
        .compose(accepted -> waitForMails(1))
        .compose(messages -> {
          Matcher m = TOKEN.matcher(AuthTestSupport.text(messages[0]));
          ctx.verify(() -> assertThat(m.find()).isTrue());
          String token = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
          return reset(token, UPDATED_PASSWORD)
              .compose(done -> {
                ctx.verify(() -> assertThat(done.statusCode()).isEqualTo(204));
                return reset(token, "yet another passphrase 77");
              });
        })
        .compose(again -> {
          ctx.verify(() -> {
            assertThat(again.statusCode()).isEqualTo(400);
            assertThat(CredentialHarness.fields(again)).containsExactly("token");
          });
          return refresh(session.getString("refresh_token"));
        })
        .compose(oldSession -> {
          ctx.verify(() -> assertThat(oldSession.statusCode()).isEqualTo(401));
          return auth.get("/api/v1/auth/sessions", session.getString("access_token"));
        })
        .compose(oldAccess -> {
          ctx.verify(() -> assertThat(oldAccess.statusCode()).isEqualTo(401));
          return auth.login(DEFAULT_TENANT, DEFAULT_EMAIL, PASSWORD);
        })
        .compose(oldPassword -> {
          ctx.verify(() -> assertThat(oldPassword.statusCode()).isEqualTo(401));
          return auth.login(DEFAULT_TENANT, DEFAULT_EMAIL, UPDATED_PASSWORD);
        })
        .onComplete(ctx.succeeding(newPassword -> ctx.verify(() -> {
          assertThat(newPassword.statusCode()).isEqualTo(200);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldRefuseAResetToAWeakPasswordWithoutSpendingTheToken(VertxTestContext ctx) {
    forgot(DEFAULT_TENANT, DEFAULT_EMAIL)
        .compose(accepted -> waitForMails(1))
        .compose(messages -> {
          Matcher m = TOKEN.matcher(AuthTestSupport.text(messages[0]));
          ctx.verify(() -> assertThat(m.find()).isTrue());
          String token = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
          return reset(token, "password1234")
              .compose(weak -> {
                ctx.verify(() -> {
                  assertThat(weak.statusCode()).isEqualTo(400);
                  assertThat(CredentialHarness.fields(weak)).contains("new_password");
                });
                return reset(token, PASSWORD);
              })
              .compose(reused -> {
                ctx.verify(() -> {
                  assertThat(reused.statusCode()).isEqualTo(400);
                  assertThat(CredentialHarness.fields(reused)).containsExactly("new_password");
                });
                return reset(token, UPDATED_PASSWORD);
              });
        })
        .onComplete(ctx.succeeding(done -> ctx.verify(() -> {
          assertThat(done.statusCode()).isEqualTo(204);
          ctx.completeNow();
        })));
  }

  private Future<HttpResponse<Buffer>> change(String access, String current, String next) {
    return auth.post("/api/v1/auth/password/change",
        new JsonObject().put("current_password", current).put("new_password", next), access);
  }

  private Future<HttpResponse<Buffer>> forgot(String slug, String email) {
    return auth.post("/api/v1/auth/password/forgot", new JsonObject().put("tenant_slug", slug).put("email", email));
  }

  private Future<HttpResponse<Buffer>> reset(String token, String password) {
    return auth.post("/api/v1/auth/password/reset", new JsonObject().put("token", token).put("new_password", password));
  }

  private Future<HttpResponse<Buffer>> refresh(String refreshToken) {
    return auth.post("/api/v1/auth/refresh", new JsonObject().put("refresh_token", refreshToken));
  }

  /** Waits (off the event loop) until {@code count} mails arrived; the mails. */
  private Future<MimeMessage[]> waitForMails(int count) {
    return auth.vertx.executeBlocking(() -> {
      if (!MAIL.waitForIncomingEmail(30_000, count)) {
        throw new IllegalStateException("no mail arrived");
      }
      return MAIL.getReceivedMessages();
    });
  }
}
