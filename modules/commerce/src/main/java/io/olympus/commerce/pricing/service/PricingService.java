package io.olympus.commerce.pricing.service;

import io.olympus.commerce.pricing.model.PriceEntryInput;
import io.olympus.commerce.pricing.model.PriceList;
import io.olympus.commerce.pricing.model.PriceListInput;
import io.olympus.commerce.pricing.model.Quote;
import io.olympus.commerce.pricing.model.QuoteRequest;
import io.olympus.commerce.pricing.repository.PricingRepository;
import io.olympus.commerce.event.EventSink;
import io.olympus.commerce.support.LocationDirectory;
import io.olympus.common.db.Tenancy;
import io.olympus.common.error.NotFoundException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.util.Optional;
import java.util.UUID;

/**
 * Prices: the variant's base price, price lists per location or customer group with quantity tiers and
 * scheduled sale windows. A quote takes the <b>lowest</b> unit price among the base price and every
 * entry that applies (list active and in the variant's currency, scope matches, tier reached, inside its
 * window); on a tie the larger tier wins, so the rule shown is the most specific.
 */
public final class PricingService {

  private final Pool pool;
  private final PricingRepository repository;
  private final EventSink audit;
  private final LocationDirectory locations;

  /** Trusts every location id and audits nothing: for tests without a platform. */
  public PricingService(Pool pool, PricingRepository repository) {
    this(pool, repository, EventSink.discarding(), LocationDirectory.TRUSTED);
  }

  /**
   * {@code audit} records price list changes (they emit no events) in their transactions; {@code locations} refuses
   * a price list for a location that is not the tenant's.
   */
  public PricingService(Pool pool, PricingRepository repository, EventSink audit, LocationDirectory locations) {
    this.pool = pool;
    this.repository = repository;
    this.audit = audit;
    this.locations = locations;
  }

  /** Creates a price list; ValidationException naming {@code location_id} when it is not one of the tenant's. */
  public Future<PriceList> createPriceList(UUID tenantId, PriceListInput input) {
    return locations.require(tenantId, "location_id", input.locationId())
        .compose(known -> Tenancy.inTenant(pool, tenantId, conn -> repository.insertList(conn, tenantId, input)
            .compose(list -> audit.audit(conn, tenantId, "price_list.created", "price_list", list.id().toString(),
                    list.toJson())
                .map(list))));
  }

  /** The list with its entries; NotFoundException when the tenant has no such list. */
  public Future<JsonObject> getPriceList(UUID tenantId, UUID listId) {
    return Tenancy.inTenant(pool, tenantId, conn -> repository.findList(conn, tenantId, listId))
        .compose(found -> found.map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(new NotFoundException("price list " + listId + " not found"))));
  }

  /** Adds a price to a list; NotFoundException when the list or variant is unknown in the tenant. */
  public Future<UUID> addEntry(UUID tenantId, UUID priceListId, PriceEntryInput entry) {
    return Tenancy.inTenant(pool, tenantId, conn -> repository.insertEntry(conn, tenantId, priceListId, entry)
        .compose(id -> audit.audit(conn, tenantId, "price_list.entry_added", "price_list", priceListId.toString(),
                new JsonObject().put("entry_id", id.toString()).put("variant_id", entry.variantId().toString())
                    .put("min_quantity", entry.minQuantity()).put("amount", entry.amount()))
            .map(id)));
  }

  /** Unit and line price with the rule that applied; NotFoundException for an unknown variant. */
  public Future<Quote> quote(UUID tenantId, QuoteRequest request) {
    return Tenancy.inTenant(pool, tenantId, conn -> repository.basePrice(conn, tenantId, request.variantId())
        .compose(base -> base.isEmpty()
            ? Future.failedFuture(new NotFoundException("variant " + request.variantId() + " not found"))
            : repository.bestEntry(conn, tenantId, request, base.get().currency())
                .map(entry -> lowest(request, base.get().currency(), base.get().amount(), entry).orElseThrow())));
  }

  /**
   * The quote in {@code currency}, inside the caller's transaction (carts and orders price their lines with it): the
   * lowest of the variant's own price, when it is in that currency, and the applicable entries of lists in that
   * currency. Empty when the variant has no price in {@code currency}; NotFoundException for an unknown variant.
   */
  public Future<Optional<Quote>> quoteIn(SqlClient conn, UUID tenantId, QuoteRequest request, String currency) {
    // both questions go out together: the best entry does not depend on the base price
    var base = repository.basePrice(conn, tenantId, request.variantId());
    var entry = repository.bestEntry(conn, tenantId, request, currency);
    return Future.all(base, entry)
        .compose(both -> base.result().isEmpty()
            ? Future.failedFuture(new NotFoundException("variant " + request.variantId() + " not found"))
            : Future.succeededFuture(lowest(request, currency,
                base.result().get().currency().equals(currency) ? base.result().get().amount() : null, entry.result())));
  }

  /**
   * The best price-list entry for {@code request} in {@code currency}, for a caller that already has the variant's base
   * price (read with the variant): issued at once, it needs no other answer; {@link #quote} then makes the quote.
   */
  public Future<Optional<PricingRepository.Candidate>> bestEntryIn(SqlClient conn, UUID tenantId, QuoteRequest request,
                                                                   String currency) {
    return repository.bestEntry(conn, tenantId, request, currency);
  }

  /**
   * The quote of {@link #quoteIn} from the variant's base price ({@code baseAmount} in {@code baseCurrency}) and its
   * best entry ({@link #bestEntryIn}); empty when neither is in {@code currency}.
   */
  public static Optional<Quote> quote(QuoteRequest request, String currency, long baseAmount, String baseCurrency,
                                      Optional<PricingRepository.Candidate> entry) {
    return lowest(request, currency, baseCurrency.equals(currency) ? baseAmount : null, entry);
  }

  /** The lowest of the base price (null: none in this currency) and the best entry; on a tie the base price. */
  private static Optional<Quote> lowest(QuoteRequest request, String currency, Long base,
                                        Optional<PricingRepository.Candidate> entry) {
    boolean listWins = entry.isPresent() && (base == null || entry.get().amount() < base);
    if (!listWins && base == null) {
      return Optional.empty();
    }
    long unit = listWins ? entry.get().amount() : base;
    return Optional.of(new Quote(request.variantId(), request.quantity(), currency, unit,
        Math.multiplyExact(unit, (long) request.quantity()), listWins ? entry.get().rule() : Quote.Rule.base()));
  }
}
