package io.olympus.commerce.shipping.service;

import io.olympus.commerce.event.EventSink;
import io.olympus.commerce.shipping.model.ShippingMethod;
import io.olympus.commerce.shipping.model.ShippingMethodInput;
import io.olympus.commerce.shipping.model.ShippingOption;
import io.olympus.commerce.shipping.model.ShippingQuoteRequest;
import io.olympus.commerce.shipping.model.ShippingZone;
import io.olympus.commerce.shipping.model.ShippingZoneInput;
import io.olympus.commerce.shipping.repository.ShippingRepository;
import io.olympus.commerce.support.PostalAddress;
import io.olympus.common.db.Tenancy;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.event.Uuids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Shipping configuration (zones, methods, rate brackets) and quotes: the active methods of every zone covering the
 * destination, in the goods' currency, that price the goods (see {@link ShippingMethod#price}), cheapest first.
 * Configuration changes are audited ({@code shipping_zone.*}, {@code shipping_method.*}); they emit no events.
 */
public final class ShippingService {

  private final Pool pool;
  private final ShippingRepository repository;
  private final EventSink audit;

  public ShippingService(Pool pool, ShippingRepository repository, EventSink audit) {
    this.pool = pool;
    this.repository = repository;
    this.audit = audit;
  }

  public Future<ShippingZone> createZone(UUID tenantId, ShippingZoneInput input) {
    UUID id = Uuids.v7();
    ShippingZone zone = new ShippingZone(id, input.name(), input.areas(), List.of());
    return Tenancy.inTenant(pool, tenantId, conn -> repository.insertZone(conn, tenantId, id, input)
        .compose(ignored -> audit.audit(conn, tenantId, "shipping_zone.created", "shipping_zone", id.toString(),
            zone.toJson()))
        .map(zone));
  }

  /** Deletes a zone with its methods; NotFoundException for an unknown zone. */
  public Future<Void> deleteZone(UUID tenantId, UUID id) {
    return Tenancy.inTenant(pool, tenantId, conn -> repository.deleteZone(conn, tenantId, id)
        .compose(deleted -> deleted
            ? audit.audit(conn, tenantId, "shipping_zone.deleted", "shipping_zone", id.toString(), new JsonObject())
            : Future.failedFuture(new NotFoundException("shipping zone " + id + " not found"))));
  }

  /** Adds a method to a zone; NotFoundException for an unknown zone. */
  public Future<ShippingMethod> createMethod(UUID tenantId, UUID zoneId, ShippingMethodInput input) {
    UUID id = Uuids.v7();
    ShippingMethod method = new ShippingMethod(id, zoneId, input.name(), input.carrier(), input.basis(),
        input.currency(), input.freeOverAmount(), true, input.rates());
    return Tenancy.inTenant(pool, tenantId, conn -> repository.insertMethod(conn, tenantId, zoneId, id, input)
        .compose(ignored -> audit.audit(conn, tenantId, "shipping_method.created", "shipping_method", id.toString(),
            method.toJson()))
        .map(method));
  }

  public Future<Void> deleteMethod(UUID tenantId, UUID id) {
    return Tenancy.inTenant(pool, tenantId, conn -> repository.deleteMethod(conn, tenantId, id)
        .compose(deleted -> deleted
            ? audit.audit(conn, tenantId, "shipping_method.deleted", "shipping_method", id.toString(), new JsonObject())
            : Future.failedFuture(new NotFoundException("shipping method " + id + " not found"))));
  }

  public Future<List<ShippingZone>> zones(UUID tenantId) {
    return Tenancy.inTenant(pool, tenantId, conn -> repository.zones(conn, tenantId));
  }

  /** The methods offered for the question, cheapest first (empty when none applies). */
  public Future<List<ShippingOption>> quote(UUID tenantId, ShippingQuoteRequest request) {
    return Tenancy.inTenant(pool, tenantId, conn -> optionsIn(conn, tenantId, request.address(), request.currency(),
        request.weightGrams(), request.goodsAmount()));
  }

  /** As {@link #quote}, inside the caller's transaction. */
  public Future<List<ShippingOption>> optionsIn(SqlConnection conn, UUID tenantId, PostalAddress address,
                                                String currency, long weightGrams, long goodsAmount) {
    return repository.zones(conn, tenantId).map(zones -> options(zones, address, currency, weightGrams, goodsAmount));
  }

  /** The options the zones offer (pure). */
  public static List<ShippingOption> options(List<ShippingZone> zones, PostalAddress address, String currency,
                                             long weightGrams, long goodsAmount) {
    List<ShippingOption> options = new ArrayList<>();
    for (ShippingZone zone : zones) {
      if (!zone.covers(address)) {
        continue;
      }
      for (ShippingMethod method : zone.methods()) {
        if (method.active() && method.currency().equals(currency)) {
          method.price(weightGrams, goodsAmount).ifPresent(amount -> options.add(
              new ShippingOption(method.id(), method.name(), method.carrier(), currency, amount)));
        }
      }
    }
    options.sort(Comparator.comparingLong(ShippingOption::amount).thenComparing(ShippingOption::methodId));
    return List.copyOf(options);
  }
}
