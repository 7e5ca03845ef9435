package io.olympus.commerce.order.model;

import java.util.UUID;

/**
 * What a cart or order line needs of a catalog variant, with its base price ({@code priceAmount} in
 * {@code priceCurrency}). {@code productStatus} must be {@code active} to sell it.
 */
public record VariantInfo(UUID id, UUID productId, String sku, String title, String productStatus, Integer weightGrams,
                          String taxCategory, long priceAmount, String priceCurrency) {

  public boolean forSale() {
    return "active".equals(productStatus);
  }
}
