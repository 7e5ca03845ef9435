package io.olympus.commerce;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.commerce.support.CommerceApiSupport;
import io.olympus.common.event.Uuids;
import io.olympus.common.security.Credential;
import io.olympus.common.testing.SecurityWalk;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The security the commerce contract declares — in every slice's file — is what the service enforces: every operation
 * declares it, a stranger gets 401 from every protected operation before its input is judged (a card number in the
 * body included), the public ones (payment providers' webhooks, health, the document) serve strangers, and API keys
 * are accepted where declared — on every protected commerce operation.
 */
class CommerceSecurityContractTest extends CommerceApiSupport {


  private List<SecurityWalk.Operation> operations;

  @BeforeEach
  void readContract() {
    operations = SecurityWalk.operations(SecurityWalk.served(client).await());
  }

  @Test
  void shouldAnswer401NotA400ToAnAnonymousRequestWithAnInvalidBody() {
    HttpResponse<Buffer> product = client.post("/api/v1/products").sendJsonObject(new JsonObject().put("title", 5))
        .await();
    HttpResponse<Buffer> cardNumber = client.post("/api/v1/payments/process").sendJsonObject(new JsonObject()
        .put("card", "4242424242424242")).await();

    SecurityWalk.assertAnswered401(product, cardNumber);
  }

  @Test
  void shouldDeclareSecurityOnEveryOperation() {
    SecurityWalk.assertEveryOperationDeclaresItsOwnSecurity(operations);
  }

  @Test
  void shouldAnswer401ToAnAnonymousCallOfEveryProtectedOperation() {
    SecurityWalk.assertAnonymousCallsAnswer401(client, operations);
  }

  @Test
  void shouldServePublicOperationsWithoutCredentials() {
    SecurityWalk.assertPublicOperationsServeAnonymousCallers(client, operations);
    assertThat(operations).filteredOn(SecurityWalk.Operation::isPublic).extracting(SecurityWalk.Operation::operationId)
        .containsExactlyInAnyOrder("getLiveness", "getReadiness", "getOpenApiDocument", "receivePaymentWebhook");
  }

  @Test
  void shouldAcceptAnApiKeyOnlyWhereTheOperationDeclaresIt(Vertx vertx) {
    // the auth service's answer for the key: it acts, with one scope, for a user of tenant A who holds that permission
    UUID creator = Uuids.v7();
    identity.token(TENANT_A, creator, List.of("products:read"));
    String key = identity.apiKey(TENANT_A, creator, List.of("products:read"));
    WebClient plain = SecurityWalk.plainClient(vertx, app.port());

    try {
      SecurityWalk.assertApiKeyAcceptedOnlyWhereDeclared(plain, operations, key);
      assertThat(operations).filteredOn(op -> !op.isPublic())
          .allSatisfy(op -> assertThat(op.accepts(Credential.API_KEY)).as(op.toString()).isTrue());
      assertThat(plain.get("/api/v1/products").putHeader("X-Api-Key", key).send().await()
          .bodyAsJsonObject().getJsonArray("items")).isEqualTo(new JsonArray());
    } finally {
      plain.close();
    }
  }
}
