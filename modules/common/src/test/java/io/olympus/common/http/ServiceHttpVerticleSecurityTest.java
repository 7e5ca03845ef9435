package io.olympus.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.olympus.common.service.ServiceContext;
import io.olympus.common.testing.SecurityWalk;
import io.olympus.common.testing.ServiceHarness;
import io.olympus.common.testing.ServiceHarness.Deployed;
import io.olympus.common.testing.TestAuthority;
import io.olympus.common.testing.TestInfra;
import io.olympus.common.testing.TestTenants;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Authentication as the contract declares it, mounted once by {@link ServiceHttpVerticle} before validation: the echo
 * contract's {@code whoAmI} accepts an access token or an API key, {@code whoAmIUser} only an access token,
 * {@code whoAmIKey} only an API key, and its other operations are public ({@code security: []}).
 */
class ServiceHttpVerticleSecurityTest {

  private static final UUID TENANT = UUID.fromString("00000000-0000-7000-8000-0000000000cc");
  private static final UUID USER = UUID.fromString("00000000-0000-7000-8000-0000000000cd");
  private static String defaultApiKey;
  private static final JsonObject DEFAULT_NOTE = new JsonObject().put("note", "hello");
  private static final JsonObject INVALID_NOTE = new JsonObject().put("unexpected", 1);

  private static Vertx vertx;
  private static Deployed app;
  private static WebClient client;
  private static String bearer;

  @BeforeAll
  static void deploy() {
    TestInfra infra = TestInfra.get();
    infra.truncateAll();
    infra.executeAsOwner("INSERT INTO tenants (id, slug, name, plan) VALUES ('" + TENANT + "', 'mount', 'Mount', 'pro')");
    vertx = Vertx.vertx();
    TestTenants.serveResolve(vertx, infra.appPool(vertx));
    ServiceContext context = ServiceHarness.context(vertx, Map.of());
    TestAuthority authority = new TestAuthority(context.config());
    authority.start(vertx).await();
    bearer = authority.bearer(TENANT, USER, List.of("owner"));
    // the auth service's answer (the shared stand-in): one known key, every other one refused
    defaultApiKey = authority.apiKey(TENANT, USER, List.of("products:read"));
    app = ServiceHarness.deploy(vertx, context, EchoHttpVerticle::new).await();
    client = app.client();
  }

  @AfterAll
  static void close() {
    app.close(vertx).await();
    vertx.close().await();
  }

  @Test
  void shouldAnswer401BeforeValidatingTheBodyOfAnAnonymousRequest() {
    HttpResponse<Buffer> response = client.post("/whoami").sendJsonObject(INVALID_NOTE).await();

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(response.getHeader("WWW-Authenticate")).startsWith("Bearer");
  }

  @Test
  void shouldAnswer401ForAnInvalidAccessTokenBeforeValidatingTheBody() {
    HttpResponse<Buffer> response = client.post("/whoami").putHeader("Authorization", "Bearer not.a.token")
        .sendJsonObject(INVALID_NOTE).await();

    assertThat(response.statusCode()).isEqualTo(401);
  }

  @Test
  void shouldValidateTheBodyOfAnAuthenticatedRequest() {
    HttpResponse<Buffer> response = client.post("/whoami").putHeader("Authorization", bearer)
        .sendJsonObject(INVALID_NOTE).await();

    assertThat(response.statusCode()).isEqualTo(400);
  }

