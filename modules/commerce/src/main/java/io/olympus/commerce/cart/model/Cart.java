package io.olympus.commerce.cart.model;

import io.olympus.commerce.support.PostalAddress;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A cart as stored: lines by variant and quantity only (prices are resolved whenever it is read). */
public record Cart(UUID id, UUID customerId, String status, String currency, UUID locationId, String email,
                   PostalAddress shippingAddress, PostalAddress billingAddress, UUID shippingMethodId, UUID orderId,
                   int version, Instant expiresAt, Instant createdAt, Instant updatedAt, List<Line> lines) {

  public static final String OPEN = "open";
  public static final String CHECKED_OUT = "checked_out";

  public Cart {
    lines = List.copyOf(lines);
  }

  /**
   * Who may reach a cart: its customer, or for an anonymous cart the SHA-256 (hex) of its token; and the location it
   * is checked out at unless the checkout names one.
   */
  public record Access(UUID customerId, String tokenHash, UUID locationId) {}

  /** A variant and how many of it. */
  public record Line(UUID variantId, int quantity) {}

  public Cart with(List<Line> newLines) {
    return new Cart(id, customerId, status, currency, locationId, email, shippingAddress, billingAddress,
        shippingMethodId, orderId, version, expiresAt, createdAt, updatedAt, newLines);
  }
}
