package io.olympus.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.olympus.auth.testing.CredentialHarness;
import io.olympus.common.security.Credential;
import io.olympus.common.testing.SecurityWalk;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The security the auth contract declares is what the service enforces: every operation declares it, a stranger gets
 * 401 from every protected operation before its input is judged, public operations serve strangers, and an API key
 * is accepted exactly where the operation lists the {@code apiKey} scheme (sessions, devices, MFA and the password
 * change need a user's access token).
 */
@ExtendWith(VertxExtension.class)
class AuthSecurityContractTest {

  @RegisterExtension
  static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private static final String DEFAULT_TENANT = "acme";
  private static final String OWNER_EMAIL = "owner@example.com";

  private CredentialHarness auth;
  private List<SecurityWalk.Operation> operations;

  @BeforeEach
  void setUp(Vertx vertx) {
    auth = new CredentialHarness(vertx, MAIL).start();
    UUID tenant = CredentialHarness.tenant(DEFAULT_TENANT);
    auth.user(tenant, OWNER_EMAIL, "owner");
    operations = SecurityWalk.operations(SecurityWalk.served(auth.client).await());
  }

  @AfterEach
  void tearDown() {
    auth.stop();
  }

  @Test
  void shouldAnswer401NotA400ToAnAnonymousRequestWithAnInvalidBody() {
    HttpResponse<Buffer> change = auth.client.post("/api/v1/auth/password/change")
        .sendJsonObject(new JsonObject().put("new_password", 5)).await();
    HttpResponse<Buffer> createKey = auth.client.post("/api/v1/auth/api-keys")
        .sendJsonObject(new JsonObject().put("scopes", "not a list")).await();

    SecurityWalk.assertAnswered401(change, createKey);
  }

  @Test
  void shouldDeclareSecurityOnEveryOperation() {
    SecurityWalk.assertEveryOperationDeclaresItsOwnSecurity(operations);
  }

  @Test
  void shouldAnswer401ToAnAnonymousCallOfEveryProtectedOperation() {
    SecurityWalk.assertAnonymousCallsAnswer401(auth.client, operations);
  }

  @Test
  void shouldServePublicOperationsWithoutCredentials() {
    SecurityWalk.assertPublicOperationsServeAnonymousCallers(auth.client, operations);
    assertThat(auth.client.get("/.well-known/jwks.json").send().await().statusCode()).isEqualTo(200);
    assertThat(auth.login(DEFAULT_TENANT, OWNER_EMAIL, CredentialHarness.PASSWORD).await().statusCode()).isEqualTo(200);
  }

  @Test
  void shouldAcceptAnApiKeyOnlyWhereTheOperationDeclaresIt(Vertx vertx) {
    String owner = auth.signedIn(DEFAULT_TENANT, OWNER_EMAIL).await().getString("access_token");
    String key = auth.post("/api/v1/auth/api-keys", new JsonObject().put("name", "walk")
        .put("scopes", new JsonArray().add("users:manage")), owner).await().bodyAsJsonObject().getString("key");
    WebClient plain = SecurityWalk.plainClient(vertx, auth.app.port());

    try {
      SecurityWalk.assertApiKeyAcceptedOnlyWhereDeclared(plain, operations, key);
      assertThat(operations).filteredOn(op -> !op.isPublic() && !op.accepts(Credential.API_KEY))
          .extracting(SecurityWalk.Operation::operationId)
          .contains("logout", "listSessions", "enrolTotp", "changePassword");
    } finally {
      plain.close();
    }
  }
}
