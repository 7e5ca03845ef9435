package io.olympus.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.common.security.Credential;
import io.olympus.common.testing.SecurityWalk;
import io.olympus.common.event.Uuids;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The security the platform contract declares is what the service enforces: every operation declares it, a stranger
 * gets 401 from every protected operation before its input is judged, the public ones (sign-up, plans, health, the
 * document) serve strangers, and API keys are accepted where declared — on every protected platform operation.
 */
@ExtendWith(VertxExtension.class)
class PlatformSecurityContractTest {


  private Vertx vertx;
  private PlatformHttpHarness platform;
  private List<SecurityWalk.Operation> operations;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    platform = PlatformHttpHarness.start(vertx);
    operations = SecurityWalk.operations(SecurityWalk.served(platform.client).await());
  }

  @AfterEach
  void tearDown() {
    platform.close(vertx);
  }

  @Test
  void shouldAnswer401NotA400ToAnAnonymousRequestWithAnInvalidBody() {
    HttpResponse<Buffer> role = platform.client.post("/api/v1/roles").sendJsonObject(new JsonObject().put("key", 5))
        .await();
    HttpResponse<Buffer> tenant = platform.client.patch("/api/v1/tenants/not-a-uuid")
        .sendJsonObject(new JsonObject().put("name", new JsonObject())).await();

    SecurityWalk.assertAnswered401(role, tenant);
  }

  @Test
  void shouldDeclareSecurityOnEveryOperation() {
    SecurityWalk.assertEveryOperationDeclaresItsOwnSecurity(operations);
  }

  @Test
  void shouldAnswer401ToAnAnonymousCallOfEveryProtectedOperation() {
    SecurityWalk.assertAnonymousCallsAnswer401(platform.client, operations);
  }

  @Test
  void shouldServePublicOperationsWithoutCredentials() {
    SecurityWalk.assertPublicOperationsServeAnonymousCallers(platform.client, operations);
    assertThat(platform.client.get("/api/v1/plans").send().await().statusCode()).isEqualTo(200);
  }

  @Test
  void shouldAcceptAnApiKeyOnlyWhereTheOperationDeclaresIt() {
    // the auth service's answer for the key: it acts for a user of acme with one scope
    String key = platform.authority.apiKey(platform.acme, Uuids.v7(), List.of("locations:read"));
    WebClient plain = SecurityWalk.plainClient(vertx, platform.app.port());

    try {
      SecurityWalk.assertApiKeyAcceptedOnlyWhereDeclared(plain, operations, key);
      assertThat(operations).filteredOn(op -> !op.isPublic())
          .allSatisfy(op -> assertThat(op.accepts(Credential.API_KEY)).as(op.toString()).isTrue());
    } finally {
      plain.close();
    }
  }
}
