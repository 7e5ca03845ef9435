package io.olympus.commerce;

import io.olympus.commerce.catalog.CatalogService;
import io.olympus.commerce.catalog.CategoryRepository;
import io.olympus.commerce.catalog.ProductRepository;
import io.olympus.commerce.event.EventSink;
import io.olympus.commerce.event.OutboxEventSink;
import io.olympus.commerce.inventory.InventoryRepository;
import io.olympus.commerce.inventory.InventoryService;
import io.olympus.commerce.pricing.PricingRepository;
import io.olympus.commerce.pricing.PricingService;
import io.olympus.commerce.search.SearchRepository;
import io.olympus.commerce.search.SearchService;
import io.vertx.sqlclient.Pool;

/** The commerce services over one pool, writing their events to the transactional outbox. */
record CommerceServices(CatalogService catalog, InventoryService inventory, SearchService search,
                        PricingService pricing) {

  static CommerceServices create(Pool pool) {
    EventSink events = new OutboxEventSink();
    return new CommerceServices(
        new CatalogService(pool, new ProductRepository(), new CategoryRepository(), events),
        new InventoryService(pool, new InventoryRepository(), events),
        new SearchService(pool, new SearchRepository()),
        new PricingService(pool, new PricingRepository(), events));
  }
}
