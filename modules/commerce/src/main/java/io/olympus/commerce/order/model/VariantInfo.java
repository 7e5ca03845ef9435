package io.olympus.commerce.order.model;

import java.util.UUID;

/** What a cart or order line needs of a catalog variant. {@code productStatus} must be {@code active} to sell it. */
public record VariantInfo(UUID id, UUID productId, String sku, String title, String productStatus, Integer weightGrams,
                          String taxCategory) {

  public boolean forSale() {
    return "active".equals(productStatus);
  }
}
