package io.olympus.common.testing;

import io.olympus.common.http.OpenApiDocuments;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.impl.ClientPhase;
import io.vertx.ext.web.client.impl.HttpContext;
import io.vertx.ext.web.client.impl.WebClientInternal;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.impl.Utils;
import io.vertx.openapi.validation.impl.ResponseValidatorImpl;
import io.vertx.openapi.validation.ValidatableResponse;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Validates every response a test client receives against the service's OpenAPI document, so contract drift fails
 * the test that saw it: the status must be documented for the operation and a JSON body (problem documents
 * included) must match the documented schema. Statuses the shared HTTP stack may give any operation (413, 415, 429,
 * 431, 414, 500, 501, 503) need not be documented per operation but must be problem documents. Requests to paths
 * outside the contract (Swagger UI, test-only routes) are not checked.
 */
public final class ContractResponses {

  /** Answers of the shared stack that any operation may give, documented once in the README. */
  static final Set<Integer> STACK_STATUSES = Set.of(413, 414, 415, 429, 431, 500, 501, 503);

  private final OpenAPIContract contract;
  /** Used on the calling thread: its own {@code validate} hops to the worker pool, which some tests keep busy. */
  private final ResponseValidatorImpl validator;

  private ContractResponses(Vertx vertx, OpenAPIContract contract) {
    this.contract = contract;
    this.validator = new ResponseValidatorImpl(vertx, contract);
  }

  /**
   * Loads the contract the service on {@code port} serves at {@code /openapi.yaml}: the document it validates requests
   * with, merged from its parts where it has several.
   */
  public static Future<ContractResponses> load(Vertx vertx, int port) {
    WebClient plain = WebClient.create(vertx);
    return plain.get(port, "127.0.0.1", "/openapi.yaml").send()
        .andThen(done -> plain.close())
        .compose(response -> response.statusCode() == 200
            ? Future.succeededFuture(response.bodyAsString())
            : Future.failedFuture(new IllegalStateException("no contract served on port " + port)))
        .compose(yaml -> vertx.executeBlocking(() -> Utils.yamlStringToJson(yaml).result()))
        .map(ContractResponses::forResponses)
        .compose(json -> OpenAPIContract.from(vertx, json))
        .map(contract -> new ContractResponses(vertx, contract));
  }

  /** A client for {@code port} whose every response is checked against the contract that port serves. */
  public static WebClient client(Vertx vertx, int port) {
    WebClient client = WebClient.create(vertx, new io.vertx.ext.web.client.WebClientOptions()
        .setDefaultHost("127.0.0.1").setDefaultPort(port).setFollowRedirects(false));
    return load(vertx, port).map(responses -> responses.install(client)).await();
  }

  /** Adds the check to {@code client}; every response it dispatches afterwards is validated. */
  public WebClient install(WebClient client) {
    ((WebClientInternal) client).addInterceptor(this::intercept);
    return client;
  }

  private void intercept(HttpContext<?> ctx) {
    if (ctx.phase() != ClientPhase.DISPATCH_RESPONSE) {
      ctx.next();
      return;
    }
    HttpResponse<?> response = ctx.response();
    HttpMethod method = ctx.requestOptions().getMethod();
    String uri = ctx.requestOptions().getURI();
    String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
    Operation operation = find(path, method);
    if (operation == null) {
      ctx.next();
      return;
    }
    check(operation, response).onComplete(checked -> {
      if (checked.succeeded()) {
        ctx.next();
      } else {
        ctx.fail(new AssertionError("the answer to " + method + " " + path + " (" + operation.getOperationId()
            + ") breaks the contract: " + checked.cause().getMessage() + "\nstatus " + response.statusCode() + ": "
            + response.bodyAsString(), checked.cause()));
      }
    });
  }

  private Operation find(String path, HttpMethod method) {
    try {
      return contract.findOperation(path, method);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private Future<Void> check(Operation operation, HttpResponse<?> response) {
    int status = response.statusCode();
    String contentType = response.getHeader("Content-Type");
    boolean problem = contentType != null && contentType.startsWith("application/problem+json");
    if (STACK_STATUSES.contains(status) && operation.getResponse(status) == null) {
      return problem || status == 413 && contentType == null ? Future.succeededFuture()
          : Future.failedFuture(new IllegalStateException("a " + status + " answer must be a problem document"));
    }
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    response.headers().forEach(h -> headers.putIfAbsent(h.getKey(), h.getValue()));
    Buffer body = response.bodyAsBuffer();
    boolean json = contentType != null && (problem || contentType.startsWith("application/json"));
    ValidatableResponse validatable = body == null || body.length() == 0 || !json
        ? ValidatableResponse.create(status, headers)
        : ValidatableResponse.create(status, headers, body, "application/json");
    return validator.getResponse(validatable, operation.getOperationId())
        .compose(documented -> {
          validator.validateBody(documented, validatable);
          return Future.<Void>succeededFuture();
        });
  }

  /**
   * The document as vertx-openapi can validate responses with it: problem documents validated as JSON (it knows no
   * {@code application/problem+json}), other media types it cannot parse dropped, no security requirements.
   */
  static JsonObject forResponses(JsonObject document) {
    return OpenApiDocuments.withoutSecurity(document, ContractResponses::normalise);
  }

  private static void normalise(JsonObject responses) {
    responses.forEach(entry -> {
      if (entry.getValue() instanceof JsonObject response
          && response.getValue("content") instanceof JsonObject content) {
        Object problem = content.getValue("application/problem+json");
        content.fieldNames().removeIf(type -> !type.equalsIgnoreCase("application/json"));
        if (problem != null && !content.containsKey("application/json")) {
          content.put("application/json", problem);
        }
        if (content.isEmpty()) {
          response.remove("content");
        }
      }
    });
  }
}
