package io.olympus.commerce.order.pricing;

import java.util.UUID;

/** The shipping method chosen and its price (taxed with the category {@code shipping}). */
public record ShippingCharge(UUID methodId, String name, long amount, boolean taxIncluded) {

  public static final String TAX_CATEGORY = "shipping";
}
