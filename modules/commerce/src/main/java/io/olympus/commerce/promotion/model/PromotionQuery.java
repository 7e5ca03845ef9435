package io.olympus.commerce.promotion.model;

import io.olympus.common.error.FieldError;
import io.olympus.common.error.ValidationException;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A validated promotion list: {@code active} ({@code true}: switched on and in its window now; {@code false}: the
 * others), {@code code} (the promotion holding that code, any case), keyset {@code cursor} (opaque, from the previous
 * page) and {@code limit} (1..100, default 20). Newest first.
 */
public record PromotionQuery(Boolean active, String code, UUID after, int limit) {

  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 100;

  /** Parses the query string; ValidationException naming every bad parameter. */
  public static PromotionQuery fromQuery(MultiMap params) {
    List<FieldError> errors = new ArrayList<>();
    Boolean active = null;
    String rawActive = params.get("active");
    if (rawActive != null) {
      if (rawActive.equals("true") || rawActive.equals("false")) {
        active = Boolean.valueOf(rawActive);
      } else {
        errors.add(new FieldError("active", "must be true or false"));
      }
    }
    String code = params.get("code");
    if (code != null && !PromotionInput.CODE.matcher(code).matches()) {
      errors.add(new FieldError("code", "must be 3 to 40 letters, digits, - or _"));
      code = null;
    }
    UUID after = null;
    String cursor = params.get("cursor");
    if (cursor != null) {
      try {
        after = UUID.fromString(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError("cursor", "is not a cursor of this list"));
      }
    }
    int limit = DEFAULT_LIMIT;
    String rawLimit = params.get("limit");
    if (rawLimit != null) {
      try {
        limit = Integer.parseInt(rawLimit);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > MAX_LIMIT) {
        errors.add(new FieldError("limit", "must be an integer from 1 to " + MAX_LIMIT));
      }
    }
    if (!errors.isEmpty()) {
      throw new ValidationException("Invalid list parameters", errors);
    }
    return new PromotionQuery(active, code == null ? null : code.toUpperCase(Locale.ROOT), after, limit);
  }

  public static String encode(UUID last) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(last.toString().getBytes(StandardCharsets.UTF_8));
  }
}
