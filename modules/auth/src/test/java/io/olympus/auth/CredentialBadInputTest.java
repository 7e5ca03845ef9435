package io.olympus.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.olympus.auth.testing.CredentialHarness;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every MFA, password and API key operation answers bad input with 400 problem+json naming the fields. */
@ExtendWith(VertxExtension.class)
class CredentialBadInputTest {

  @RegisterExtension
  static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  static final String DEFAULT_TENANT = "acme";
  static final String OWNER_EMAIL = "owner@example.com";

  private CredentialHarness auth;
  private String access;

  /** One bad request and the fields its problem must name. */
  record Case(String name, Supplier<Future<HttpResponse<Buffer>>> request, List<String> fields) {}

  @BeforeEach
  void setUp(Vertx vertx) {
    auth = new CredentialHarness(vertx, MAIL).start();
    UUID tenantId = CredentialHarness.tenant(DEFAULT_TENANT);
    auth.user(tenantId, OWNER_EMAIL, "owner");
    access = auth.signedIn(DEFAULT_TENANT, OWNER_EMAIL).await().getString("access_token");
  }

  @AfterEach
  void tearDown() {
    auth.stop();
  }

  @Test
  void shouldAnswer400WithFieldErrorsOnEveryEndpoint(VertxTestContext ctx) {
    List<Case> cases = List.of(
        new Case("login/mfa without code", () -> auth.post("/api/v1/auth/login/mfa",
            new JsonObject().put("mfa_token", "x")), List.of("code")),
        new Case("login/mfa with a number", () -> auth.post("/api/v1/auth/login/mfa",
            new JsonObject().put("mfa_token", 12).put("code", "123456")), List.of("mfa_token")),
        new Case("confirm without code", () -> auth.post("/api/v1/auth/mfa/totp/confirm", new JsonObject(), access),
            List.of("code")),
        new Case("confirm with a short code", () -> auth.post("/api/v1/auth/mfa/totp/confirm",
            new JsonObject().put("code", "123"), access), List.of("code")),
        new Case("disable with neither", () -> auth.post("/api/v1/auth/mfa/totp/disable", new JsonObject(), access),
            List.of()),
        new Case("disable with an unknown field", () -> auth.post("/api/v1/auth/mfa/totp/disable",
            new JsonObject().put("pin", "1234"), access), List.of()),
        new Case("backup codes with a number", () -> auth.post("/api/v1/auth/mfa/backup-codes",
            new JsonObject().put("code", 123456), access), List.of("code")),
        new Case("forgot without email", () -> auth.post("/api/v1/auth/password/forgot",
            new JsonObject().put("tenant_slug", DEFAULT_TENANT)), List.of("email")),
        new Case("forgot with a malformed email", () -> auth.post("/api/v1/auth/password/forgot",
            new JsonObject().put("tenant_slug", DEFAULT_TENANT).put("email", "not-an-email")), List.of("email")),
        new Case("reset without password", () -> auth.post("/api/v1/auth/password/reset",
            new JsonObject().put("token", "abc")), List.of("new_password")),
        new Case("reset with a malformed token", () -> auth.post("/api/v1/auth/password/reset",
            new JsonObject().put("token", "abc").put("new_password", "a good long passphrase 9")), List.of("token")),
        new Case("change without current", () -> auth.post("/api/v1/auth/password/change",
            new JsonObject().put("new_password", "a good long passphrase 9"), access), List.of("current_password")),
        new Case("change to a weak password", () -> auth.post("/api/v1/auth/password/change",
            new JsonObject().put("current_password", CredentialHarness.PASSWORD).put("new_password", "short"), access),
            List.of("new_password")),
        new Case("api key without scopes", () -> auth.post("/api/v1/auth/api-keys",
            new JsonObject().put("name", "k"), access), List.of("scopes")),
        new Case("api key with scopes not a list", () -> auth.post("/api/v1/auth/api-keys",
            new JsonObject().put("name", "k").put("scopes", "products:read"), access), List.of("scopes")),
        new Case("api key with an empty list", () -> auth.post("/api/v1/auth/api-keys",
            new JsonObject().put("name", "k").put("scopes", new JsonArray()), access), List.of("scopes")),
        new Case("api key with a blank name", () -> auth.post("/api/v1/auth/api-keys",
            new JsonObject().put("name", "   ").put("scopes", new JsonArray().add("products:read")), access), List.of("name")),
        new Case("api key expiring in the past", () -> auth.post("/api/v1/auth/api-keys",
            new JsonObject().put("name", "k").put("scopes", new JsonArray().add("products:read"))
                .put("expires_at", "2020-01-01T00:00:00Z"), access), List.of("expires_at")),
        new Case("api key with a bad timestamp", () -> auth.post("/api/v1/auth/api-keys",
            new JsonObject().put("name", "k").put("scopes", new JsonArray().add("products:read"))
                .put("expires_at", "tomorrow"), access), List.of("expires_at")),
        new Case("list with limit 0", () -> auth.get("/api/v1/auth/api-keys?limit=0", access), List.of("limit")),
        new Case("list with a bad cursor", () -> auth.get("/api/v1/auth/api-keys?cursor=nope", access), List.of("cursor")),
        new Case("revoke with a bad id", () -> auth.delete("/api/v1/auth/api-keys/not-a-uuid", access), List.of("id")));
    Future<List<String>> chain = Future.succeededFuture(new ArrayList<>());
    for (Case c : cases) {
      chain = chain.compose(problems -> c.request().get().map(r -> {
        JsonObject body = r.bodyAsJsonObject();
        List<String> fields = r.statusCode() == 400 ? CredentialHarness.fields(r) : List.of();
        if (r.statusCode() != 400 || !"application/problem+json".equals(r.getHeader("Content-Type"))
            || !fields.containsAll(c.fields()) || body.getJsonArray("errors", new JsonArray()).isEmpty()) {
          problems.add(c.name() + ": " + r.statusCode() + " " + r.bodyAsString());
        }
        return problems;
      }));
    }
    chain.onComplete(ctx.succeeding(problems -> ctx.verify(() -> {
      assertThat(problems).isEmpty();
      ctx.completeNow();
    })));
  }
}
