package io.olympus.commerce.search.model;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * The position after the last item of a page: the sort, that item's sort key (rank or price; none for
 * newest) and its id. Opaque to clients (base64url JSON).
 */
public record SearchCursor(String sort, Double rank, Long price, UUID id) {

  public String encode() {
    JsonObject json = new JsonObject().put("s", sort).put("id", id.toString());
    if (rank != null) {
      json.put("r", rank);
    }
    if (price != null) {
      json.put("p", price);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  /** The cursor, or null when {@code value} is not one. */
  static SearchCursor decode(String value) {
    try {
      JsonObject json = new JsonObject(new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8));
      String sort = json.getString("s");
      UUID id = UUID.fromString(json.getString("id"));
      Number rank = json.getNumber("r");
      Number price = json.getNumber("p");
      boolean complete = switch (sort == null ? "" : sort) {
        case "relevance" -> rank != null;
        case "price_asc", "price_desc" -> price != null;
        case "newest" -> true;
        default -> false;
      };
      return complete
          ? new SearchCursor(sort, rank == null ? null : rank.doubleValue(), price == null ? null : price.longValue(), id)
          : null;
    } catch (IllegalArgumentException | DecodeException | ClassCastException | NullPointerException e) {
      return null;
    }
  }
}
