package io.olympus.commerce.catalog.service;

import io.olympus.commerce.catalog.model.Product;
import io.vertx.core.Future;
import java.util.UUID;

/**
 * What other slices may read of the catalog (inventory today; carts and orders next). Slices depend on this, never
 * on {@link CatalogService} itself, so catalog writes stay the catalog's own.
 */
public interface CatalogReader {

  /**
   * The product with its variants and category ids; fails with NotFoundException when the tenant has no such product
   * (another tenant's included).
   */
  Future<Product> product(UUID tenantId, UUID productId);
}
