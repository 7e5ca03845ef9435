package io.olympus.app.fuzz;

import io.olympus.app.fuzz.ContractWalker.Op;
import io.olympus.app.fuzz.ContractWalker.Param;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hostile requests for one operation, a bounded number each: NUL and other control characters, lone surrogates,
 * malformed percent-encoding, huge and negative numbers, wrong types, deep nesting and oversized bodies, in path
 * and query parameters and in every leaf of the JSON body.
 */
final class HostileCases {

  /** One request to send: what it tries, and the raw request target and body. */
  record Case(String label, String method, String uri, String body) {}

  private static final String MARK = "@@fuzz-mark@@";
  private static final int MAX_LEAVES = 10;

  /** Raw (already encoded) values for a path or query parameter. */
  static final List<String> PARAMETER_VALUES = List.of("a%00b", "%ZZ", "%", "%E0%A4%A", "%ED%A0%80", "%01%1F%7F",
      "-1", "99999999999999999999999999", "1e400", "NaN", "..%2F..%2Fetc", "x".repeat(3000), "%22%27%3B--", "[]",
      "%C0%AF");

  /** Raw JSON replacing a string leaf. */
  static final List<String> STRING_VALUES = List.of("\"a\\u0000b\"", "\"\\u0001\\u001b\\u007f\\u0085\"",
      "\"\\ud800x\"", "\"\\udfff\"", "123", "\"" + "s".repeat(70_000) + "\"", "{}", "null");

  /** Raw JSON replacing a number leaf. */
  static final List<String> NUMBER_VALUES = List.of("99999999999999999999999999", "-1", "-9223372036854775809", "1e400",
      "1.5", "\"12\"", "true");

  /** Raw JSON replacing any other leaf (boolean, object, array). */
  static final List<String> OTHER_VALUES = List.of("\"true\"", "\"\\u0000\"", "123", "[[[[[[]]]]]]");

  /** Whole bodies. */
  static final List<String> BODIES = List.of("[" .repeat(10_000) + "]".repeat(10_000), "\"\\u0000\"", "[]", "{",
      "{\"a\":\"" + "z".repeat(2 * 1024 * 1024) + "\"}", "{\"\\u0000\":1}");

  private HostileCases() {}

  static List<Case> of(Op op, Map<String, String> knownIds) {
    List<Case> cases = new ArrayList<>();
    for (Param param : op.params()) {
      for (String hostile : PARAMETER_VALUES) {
        cases.add(new Case(param.in() + " " + param.name() + "=" + abbreviate(hostile), op.method(),
            uri(op, knownIds, param.name(), hostile), op.body() == null ? null : json(op.body())));
      }
    }
    if (op.params().stream().noneMatch(p -> p.in().equals("query"))) {
      cases.add(new Case("query junk=%ZZ", op.method(), uri(op, knownIds, null, null) + "?junk=%ZZ&n=%00", null));
    }
    if (op.body() != null) {
      String uri = uri(op, knownIds, null, null);
      List<List<Object>> leaves = new ArrayList<>();
      leaves(op.body(), new ArrayList<>(), leaves);
      int rotation = 0;
      for (List<Object> leaf : leaves.subList(0, Math.min(MAX_LEAVES, leaves.size()))) {
        Object value = get(op.body(), leaf);
        List<String> values = value instanceof String ? STRING_VALUES
            : value instanceof Number ? NUMBER_VALUES : OTHER_VALUES;
        // the NUL for every string leaf; the other values rotate over the leaves to keep the count bounded
        List<String> chosen = new ArrayList<>();
        chosen.add(values.get(0));
        for (int i = 0; i < 3; i++) {
          chosen.add(values.get(1 + (rotation++ % (values.size() - 1))));
        }
        for (String hostile : chosen) {
          cases.add(new Case("body " + leaf + "=" + abbreviate(hostile), op.method(), uri, substitute(op.body(), leaf,
              hostile)));
        }
      }
      for (String body : BODIES) {
        cases.add(new Case("body " + abbreviate(body), op.method(), uri, body));
      }
    }
    return cases;
  }

  private static String abbreviate(String value) {
    return value.length() > 40 ? value.substring(0, 20) + "…(" + value.length() + ")" : value;
  }

  private static String uri(Op op, Map<String, String> knownIds, String hostileParam, String hostile) {
    String path = op.path();
    StringBuilder query = new StringBuilder();
    for (Param p : op.params()) {
      String value;
      if (p.name().equals(hostileParam)) {
        value = hostile;
      } else if (knownIds.containsKey(p.name()) && !op.method().equals("DELETE") && !op.method().equals("POST")) {
        value = knownIds.get(p.name());
      } else if (p.plausible() instanceof JsonArray || p.plausible() instanceof JsonObject) {
        continue;
      } else {
        value = URLEncoder.encode(String.valueOf(p.plausible()), StandardCharsets.UTF_8);
      }
      if (p.in().equals("path")) {
        path = path.replace("{" + p.name() + "}", value);
      } else if (p.name().equals(hostileParam)) {
        query.append(query.length() == 0 ? "?" : "&").append(p.name()).append('=').append(value);
      }
    }
    return path + query;
  }

  private static String json(Object body) {
    return body instanceof JsonObject o ? o.encode() : body instanceof JsonArray a ? a.encode() : String.valueOf(body);
  }

  private static void leaves(Object node, List<Object> at, List<List<Object>> out) {
    if (node instanceof JsonObject obj && !obj.isEmpty()) {
      for (String key : obj.fieldNames()) {
        List<Object> next = new ArrayList<>(at);
        next.add(key);
        leaves(obj.getValue(key), next, out);
      }
    } else if (node instanceof JsonArray array && !array.isEmpty()) {
      List<Object> next = new ArrayList<>(at);
      next.add(0);
      leaves(array.getValue(0), next, out);
    } else if (!at.isEmpty()) {
      out.add(at);
    }
  }

  private static Object get(Object node, List<Object> at) {
    Object current = node;
    for (Object step : at) {
      current = step instanceof Integer i ? ((JsonArray) current).getValue(i) : ((JsonObject) current).getValue((String) step);
    }
    return current;
  }

  private static String substitute(Object body, List<Object> at, String raw) {
    Object copy = body instanceof JsonObject o ? o.copy() : ((JsonArray) body).copy();
    Object parent = copy;
    for (Object step : at.subList(0, at.size() - 1)) {
      parent = step instanceof Integer i ? ((JsonArray) parent).getValue(i) : ((JsonObject) parent).getValue((String) step);
    }
    Object last = at.get(at.size() - 1);
    if (last instanceof Integer i) {
      ((JsonArray) parent).set(i, MARK);
    } else {
      ((JsonObject) parent).put((String) last, MARK);
    }
    return json(copy).replace("\"" + MARK + "\"", raw);
  }
}
