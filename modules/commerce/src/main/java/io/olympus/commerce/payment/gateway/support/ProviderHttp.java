package io.olympus.commerce.payment.gateway.support;

import io.olympus.commerce.payment.gateway.GatewayException;
import io.olympus.commerce.payment.gateway.GatewayException.Kind;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One provider's HTTP calls: every call is a single attempt bounded by the endpoint's timeout (connect, idle and
 * total), and every failure becomes a {@link GatewayException} of the right {@link Kind}: no answer (timeout,
 * connection refused or lost), 5xx, 408 and 429 are {@link Kind#TRANSIENT} (with the {@code Retry-After} the
 * provider sent); 401/403 {@link Kind#AUTHENTICATION}; 404 {@link Kind#NOT_FOUND}; any other 4xx
 * {@link Kind#INVALID_REQUEST}. Nothing here logs a request: credentials travel only in headers set by the adapter.
 */
public final class ProviderHttp {

  private final String provider;
  private final WebClient client;
  private final ProviderEndpoint endpoint;

  public ProviderHttp(String provider, WebClient client, ProviderEndpoint endpoint) {
    this.provider = provider;
    this.client = client;
    this.endpoint = endpoint;
  }

  public String provider() {
    return provider;
  }

  /** A request to {@code path} under the endpoint's base URL, with the connect and idle timeouts set. */
  public HttpRequest<Buffer> request(HttpMethod method, String path) {
    long millis = endpoint.timeout().toMillis();
    return client.requestAbs(method, endpoint.url(path))
        .connectTimeout(millis)
        .idleTimeout(millis)
        .putHeader("Accept", "application/json");
  }

  /**
   * Sends once; the answer whatever its status, or a {@link Kind#TRANSIENT} failure when none came within the
   * timeout.
   */
  public Future<HttpResponse<Buffer>> send(HttpRequest<Buffer> request,
                                           Function<HttpRequest<Buffer>, Future<HttpResponse<Buffer>>> sender) {
    Future<HttpResponse<Buffer>> sent;
    try {
      sent = sender.apply(request);
    } catch (RuntimeException e) {
      sent = Future.failedFuture(e);
    }
    return sent
        .timeout(endpoint.timeout().toMillis(), TimeUnit.MILLISECONDS)
        .recover(err -> Future.failedFuture(noAnswer(err)));
  }

  /** The failure for a call that got no answer. */
  public GatewayException noAnswer(Throwable cause) {
    if (cause instanceof GatewayException known) {
      return known;
    }
    String what = cause instanceof java.util.concurrent.TimeoutException ? "timed out after " + endpoint.timeout().toMillis() + " ms"
        : "failed: " + cause.getClass().getSimpleName();
    return new GatewayException(Kind.TRANSIENT, provider, -1, -1, provider + " call " + what, cause);
  }

  /** The failure for an answer that is not a success; {@code detail} is the provider's own message (may be null). */
  public GatewayException failure(HttpResponse<Buffer> response, String detail) {
    int status = response.statusCode();
    Kind kind = kindOf(status);
    long retryAfter = kind == Kind.TRANSIENT ? retryAfterMillis(response.getHeader("Retry-After"), Instant.now()) : -1;
    String message = provider + " answered " + status + (detail == null || detail.isBlank() ? "" : ": " + detail);
    return new GatewayException(kind, provider, status, retryAfter, message, null);
  }

  /** The {@link Kind} of an HTTP status that is not a success. */
  public static Kind kindOf(int status) {
    if (status >= 500 || status == 429 || status == 408) {
      return Kind.TRANSIENT;
    }
    if (status == 401 || status == 403) {
      return Kind.AUTHENTICATION;
    }
    if (status == 404) {
      return Kind.NOT_FOUND;
    }
    return Kind.INVALID_REQUEST;
  }

  /** {@code Retry-After} as milliseconds from {@code now}: delta seconds or an HTTP date; -1 when absent or bad. */
  public static long retryAfterMillis(String header, Instant now) {
    if (header == null || header.isBlank()) {
      return -1;
    }
    String value = header.trim();
    try {
      long seconds = Long.parseLong(value);
      return seconds < 0 ? -1 : Math.multiplyExact(seconds, 1000L);
    } catch (NumberFormatException | ArithmeticException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return Math.max(0, Duration.between(now, at).toMillis());
      } catch (DateTimeParseException notDate) {
        return -1;
      }
    }
  }

  /** The body as JSON, or an empty object when it is not JSON (an error page, an empty 5xx). */
  public static JsonObject json(HttpResponse<Buffer> response) {
    Buffer body = response.body();
    if (body == null || body.length() == 0) {
      return new JsonObject();
    }
    try {
      return new JsonObject(body);
    } catch (DecodeException | ClassCastException notJson) {
      return new JsonObject();
    }
  }

  public static boolean success(HttpResponse<?> response) {
    return response.statusCode() >= 200 && response.statusCode() < 300;
  }
}