  @Test
  void shouldPutThePrincipalOfAnAccessTokenOnTheRequest() {
    HttpResponse<Buffer> response = client.post("/whoami").putHeader("Authorization", bearer)
        .sendJsonObject(DEFAULT_NOTE).await();

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getString("user_id")).isEqualTo(USER.toString());
    assertThat(response.bodyAsJsonObject().getString("tenant_id")).isEqualTo(TENANT.toString());
    assertThat(response.bodyAsJsonObject().getBoolean("api_key")).isFalse();
  }

  @Test
  void shouldAcceptAnApiKeyInEitherHeaderWhereTheOperationDeclaresIt() {
    HttpResponse<Buffer> viaHeader = client.post("/whoami").putHeader("X-Api-Key", defaultApiKey)
        .sendJsonObject(DEFAULT_NOTE).await();
    HttpResponse<Buffer> viaBearer = client.post("/whoami").putHeader("Authorization", "Bearer " + defaultApiKey)
        .sendJsonObject(DEFAULT_NOTE).await();

    assertThat(viaHeader.statusCode()).isEqualTo(200);
    assertThat(viaHeader.bodyAsJsonObject().getBoolean("api_key")).isTrue();
    assertThat(viaBearer.statusCode()).isEqualTo(200);
    assertThat(viaBearer.bodyAsJsonObject().getBoolean("api_key")).isTrue();
  }

  @Test
  void shouldRefuseAnApiKeyWith403WhereOnlyAccessTokensAreDeclared() {
    HttpResponse<Buffer> response = client.post("/whoami/user").putHeader("X-Api-Key", defaultApiKey)
        .sendJsonObject(INVALID_NOTE).await();

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.bodyAsJsonObject().getString("detail")).isEqualTo(SecurityWalk.NEEDS_ACCESS_TOKEN);
    assertThat(client.post("/whoami/user").putHeader("Authorization", bearer).sendJsonObject(DEFAULT_NOTE).await()
        .statusCode()).isEqualTo(200);
  }

  @Test
  void shouldRefuseAnAccessTokenWith403WhereOnlyApiKeysAreDeclared() {
    HttpResponse<Buffer> token = client.get("/whoami/key").putHeader("Authorization", bearer).send().await();
    HttpResponse<Buffer> key = client.get("/whoami/key").putHeader("X-Api-Key", defaultApiKey).send().await();

    assertThat(token.statusCode()).isEqualTo(403);
    assertThat(token.bodyAsJsonObject().getString("detail")).isEqualTo("This operation needs an API key");
    assertThat(key.statusCode()).isEqualTo(200);
  }

  @Test
  void shouldAnswer401ForAnUnknownApiKeyEvenWhereApiKeysAreNotDeclared() {
    HttpResponse<Buffer> unknown = client.post("/whoami/user").putHeader("X-Api-Key", "olym_" + "x".repeat(40))
        .sendJsonObject(DEFAULT_NOTE).await();
    HttpResponse<Buffer> malformed = client.post("/whoami").putHeader("X-Api-Key", "not-a-key")
        .sendJsonObject(DEFAULT_NOTE).await();

    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(malformed.statusCode()).isEqualTo(401);
  }

  @Test
  void shouldServePublicOperationsWithoutCredentials() {
    HttpResponse<Buffer> echo = client.post("/echo").sendJsonObject(new JsonObject().put("name", "mug").put("quantity", 1))
        .await();
    HttpResponse<Buffer> invalid = client.post("/echo").sendJsonObject(INVALID_NOTE).await();

    assertThat(echo.statusCode()).isEqualTo(200);
    assertThat(invalid.statusCode()).isEqualTo(400);
  }

  @Test
  void shouldAnswer401ToAnAnonymousCallOfEveryOperationThatDeclaresSecurity() {
    List<SecurityWalk.Operation> operations = SecurityWalk.operations(SecurityWalk.served(client).await());
    List<SecurityWalk.Operation> secured = operations.stream().filter(op -> !op.isPublic()).toList();

    var answers = SecurityWalk.call(client, secured, Map.of()).await();

    assertThat(secured).extracting(SecurityWalk.Operation::operationId)
        .containsExactly("whoAmI", "whoAmIUser", "whoAmIKey");
    assertThat(answers).allSatisfy((op, answer) -> assertThat(answer.statusCode()).as(op.toString()).isEqualTo(401));
    assertThat(operations).allSatisfy(op -> assertThat(op.declaresOwn()).as(op.toString()).isTrue());
  }

  @Test
  void shouldAcceptAnApiKeyOnlyWhereTheOperationDeclaresIt() {
    List<SecurityWalk.Operation> operations = SecurityWalk.operations(SecurityWalk.served(client).await());

    SecurityWalk.assertApiKeyAcceptedOnlyWhereDeclared(client, operations, defaultApiKey);
  }

  @Test
  void shouldFailTheStartOfAServiceWhoseContractLeavesAnOperationUndeclared() {
    ServiceContext context = ServiceHarness.context(vertx, Map.of());

    assertThatThrownBy(() -> vertx.deployVerticle(new Undeclared(context)).await())
        .hasMessageContaining("operation listThings (GET /things) declares no security");
  }

  /** A service whose contract forgets the security of one operation. */
  static final class Undeclared extends ServiceHttpVerticle {

    Undeclared(ServiceContext context) {
      super(context, "undeclared", 0);
    }

    @Override
    protected String contractPath() {
      return "openapi/undeclared.yaml";
    }
  }
}
