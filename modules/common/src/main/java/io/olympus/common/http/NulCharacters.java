package io.olympus.common.http;

import io.olympus.common.error.FieldError;
import io.olympus.common.error.ValidationException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Refuses NUL ({@code U+0000}) anywhere in a validated request — JSON string values and keys at any depth, path,
 * query, header and cookie parameters. PostgreSQL stores no NUL in {@code text} or {@code jsonb} (SQLSTATE 22021 /
 * 22P05), so such a value would otherwise fail deep in a handler as a 500; here it is a 400 naming the field, for every
 * operation of every service.
 */
final class NulCharacters {

  private static final String MESSAGE = "must not contain NUL characters";
  private static final int MAX_ERRORS = 20;

  private NulCharacters() {}

  /** Throws a {@link ValidationException} naming every field that holds a NUL. */
  static void check(ValidatedRequest request) {
    List<FieldError> errors = new ArrayList<>();
    parameters(request.getPathParameters(), errors);
    parameters(request.getQuery(), errors);
    parameters(request.getHeaders(), errors);
    parameters(request.getCookies(), errors);
    RequestParameter body = request.getBody();
    if (body != null && !body.isNull()) {
      walk(body.get(), "", errors);
    }
    if (!errors.isEmpty()) {
      throw new ValidationException("The request contains NUL characters", errors);
    }
  }

  private static void parameters(Map<String, RequestParameter> parameters, List<FieldError> errors) {
    if (parameters == null) {
      return;
    }
    parameters.forEach((name, value) -> {
      if (value != null && !value.isNull() && contains(value.get())) {
        errors.add(new FieldError(name, MESSAGE));
      }
    });
  }

  private static boolean contains(Object value) {
    List<FieldError> found = new ArrayList<>();
    walk(value, "", found);
    return !found.isEmpty();
  }

  /** Walks a decoded JSON value; the JSON decoder caps nesting at 1,000 levels, so the recursion stays shallow. */
  private static void walk(Object value, String path, List<FieldError> errors) {
    if (errors.size() >= MAX_ERRORS) {
      return;
    }
    if (value instanceof String text) {
      if (text.indexOf('\u0000') >= 0) {
        errors.add(new FieldError(path.isEmpty() ? "body" : path, MESSAGE));
      }
    } else if (value instanceof JsonObject object) {
      for (Map.Entry<String, Object> entry : object) {
        String key = entry.getKey();
        String field = path.isEmpty() ? key : path + "." + key;
        if (key.indexOf('\u0000') >= 0) {
          errors.add(new FieldError(path.isEmpty() ? "body" : path, "must not contain NUL characters in names"));
        } else {
          walk(entry.getValue(), field, errors);
        }
      }
    } else if (value instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        walk(array.getValue(i), (path.isEmpty() ? "body" : path) + "[" + i + "]", errors);
      }
    } else if (value instanceof Map<?, ?> map) {
      walk(new JsonObject(castMap(map)), path, errors);
    } else if (value instanceof List<?> list) {
      walk(new JsonArray(new ArrayList<>(list)), path, errors);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }
}
