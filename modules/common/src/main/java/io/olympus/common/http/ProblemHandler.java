package io.olympus.common.http;

import io.olympus.common.error.ApiException;
import io.olympus.common.error.ConflictException;
import io.olympus.common.error.FieldError;
import io.olympus.common.error.RateLimitedException;
import io.olympus.common.error.UnavailableException;
import io.olympus.common.error.ValidationException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.pgclient.PgException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one failure handler of every service router: turns {@link ApiException}s, OpenAPI validation
 * failures, Vert.x Web's own failures (bad JSON, 404, 405, 413, 415) and unique violations into RFC 9457
 * problem+json answers. Anything else is a 500 carrying only the request id, logged once.
 */
public final class ProblemHandler implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);
  private static final java.util.regex.Pattern MISSING_PROPERTY =
      java.util.regex.Pattern.compile("does not have required property \"([^\"]+)\"");

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    Throwable failure = ctx.failure();
    if (response.ended()) {
      // already answered (a request deadline's 503): the late failure of the work behind it has nobody to go to
      LOG.debug("request failed after it was answered: {}", ctx.normalizedPath(), failure);
      return;
    }
    if (response.headWritten()) {
      // too late for a problem document: the answer has started; end it so the client is not left waiting
      LOG.warn("request failed after the response started: {}", ctx.normalizedPath(), failure);
      if (!response.ended()) {
        response.end();
      }
      return;
    }
    String requestId = RequestIdHandler.requestId(ctx);
    ApiException problem = toProblem(failure, ctx.statusCode());
    if (problem == null) {
      LOG.error("unhandled failure on {} {} (request_id={})", ctx.request().method(), ctx.normalizedPath(), requestId,
          failure);
      problem = new ApiException(500, "internal", "Internal Server Error",
          "An unexpected error occurred; quote the request id when reporting it.");
    }
    if (problem.status() == 401) {
      response.putHeader("WWW-Authenticate", "Bearer realm=\"olympus\", error=\"invalid_token\"");
    }
    if (problem instanceof RateLimitedException rl) {
      response.putHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, rl.retryAfterSeconds())));
    } else if (problem instanceof UnavailableException unavailable) {
      long seconds = unavailable.retryAfterSeconds() > 0 ? unavailable.retryAfterSeconds() : 5;
      response.putHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
    }
    response.setStatusCode(problem.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, Problems.CONTENT_TYPE)
        .end(Problems.body(problem, ctx.request().path(), requestId).encode());
  }

  /** The problem for a failure, or null when it is unknown (a 500). */
  static ApiException toProblem(Throwable failure, int statusCode) {
    if (failure instanceof HttpException http && (http.getCause() instanceof ValidatorException
        || http.getCause() instanceof DecodeException || http.getCause() instanceof ApiException)) {
      // the OpenAPI router wraps its validation failures in a 400 HttpException
      failure = http.getCause();
    }
    if (failure instanceof ApiException api) {
      return api;
    }
    if (failure instanceof SchemaValidationException sve) {
      return new ValidationException("The request does not match the API contract", fieldErrors(sve));
    }
    if (failure instanceof ValidatorException ve) {
      return fromValidator(ve);
    }
    if (failure instanceof DecodeException || failure instanceof IllegalArgumentException
        && failure.getCause() instanceof DecodeException) {
      return malformedJson();
    }
    if (failure instanceof PgException pg && "23505".equals(pg.getSqlState())) {
      return new ConflictException("The resource already exists");
    }
    if (failure != null && isOverload(failure)) {
      return new UnavailableException("The service is overloaded; retry shortly", 1);
    }
    UnavailableException dependency = failure == null ? null : DependencyFailures.toProblem(failure);
    if (dependency != null) {
      return dependency;
    }
    if (failure instanceof HttpException http) {
      return fromStatus(http.getStatusCode(), http.getPayload());
    }
    if (failure == null || statusCode >= 400 && statusCode < 500) {
      return fromStatus(statusCode < 0 ? 500 : statusCode, null);
    }
    return null;
  }

  /**
   * A pool that could not hand out a connection in time, or whose wait queue is full: the server is
   * saturated, which is a 503 with Retry-After, not a 500.
   */
  static boolean isOverload(Throwable failure) {
    String type = failure.getClass().getSimpleName();
    String message = failure.getMessage() == null ? "" : failure.getMessage();
    return type.contains("TooBusy")
        || type.equals("NoStackTraceThrowable") && message.startsWith("Timeout")
        || message.contains("wait queue") || message.contains("waiter queue");
  }

  private static ApiException fromValidator(ValidatorException ve) {
    String message = ve.getMessage();
    if (ve.type() == ValidatorErrorType.MISSING_OPERATION) {
      return fromStatus(404, null);
    }
    if (ve.type() == ValidatorErrorType.UNSUPPORTED_VALUE_FORMAT && message != null && message.contains("request body")
        || message != null && message.toLowerCase().contains("content type")) {
      return new ApiException(415, "unsupported-media-type", "Unsupported Media Type", message);
    }
    if (ve.getCause() instanceof DecodeException || message != null && message.contains("decode")) {
      return malformedJson();
    }
    return new ValidationException("The request does not match the API contract",
        List.of(new FieldError(fieldOf(message), message == null ? "invalid" : message)));
  }

  private static ApiException malformedJson() {
    return new ApiException(400, "malformed-body", "Malformed request body", "The request body is not valid JSON");
  }

  static ApiException fromStatus(int status, String detail) {
    return switch (status) {
      case 400 -> new ApiException(400, "bad-request", "Bad Request", detail != null ? detail : "The request is malformed");
      case 401 -> new ApiException(401, "unauthorized", "Unauthorized", "Authentication is required");
      case 403 -> new ApiException(403, "forbidden", "Forbidden", "Not allowed");
      case 404 -> new ApiException(404, "not-found", "Not Found", "No resource at this path");
      case 405 -> new ApiException(405, "method-not-allowed", "Method Not Allowed", "This path does not support this method");
      case 406 -> new ApiException(406, "not-acceptable", "Not Acceptable", "No acceptable representation");
      case 413 -> new ApiException(413, "payload-too-large", "Payload Too Large", "The request body exceeds the size limit");
      case 415 -> new ApiException(415, "unsupported-media-type", "Unsupported Media Type", "The request content type is not supported");
      case 429 -> new RateLimitedException("Too many requests", 1);
      case 503 -> new UnavailableException("The service is unavailable");
      default -> status >= 400 && status < 500
          ? new ApiException(status, "client-error", "Client Error", detail)
          : null;
    };
  }

  /** One field error per failing schema location: {@code /items/0/sku} becomes {@code items[0].sku}. */
  static List<FieldError> fieldErrors(SchemaValidationException e) {
    List<FieldError> errors = new ArrayList<>();
    String parameter = parameterOf(e.getMessage());
    collect(e.getOutputUnit(), errors, new LinkedHashSet<>(), parameter);
    if (errors.isEmpty()) {
      errors.add(new FieldError(parameter != null ? parameter : "body", e.getMessage()));
    }
    return errors;
  }

  private static void collect(OutputUnit unit, List<FieldError> out, Set<String> seen, String parameter) {
    if (unit == null) {
      return;
    }
    List<OutputUnit> children = unit.getErrors();
    if (children != null && !children.isEmpty()) {
      children.forEach(child -> collect(child, out, seen, parameter));
      return;
    }
    if (unit.getError() == null || Boolean.TRUE.equals(unit.getValid())) {
      return;
    }
    String inner = pointerToField(unit.getInstanceLocation());
    String field = parameter == null ? inner
        : inner.equals("body") ? parameter
        : inner.startsWith("[") ? parameter + inner : parameter + "." + inner;
    String message = unit.getError();
    java.util.regex.Matcher missing = MISSING_PROPERTY.matcher(message);
    if (missing.find()) {
      // name the missing property itself, not the object that lacks it
      field = field.equals("body") ? missing.group(1) : field + "." + missing.group(1);
    }
    if (seen.add(field + "\u0000" + message)) {
      out.add(new FieldError(field, message));
    }
  }

  static String pointerToField(String pointer) {
    if (pointer == null || pointer.isEmpty() || pointer.equals("#") || pointer.equals("/") || pointer.equals("#/")) {
      return "body";
    }
    String p = pointer.startsWith("#") ? pointer.substring(1) : pointer;
    StringBuilder field = new StringBuilder();
    for (String token : p.split("/")) {
      if (token.isEmpty()) {
        continue;
      }
      String t = token.replace("~1", "/").replace("~0", "~");
      if (t.chars().allMatch(Character::isDigit)) {
        field.append('[').append(t).append(']');
      } else {
        if (field.length() > 0) {
          field.append('.');
        }
        field.append(t);
      }
    }
    return field.length() == 0 ? "body" : field.toString();
  }

  /** The parameter a validation message names ({@code ... path parameter item_id is invalid ...}), or null. */
  private static String parameterOf(String message) {
    if (message == null || !message.contains(" parameter ")) {
      return null;
    }
    String name = fieldOf(message);
    return name.equals("request") ? null : name;
  }

  private static String fieldOf(String message) {
    if (message != null) {
      int start = message.indexOf("parameter ");
      if (start >= 0) {
        String rest = message.substring(start + "parameter ".length());
        int end = rest.indexOf(' ');
        return end > 0 ? rest.substring(0, end) : rest;
      }
    }
    return "request";
  }
}
