package io.olympus.commerce.search.model;

import io.olympus.common.error.FieldError;
import io.olympus.common.error.ValidationException;
import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * A validated product search, read from query parameters: {@code q}, {@code category_id} (its whole
 * subtree), {@code tag} (repeatable; all must match), {@code min_price}/{@code max_price} (minor units,
 * on the lowest variant price), {@code status} (default active), {@code available_at} (a location with
 * stock available), {@code sort} (relevance, newest, price_asc, price_desc; default relevance with
 * {@code q}, newest without), {@code limit} (1..100, default 20), {@code cursor}, {@code facets}.
 */
public record SearchRequest(
    String text,
    UUID categoryId,
    List<String> tags,
    Long minPrice,
    Long maxPrice,
    String status,
    UUID availableAt,
    String sort,
    int limit,
    SearchCursor cursor,
    boolean facets) {

  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 100;
  static final Set<String> SORTS = Set.of("relevance", "newest", "price_asc", "price_desc");
  static final Set<String> STATUSES = Set.of("draft", "active", "archived");

  /** Parses and validates; throws ValidationException naming every bad parameter. */
  public static SearchRequest fromQuery(MultiMap params) {
    List<FieldError> errors = new ArrayList<>();
    String text = params.get("q");
    text = text == null || text.isBlank() ? null : text.strip();
    if (text != null && text.length() > 200) {
      errors.add(new FieldError("q", "must be at most 200 characters"));
    }
    UUID categoryId = uuid(params, "category_id", errors);
    Set<String> tags = new LinkedHashSet<>();
    for (String tag : params.getAll("tag")) {
      if (tag.isBlank() || tag.length() > 60) {
        errors.add(new FieldError("tag", "must be 1 to 60 characters"));
      } else {
        tags.add(tag.strip().toLowerCase(Locale.ROOT));
      }
    }
    if (tags.size() > 10) {
      errors.add(new FieldError("tag", "at most 10 tags"));
    }
    Long minPrice = number(params, "min_price", 0, Long.MAX_VALUE, errors);
    Long maxPrice = number(params, "max_price", 0, Long.MAX_VALUE, errors);
    if (minPrice != null && maxPrice != null && minPrice > maxPrice) {
      errors.add(new FieldError("max_price", "must not be below min_price"));
    }
    String status = oneOf(params, "status", STATUSES, "active", errors);
    UUID availableAt = uuid(params, "available_at", errors);
    String sort = oneOf(params, "sort", SORTS, text == null ? "newest" : "relevance", errors);
    if ("relevance".equals(sort) && text == null) {
      sort = "newest";
    }
    Long limit = number(params, "limit", 1, MAX_LIMIT, errors);
    SearchCursor cursor = null;
    String rawCursor = params.get("cursor");
    if (rawCursor != null && !rawCursor.isBlank()) {
      cursor = SearchCursor.decode(rawCursor);
      if (cursor == null || !cursor.sort().equals(sort)) {
        errors.add(new FieldError("cursor", "is not a cursor of this search"));
        cursor = null;
      }
    }
    String facets = params.get("facets");
    if (!errors.isEmpty()) {
      throw new ValidationException("Request validation failed", errors);
    }
    return new SearchRequest(text, categoryId, List.copyOf(tags), minPrice, maxPrice, status, availableAt, sort,
        limit == null ? DEFAULT_LIMIT : limit.intValue(), cursor, !"false".equals(facets));
  }

  /** The same search for another text (a typo-corrected one). */
  public SearchRequest withText(String other) {
    return new SearchRequest(other, categoryId, tags, minPrice, maxPrice, status, availableAt, sort, limit, cursor, facets);
  }

  private static UUID uuid(MultiMap params, String name, List<FieldError> errors) {
    String value = params.get(name);
    if (value == null) {
      return null;
    }
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      errors.add(new FieldError(name, "must be a UUID"));
      return null;
    }
  }

  private static Long number(MultiMap params, String name, long min, long max, List<FieldError> errors) {
    String value = params.get(name);
    if (value == null) {
      return null;
    }
    try {
      long n = Long.parseLong(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    errors.add(new FieldError(name, "must be an integer between " + min + " and " + max));
    return null;
  }

  private static String oneOf(MultiMap params, String name, Set<String> allowed, String fallback, List<FieldError> errors) {
    String value = params.get(name);
    if (value == null) {
      return fallback;
    }
    if (!allowed.contains(value)) {
      errors.add(new FieldError(name, "must be one of " + String.join(", ", allowed)));
      return fallback;
    }
    return value;
  }
}
