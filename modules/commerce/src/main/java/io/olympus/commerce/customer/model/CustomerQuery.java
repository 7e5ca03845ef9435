package io.olympus.commerce.customer.model;

import io.olympus.common.error.ValidationException;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * A validated customer search: {@code q} (prefix of the e-mail address, first or last name; case-insensitive),
 * {@code customer_group}, keyset {@code cursor} (opaque, from the previous page) and {@code limit} (1..100,
 * default 20). Newest first.
 */
public record CustomerQuery(String q, String customerGroup, UUID after, int limit) {

  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 100;

  public static CustomerQuery fromQuery(MultiMap params) {
    String q = params.get("q");
    if (q != null && (q.isBlank() || q.length() > 100 || q.indexOf('\0') >= 0)) {
      throw new ValidationException("q", "must be 1 to 100 characters");
    }
    String group = params.get("customer_group");
    if (group != null && (group.isBlank() || group.length() > 60 || group.indexOf('\0') >= 0)) {
      throw new ValidationException("customer_group", "must be 1 to 60 characters");
    }
    return new CustomerQuery(q == null ? null : q.strip(), group, cursor(params.get("cursor")),
        limit(params.get("limit")));
  }

  static int limit(String raw) {
    if (raw == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(raw);
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ValidationException("limit", "must be an integer from 1 to " + MAX_LIMIT);
  }

  /** Decodes an opaque cursor; ValidationException naming {@code cursor} when it is not one of ours. */
  public static UUID cursor(String raw) {
    if (raw == null) {
      return null;
    }
    try {
      return UUID.fromString(new String(Base64.getUrlDecoder().decode(raw), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new ValidationException("cursor", "is not a cursor of this list");
    }
  }

  public static String encode(UUID last) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(last.toString().getBytes(StandardCharsets.UTF_8));
  }
}
