package io.olympus.auth;

import static io.olympus.auth.testing.AccountHarness.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.olympus.auth.testing.AccountHarness;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every auth endpoint answers bad input with 400 problem+json naming the fields (never a 500, never a 401 first). */
@ExtendWith(VertxExtension.class)
class AuthBadInputTest {

  @RegisterExtension
  static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private AccountHarness auth;

  /** One bad request and the field its answer must name (null: a malformed body, no field). */
  record Case(HttpMethod method, String path, String body, String field, boolean authenticated) {}

  @BeforeEach
  void setUp(Vertx vertx) {
    auth = new AccountHarness(vertx, MAIL).start(Map.of());
    AccountHarness.tenant("acme");
  }

  @AfterEach
  void tearDown() {
    auth.stop();
  }

  static List<Case> cases() {
    String good = "\"tenant_slug\":\"acme\",\"email\":\"anna@example.com\"";
    List<Case> cases = new ArrayList<>();
    for (String path : List.of("/api/v1/auth/register", "/api/v1/auth/login", "/api/v1/auth/verify-email/resend")) {
      cases.add(new Case(HttpMethod.POST, path, "{}", "tenant_slug", false));
      cases.add(new Case(HttpMethod.POST, path, "{\"tenant_slug\":5,\"email\":\"anna@example.com\",\"password\":\"" + PASSWORD
          + "\",\"display_name\":\"A\"}", "tenant_slug", false));
      cases.add(new Case(HttpMethod.POST, path, "{\"tenant_slug\":\"acme\",", null, false));
      cases.add(new Case(HttpMethod.POST, path, "{\"tenant_slug\":\"acme\",\"email\":\"not an email\",\"password\":\"" + PASSWORD
          + "\",\"display_name\":\"A\"}", "email", false));
      cases.add(new Case(HttpMethod.POST, path, "[1,2]", null, false));
    }
    cases.add(new Case(HttpMethod.POST, "/api/v1/auth/register", "{" + good + ",\"password\":\"password123\",\"display_name\":\"A\"}",
        "password", false));
    cases.add(new Case(HttpMethod.POST, "/api/v1/auth/register", "{" + good + ",\"password\":\"short\",\"display_name\":\"A\"}",
        "password", false));
    cases.add(new Case(HttpMethod.POST, "/api/v1/auth/register", "{" + good + ",\"password\":\"" + PASSWORD
        + "\",\"display_name\":\"   \"}", "display_name", false));
    cases.add(new Case(HttpMethod.POST, "/api/v1/auth/login", "{" + good + ",\"password\":[]}", "password", false));
    cases.add(new Case(HttpMethod.POST, "/api/v1/auth/refresh", "{}", "refresh_token", false));
    cases.add(new Case(HttpMethod.POST, "/api/v1/auth/refresh", "{\"refresh_token\":42}", "refresh_token", false));
    cases.add(new Case(HttpMethod.POST, "/api/v1/auth/refresh", "nope", null, false));
    cases.add(new Case(HttpMethod.GET, "/api/v1/auth/verify-email", null, "token", false));
    cases.add(new Case(HttpMethod.GET, "/api/v1/auth/verify-email?token=forged.token", null, "token", false));
    cases.add(new Case(HttpMethod.GET, "/api/v1/auth/unlock", null, "token", false));
    cases.add(new Case(HttpMethod.GET, "/api/v1/auth/unlock?token=AAAAAAAAAAAAAAAAAAAAAA.xyz", null, "token", false));
    cases.add(new Case(HttpMethod.DELETE, "/api/v1/auth/sessions/not-a-uuid", null, "id", true));
    cases.add(new Case(HttpMethod.PATCH, "/api/v1/auth/devices/0190a5a0-0000-7000-8000-000000000001", "{}", "name", true));
    cases.add(new Case(HttpMethod.PATCH, "/api/v1/auth/devices/0190a5a0-0000-7000-8000-000000000001", "{\"name\":7}", "name", true));
    cases.add(new Case(HttpMethod.PATCH, "/api/v1/auth/devices/0190a5a0-0000-7000-8000-000000000001", "{\"name\":\" \"}", "name", true));
    cases.add(new Case(HttpMethod.GET, "/api/v1/auth/security-events?limit=0", null, "limit", true));
    cases.add(new Case(HttpMethod.GET, "/api/v1/auth/security-events?cursor=zzz", null, "cursor", true));
    cases.add(new Case(HttpMethod.POST, "/api/v1/auth/users/123/unlock", null, "id", true));
    return cases;
  }

  @Test
  void shouldAnswerEveryBadInputWith400AndFieldErrors(Vertx vertx, VertxTestContext ctx) {
    List<String> mismatches = new ArrayList<>();
    auth.signedIn("acme", "anna@example.com")
        .compose(tokens -> {
          Future<Void> chain = Future.succeededFuture();
          for (Case c : cases()) {
            chain = chain.compose(v -> send(c, tokens.getString("access_token"))
                .map(response -> {
                  String problem = check(c, response);
                  if (problem != null) {
                    mismatches.add(c.method() + " " + c.path() + " " + c.body() + " -> " + problem);
                  }
                  return null;
                }));
          }
          return chain;
        })
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertThat(mismatches).isEmpty();
          ctx.completeNow();
        })));
  }

  private Future<HttpResponse<Buffer>> send(Case c, String accessToken) {
    var request = auth.client.request(c.method(), c.path()).putHeader("Content-Type", "application/json");
    if (c.authenticated()) {
      request.putHeader("Authorization", "Bearer " + accessToken);
    }
    return c.body() == null ? request.send() : request.sendBuffer(Buffer.buffer(c.body()));
  }

  /** Null when the answer is right, else what is wrong with it. */
  private static String check(Case c, HttpResponse<Buffer> response) {
    if (response.statusCode() != 400) {
      return "status " + response.statusCode() + " " + response.bodyAsString();
    }
    if (!String.valueOf(response.getHeader("Content-Type")).startsWith("application/problem+json")) {
      return "content type " + response.getHeader("Content-Type");
    }
    JsonObject problem = response.bodyAsJsonObject();
    if (c.field() == null) {
      return null;
    }
    var errors = problem.getJsonArray("errors");
    if (errors == null || errors.stream().noneMatch(e -> String.valueOf(((JsonObject) e).getString("field")).contains(c.field()))) {
      return "no field error on " + c.field() + ": " + problem.encode();
    }
    return null;
  }
}
