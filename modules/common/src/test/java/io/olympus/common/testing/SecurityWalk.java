package io.olympus.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.common.http.ContractSecurity;
import io.olympus.common.security.Credential;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.openapi.impl.Utils;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Walks the operations of the contract a service serves, with the security each declares, to check that it is
 * enforced: every operation declares its own {@code security}, an anonymous call of every protected operation answers
 * 401, and an API key is accepted exactly where the operation lists the {@code apiKey} scheme. Authentication runs
 * before validation, so each operation is called with placeholder path parameters and a body that fits no schema.
 */
public final class SecurityWalk {

  /** The value of every path parameter: a well-formed id that names nothing. */
  public static final String PLACEHOLDER_ID = "00000000-0000-7000-8000-00000000dead";

  /** The detail of the 403 for an API key on an operation that accepts only access tokens. */
  public static final String NEEDS_ACCESS_TOKEN = "This operation needs a user's access token";

  /** One operation of the contract and the credentials it accepts (none: public). */
  public record Operation(String operationId, HttpMethod method, String path, Set<Credential> accepted,
                          boolean declaresOwn) {

    public boolean isPublic() {
      return accepted.isEmpty();
    }

    public boolean accepts(Credential credential) {
      return accepted.contains(credential);
    }

    /** The path with every {@code {parameter}} replaced by {@link #PLACEHOLDER_ID}. */
    public String concretePath() {
      return path.replaceAll("\\{[^}]+}", PLACEHOLDER_ID);
    }

    @Override
    public String toString() {
      return operationId + " (" + method + " " + path + ")";
    }
  }

  private SecurityWalk() {}

  /** The document the service behind {@code client} serves at {@code /openapi.yaml}. */
  public static Future<JsonObject> served(WebClient client) {
    return client.get("/openapi.yaml").send()
        .map(response -> Utils.yamlStringToJson(response.bodyAsString()).result());
  }

  /** Every operation of {@code document}, in document order. */
  public static List<Operation> operations(JsonObject document) {
    Map<String, Set<Credential>> declared = ContractSecurity.byOperation(document);
    List<Operation> operations = new ArrayList<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (item.getValue(method) instanceof JsonObject operation && operation.getString("operationId") != null) {
          String id = operation.getString("operationId");
          operations.add(new Operation(id, HttpMethod.valueOf(method.toUpperCase()), path, declared.get(id),
              ContractSecurity.declaresOwn(operation)));
        }
      }
    }
    return operations;
  }

  /**
   * Calls every operation of {@code operations} once, one after the other, with {@code headers} and — for methods
   * that carry one — a JSON body that fits no schema; the answers by operation.
   */
  public static Future<Map<Operation, HttpResponse<Buffer>>> call(WebClient client, List<Operation> operations,
      Map<String, String> headers) {
    Map<Operation, HttpResponse<Buffer>> answers = new LinkedHashMap<>();
    Future<Void> chain = Future.succeededFuture();
    for (Operation operation : operations) {
      chain = chain.compose(v -> send(client, operation, headers).<Void>map(answer -> {
        answers.put(operation, answer);
        return null;
      }));
    }
    return chain.map(v -> answers);
  }

  private static Future<HttpResponse<Buffer>> send(WebClient client, Operation operation, Map<String, String> headers) {
    HttpRequest<Buffer> request = client.request(operation.method(), operation.concretePath());
    headers.forEach(request::putHeader);
    boolean withBody = operation.method() == HttpMethod.POST || operation.method() == HttpMethod.PUT
        || operation.method() == HttpMethod.PATCH;
    return withBody ? request.sendJsonObject(new JsonObject().put("walk_field_nobody_declares", true)) : request.send();
  }

  /** Whether {@code answer} is the refusal of a valid API key on an operation that accepts only access tokens. */
  public static boolean refusedApiKey(HttpResponse<Buffer> answer) {
    return answer.statusCode() == 403 && answer.bodyAsString().contains(NEEDS_ACCESS_TOKEN);
  }

  /** Asserts that each of {@code responses} is a 401 problem document. */
  @SafeVarargs
  public static void assertAnswered401(HttpResponse<Buffer>... responses) {
    for (HttpResponse<Buffer> response : responses) {
      assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(401);
      assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
    }
  }

  /**
   * A client of the service on {@code port} without the contract check of {@link ServiceHarness}'s clients: the walk's
   * placeholder ids and bodies get answers that no operation documents.
   */
  public static WebClient plainClient(Vertx vertx, int port) {
    return WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
  }

  /** Asserts that every operation declares its own {@code security} (a scheme, or {@code []} when public). */
  public static void assertEveryOperationDeclaresItsOwnSecurity(List<Operation> operations) {
    assertThat(operations).isNotEmpty()
        .allSatisfy(op -> assertThat(op.declaresOwn()).as(op + " declares its own security").isTrue());
  }

  /** Asserts that an anonymous call of every protected operation answers 401 with a problem document. */
  public static void assertAnonymousCallsAnswer401(WebClient client, List<Operation> operations) {
    List<Operation> secured = operations.stream().filter(op -> !op.isPublic()).toList();
    assertThat(secured).isNotEmpty();
    assertThat(call(client, secured, Map.of()).await()).allSatisfy((op, answer) -> {
      assertThat(answer.statusCode()).as(op + ": " + answer.bodyAsString()).isEqualTo(401);
      assertThat(answer.getHeader("Content-Type")).as(op.toString()).startsWith("application/problem+json");
    });
  }

  /** Asserts that an anonymous call of every public operation gets past authentication (its answer is not 401). */
  public static void assertPublicOperationsServeAnonymousCallers(WebClient client, List<Operation> operations) {
    List<Operation> open = operations.stream().filter(Operation::isPublic).toList();
    assertThat(open).isNotEmpty();
    assertThat(call(client, open, Map.of()).await()).allSatisfy((op, answer) ->
        assertThat(answer.statusCode()).as(op + ": " + answer.bodyAsString()).isNotEqualTo(401));
  }

  /**
   * Asserts that the valid API key {@code apiKey} gets past authentication on every protected operation that lists the
   * {@code apiKey} scheme, and is refused with 403 ({@link #NEEDS_ACCESS_TOKEN}) on every other one.
   */
  public static void assertApiKeyAcceptedOnlyWhereDeclared(WebClient client, List<Operation> operations,
      String apiKey) {
    List<Operation> secured = operations.stream().filter(op -> !op.isPublic()).toList();
    assertThat(call(client, secured, Map.of(Credential.API_KEY_HEADER, apiKey)).await()).allSatisfy((op, answer) -> {
      if (op.accepts(Credential.API_KEY)) {
        assertThat(answer.statusCode()).as(op + ": " + answer.bodyAsString()).isNotEqualTo(401);
        assertThat(refusedApiKey(answer)).as(op + ": " + answer.bodyAsString()).isFalse();
      } else {
        assertThat(refusedApiKey(answer)).as(op + ": " + answer.statusCode() + " " + answer.bodyAsString()).isTrue();
      }
    });
  }
}
