package io.olympus.commerce.promotion.model;

import io.olympus.common.json.JsonInput;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Codes to add to a promotion: either the codes themselves ({@code codes}, up to 100) or a number of codes to
 * generate ({@code count} 1..10,000, with an optional {@code prefix} and {@code length} of the random part, 6..20,
 * default 10). {@code usage_limit} is each code's own limit: 1 (single-use) by default for generated codes, none for
 * named ones unless given. Validated by {@link #fromJson}, naming every bad field.
 */
public record CodeRequest(List<String> codes, int count, String prefix, int length, Integer usageLimit) {

  public static final int MAX_GENERATED = 10_000;
  private static final Pattern PREFIX = Pattern.compile("^[A-Za-z0-9_-]{1,20}$");

  public static CodeRequest fromJson(JsonObject json) {
    JsonInput in = new JsonInput(json);
    boolean named = json.getValue("codes") != null;
    boolean generated = json.getValue("count") != null;
    List<String> codes = named ? PromotionInput.codes(in, "codes", 1, PromotionInput.MAX_CODES) : null;
    Integer count = in.optionalInt("count", 1, MAX_GENERATED);
    String prefix = in.optionalString("prefix", 1, 20);
    if (prefix != null && !PREFIX.matcher(prefix).matches()) {
      in.error("prefix", "must be 1 to 20 letters, digits, - or _");
    }
    Integer length = in.optionalInt("length", 6, 20);
    Integer usageLimit = in.optionalInt("usage_limit", 1, 1_000_000_000);
    if (named == generated) {
      in.error("codes", named ? "cannot be sent with count" : "or count is required");
    }
    if (named && (prefix != null || length != null)) {
      in.error(prefix != null ? "prefix" : "length", "is only for generated codes (count)");
    }
    in.validate();
    if (named) {
      return new CodeRequest(codes, 0, null, 0, usageLimit);
    }
    return new CodeRequest(List.of(), count, prefix == null ? "" : prefix.toUpperCase(Locale.ROOT),
        length == null ? 10 : length, usageLimit == null ? Integer.valueOf(1) : usageLimit);
  }

  public boolean generated() {
    return count > 0;
  }
}
