package io.olympus.commerce.order.model;

import io.olympus.common.error.ValidationException;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;

/**
 * A validated order listing: by {@code status}, {@code payment_status}, {@code fulfillment_status},
 * {@code customer_id}, {@code location_id}, creation range {@code created_from} (inclusive) .. {@code created_to}
 * (exclusive), {@code number}; newest first with a keyset {@code cursor}; {@code limit} 1..100 (default 20).
 */
public record OrderQuery(String status, String paymentStatus, String fulfillmentStatus, UUID customerId,
                         UUID locationId, Instant createdFrom, Instant createdTo, Long number, UUID after, int limit) {

  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 100;

  public static OrderQuery fromQuery(MultiMap params) {
    String status = oneOf(params, "status", OrderTransitions.STATUS.keySet());
    String payment = oneOf(params, "payment_status", OrderTransitions.PAYMENT.keySet());
    String fulfillment = oneOf(params, "fulfillment_status", OrderTransitions.FULFILLMENT.keySet());
    UUID customer = uuid(params, "customer_id");
    UUID location = uuid(params, "location_id");
    Instant from = instant(params, "created_from");
    Instant to = instant(params, "created_to");
    Long number = null;
    if (params.get("number") != null) {
      try {
        number = Long.parseLong(params.get("number"));
        if (number < 1) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        throw new ValidationException("number", "must be a positive integer");
      }
    }
    UUID after = null;
    if (params.get("cursor") != null) {
      try {
        after = UUID.fromString(new String(Base64.getUrlDecoder().decode(params.get("cursor")), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw new ValidationException("cursor", "is not a cursor of this list");
      }
    }
    int limit = DEFAULT_LIMIT;
    if (params.get("limit") != null) {
      try {
        limit = Integer.parseInt(params.get("limit"));
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > MAX_LIMIT) {
        throw new ValidationException("limit", "must be an integer from 1 to " + MAX_LIMIT);
      }
    }
    return new OrderQuery(status, payment, fulfillment, customer, location, from, to, number, after, limit);
  }

  /** The same query limited to one customer's orders (a shopper's own). */
  public OrderQuery forCustomer(UUID customer) {
    return new OrderQuery(status, paymentStatus, fulfillmentStatus, customer, locationId, createdFrom, createdTo, number,
        after, limit);
  }

  public static String encode(UUID last) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(last.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static String oneOf(MultiMap params, String name, Set<String> allowed) {
    String value = params.get(name);
    if (value != null && !allowed.contains(value)) {
      throw new ValidationException(name, "must be one of " + String.join(", ", allowed));
    }
    return value;
  }

  private static UUID uuid(MultiMap params, String name) {
    String value = params.get(name);
    if (value == null) {
      return null;
    }
    try {
      if (value.length() != 36) {
        throw new IllegalArgumentException();
      }
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw new ValidationException(name, "must be a UUID");
    }
  }

  private static Instant instant(MultiMap params, String name) {
    String value = params.get(name);
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new ValidationException(name, "must be an RFC 3339 UTC timestamp");
    }
  }
}
