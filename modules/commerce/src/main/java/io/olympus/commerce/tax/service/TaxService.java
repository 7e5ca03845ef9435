package io.olympus.commerce.tax.service;

import io.olympus.commerce.event.EventSink;
import io.olympus.commerce.tax.model.TaxRegion;
import io.olympus.commerce.tax.model.TaxRegionInput;
import io.olympus.commerce.tax.repository.TaxRepository;
import io.olympus.common.db.Tenancy;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.event.Uuids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.UUID;

/**
 * Tax configuration of a tenant: regions with rates per category, whether base prices include tax, and whether a
 * price list's prices do. Changes emit no events; they are audited ({@code tax_region.created|updated|deleted},
 * {@code tax_settings.updated}) in their own transactions.
 */
public final class TaxService {

  private final Pool pool;
  private final TaxRepository repository;
  private final EventSink audit;

  public TaxService(Pool pool, TaxRepository repository, EventSink audit) {
    this.pool = pool;
    this.repository = repository;
    this.audit = audit;
  }

  /** Creates a region; ConflictException when the tenant has one for the same area. */
  public Future<TaxRegion> createRegion(UUID tenantId, TaxRegionInput input) {
    UUID id = Uuids.v7();
    return Tenancy.inTenant(pool, tenantId, conn -> repository.insertRegion(conn, tenantId, id, input)
        .compose(ignored -> repository.region(conn, tenantId, id))
        .map(found -> found.orElseThrow())
        .compose(region -> audit.audit(conn, tenantId, "tax_region.created", "tax_region", id.toString(),
            region.toJson()).map(region)));
  }

  /** Replaces a region's area and rates; NotFoundException for an unknown region. */
  public Future<TaxRegion> updateRegion(UUID tenantId, UUID id, TaxRegionInput input) {
    return Tenancy.inTenant(pool, tenantId, conn -> repository.updateRegion(conn, tenantId, id, input)
        .compose(updated -> updated ? repository.region(conn, tenantId, id).map(found -> found.orElseThrow())
            : Future.failedFuture(new NotFoundException("tax region " + id + " not found")))
        .compose(region -> audit.audit(conn, tenantId, "tax_region.updated", "tax_region", id.toString(),
            region.toJson()).map(region)));
  }

  public Future<Void> deleteRegion(UUID tenantId, UUID id) {
    return Tenancy.inTenant(pool, tenantId, conn -> repository.deleteRegion(conn, tenantId, id)
        .compose(deleted -> deleted
            ? audit.audit(conn, tenantId, "tax_region.deleted", "tax_region", id.toString(), new JsonObject())
            : Future.failedFuture(new NotFoundException("tax region " + id + " not found"))));
  }

  public Future<List<TaxRegion>> regions(UUID tenantId) {
    return Tenancy.inTenant(pool, tenantId, conn -> repository.regions(conn, tenantId));
  }

  public Future<TaxRegion> region(UUID tenantId, UUID id) {
    return Tenancy.inTenant(pool, tenantId, conn -> repository.region(conn, tenantId, id))
        .compose(found -> found.map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(new NotFoundException("tax region " + id + " not found"))));
  }

  /** Whether the variants' own prices include tax. */
  public Future<Boolean> pricesIncludeTax(UUID tenantId) {
    return Tenancy.inTenant(pool, tenantId, conn -> repository.pricesIncludeTax(conn, tenantId));
  }

  public Future<Void> setPricesIncludeTax(UUID tenantId, boolean included) {
    return Tenancy.inTenant(pool, tenantId, conn -> repository.savePricesIncludeTax(conn, tenantId, included)
        .compose(ignored -> audit.audit(conn, tenantId, "tax_settings.updated", "tax_settings", tenantId.toString(),
            new JsonObject().put("prices_include_tax", included))));
  }

  /** Says whether a price list's prices include tax; NotFoundException for an unknown list. */
  public Future<Void> setPriceListIncludesTax(UUID tenantId, UUID priceListId, boolean included) {
    return Tenancy.inTenant(pool, tenantId, conn -> repository.setListIncludesTax(conn, tenantId, priceListId, included)
        .compose(ignored -> audit.audit(conn, tenantId, "price_list.tax_updated", "price_list", priceListId.toString(),
            new JsonObject().put("prices_include_tax", included))));
  }

  /**
   * Sets the tax category of a variant (null: {@code standard}); prices of carts and orders use it from then on.
   * NotFoundException for an unknown variant.
   */
  public Future<Void> setVariantTaxCategory(UUID tenantId, UUID variantId, String category) {
    return Tenancy.inTenant(pool, tenantId, conn -> repository.setVariantCategory(conn, tenantId, variantId, category)
        .compose(ignored -> audit.audit(conn, tenantId, "variant.tax_category_set", "variant", variantId.toString(),
            new JsonObject().put("tax_category", category))));
  }
}
