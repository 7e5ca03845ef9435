package io.olympus.common.http;

import io.olympus.common.error.ApiException;
import io.olympus.common.error.FieldError;
import io.olympus.common.error.ValidationException;
import io.olympus.common.event.Uuids;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.net.URLDecoder;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Screens the request target before the router sees it. Netty's and Vert.x Web's decoders throw on malformed
 * percent-encoding ({@code %ZZ}, a lone {@code %}), which would surface as a 500 wherever a handler first reads a
 * parameter; an encoded NUL ({@code %00}) would reach PostgreSQL, which refuses NUL in text. Such a request gets a
 * 400 problem naming {@code path} or the query parameter, here, once for every route of every service. It also
 * answers the requests the HTTP decoder itself refused (an over-long request line → 414, over-large headers → 431,
 * anything else → 400) with a problem body instead of an empty one ({@link #invalidRequest(HttpServerRequest)}).
 */
public final class UriGuard implements Handler<HttpServerRequest> {

  private static final Pattern SANE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private final Handler<HttpServerRequest> next;

  public UriGuard(Handler<HttpServerRequest> next) {
    this.next = next;
  }

  @Override
  public void handle(HttpServerRequest request) {
    FieldError error = check(request.path(), request.query());
    if (error == null) {
      next.handle(request);
      return;
    }
    answer(request, new ValidationException("The request target is malformed", List.of(error)));
  }

  /** The error in a request target, or null when every part decodes and holds no NUL. */
  static FieldError check(String path, String query) {
    if (path != null && !decodable(path)) {
      return new FieldError("path", "must be valid percent-encoded UTF-8 without NUL characters");
    }
    if (query == null || query.isEmpty()) {
      return null;
    }
    for (String pair : query.split("&", -1)) {
      if (!decodable(pair)) {
        int eq = pair.indexOf('=');
        String rawName = eq < 0 ? pair : pair.substring(0, eq);
        String name = decodable(rawName) && !rawName.isEmpty()
            ? URLDecoder.decode(rawName, StandardCharsets.UTF_8) : "query";
        return new FieldError(name, "must be valid percent-encoded UTF-8 without NUL characters");
      }
    }
    return null;
  }

  /** True when every {@code %} starts two hex digits, no NUL is encoded and nothing raw is a control character. */
  static boolean decodable(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return false;
      }
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          return false;
        }
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi < 0 || lo < 0 || hi == 0 && lo == 0) {
          return false;
        }
        i += 2;
      }
    }
    return true;
  }

  /**
   * The server's handler for requests its HTTP decoder refused: 414 for an over-long request line, 431 for
   * over-large headers, 400 otherwise, each with a problem body; the connection is closed after the answer.
   */
  public static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult() == null ? null : request.decoderResult().cause();
    String name = cause == null ? "" : cause.getClass().getSimpleName();
    String message = cause == null || cause.getMessage() == null ? "" : cause.getMessage();
    ApiException problem;
    if (name.equals("TooLongHttpLineException") || message.startsWith("An HTTP line is larger than")) {
      problem = new ApiException(414, "uri-too-long", "URI Too Long", "The request line exceeds the size limit");
    } else if (name.equals("TooLongHttpHeaderException") || message.startsWith("HTTP header is larger than")) {
      problem = new ApiException(431, "headers-too-large", "Request Header Fields Too Large",
          "The request headers exceed the size limit");
    } else {
      problem = new ApiException(400, "bad-request", "Bad Request", "The request could not be parsed");
    }
    request.response().putHeader(HttpHeaders.CONNECTION, "close");
    answer(request, problem);
  }

  private static void answer(HttpServerRequest request, ApiException problem) {
    String given = safeHeader(request, RequestIdHandler.HEADER);
    String requestId = given != null && SANE_REQUEST_ID.matcher(given).matches() ? given : Uuids.v7().toString();
    String path = request.path();
    String instance = path != null && decodable(path) ? path : "/";
    HttpServerResponse response = request.response();
    response.setStatusCode(problem.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, Problems.CONTENT_TYPE)
        .putHeader(RequestIdHandler.HEADER, requestId)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Cache-Control", "no-store")
        .putHeader("Content-Security-Policy", SecurityHeadersHandler.API_CSP)
        .end(Problems.body(problem, instance, requestId).encode());
  }

  private static String safeHeader(HttpServerRequest request, String name) {
    try {
      return request.getHeader(name);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
