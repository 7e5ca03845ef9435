package io.olympus.commerce;

import io.olympus.commerce.catalog.CatalogService;
import io.olympus.commerce.catalog.CategoryRepository;
import io.olympus.commerce.catalog.ProductRepository;
import io.olympus.commerce.event.CommittedChangeSink;
import io.olympus.commerce.event.EventSink;
import io.olympus.commerce.event.OutboxEventSink;
import io.olympus.commerce.inventory.InventoryRepository;
import io.olympus.commerce.inventory.InventoryService;
import io.olympus.commerce.pricing.PricingRepository;
import io.olympus.commerce.pricing.PricingService;
import io.olympus.commerce.search.CatalogVersions;
import io.olympus.commerce.search.SearchCache;
import io.olympus.commerce.search.SearchRepository;
import io.olympus.commerce.search.SearchService;
import io.olympus.commerce.support.LocationDirectory;
import io.vertx.sqlclient.Pool;

/** The commerce services over one pool, writing their events to the transactional outbox. */
record CommerceServices(CatalogService catalog, InventoryService inventory, SearchService search,
                        PricingService pricing) {

  /**
   * Every write's event goes to the outbox and, after commit, bumps the tenant's {@link CatalogVersions}, which
   * the search cache checks. Location ids of requests are checked against the platform's ({@code locations}).
   */
  static CommerceServices create(Pool pool, SearchCache searchCache, CatalogVersions versions,
                                 LocationDirectory locations) {
    EventSink events = new CommittedChangeSink(new OutboxEventSink(), versions);
    return new CommerceServices(
        new CatalogService(pool, new ProductRepository(), new CategoryRepository(), events),
        new InventoryService(pool, new InventoryRepository(), events, locations),
        new SearchService(pool, new SearchRepository(), searchCache),
        new PricingService(pool, new PricingRepository(), events, locations));
  }
}
