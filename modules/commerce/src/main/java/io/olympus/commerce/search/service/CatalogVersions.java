package io.olympus.commerce.search.service;

import io.olympus.commerce.event.CommerceEvents;
import io.olympus.commerce.event.AfterCommitListener;
import io.olympus.common.event.EventEnvelope;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-tenant counters of committed changes, one set per process (built once by commerce's composition root; concurrent
 * maps of atomic counters, read and bumped from every event loop; its bus consumers live until Vert.x closes): the catalog version (products,
 * categories, prices) and the stock version (inventory). Bumped after commit by this process's writes (as the
 * {@link AfterCommitListener} of the commerce services' event sink) and by the outbox relay's
 * {@code events.product.*} and {@code events.inventory.updated} facts (writes committed by other processes).
 * The search cache stores a page with the versions read before its transaction began and serves it only while
 * they are unchanged.
 */
public final class CatalogVersions implements AfterCommitListener {

  private static final String[] CATALOG_EVENTS = {CommerceEvents.PRODUCT_CREATED, CommerceEvents.PRODUCT_UPDATED,
      CommerceEvents.PRODUCT_ARCHIVED};

  private final ConcurrentHashMap<UUID, AtomicLong> catalog = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<UUID, AtomicLong> stock = new ConcurrentHashMap<>();

  /** The process's counters, subscribed to the relay's catalog and inventory events on {@code vertx}'s bus. */
  public CatalogVersions(Vertx vertx) {
    for (String type : CATALOG_EVENTS) {
      vertx.eventBus().<Object>consumer(EventEnvelope.ADDRESS_PREFIX + type, msg -> onEvent(msg.body(), false));
    }
    vertx.eventBus().<Object>consumer(EventEnvelope.ADDRESS_PREFIX + CommerceEvents.INVENTORY_UPDATED,
        msg -> onEvent(msg.body(), true));
  }

  public long catalog(UUID tenantId) {
    return counter(catalog, tenantId).get();
  }

  public long stock(UUID tenantId) {
    return counter(stock, tenantId).get();
  }

  /** {@code inventory.*} changes bump the stock version; every other change the catalog version. */
  @Override
  public void committed(UUID tenantId, String change) {
    if (tenantId == null) {
      return;
    }
    counter(change != null && change.startsWith("inventory.") ? stock : catalog, tenantId).incrementAndGet();
  }

  private void onEvent(Object body, boolean isStock) {
    if (!(body instanceof JsonObject json)) {
      return;
    }
    try {
      UUID tenantId = UUID.fromString(json.getString("tenant_id"));
      counter(isStock ? stock : catalog, tenantId).incrementAndGet();
    } catch (RuntimeException ignored) {
      // not an event of a tenant: nothing cached under it
    }
  }

  private static AtomicLong counter(ConcurrentHashMap<UUID, AtomicLong> counters, UUID tenantId) {
    return counters.computeIfAbsent(tenantId, id -> new AtomicLong());
  }
}
