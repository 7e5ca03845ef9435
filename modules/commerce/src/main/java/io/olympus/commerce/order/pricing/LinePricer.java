package io.olympus.commerce.order.pricing;

import io.olympus.commerce.order.model.LineRequest;
import io.olympus.commerce.order.model.VariantInfo;
import io.olympus.commerce.order.repository.OrderRepository;
import io.olympus.commerce.pricing.service.PricingService;
import io.olympus.commerce.pricing.model.Quote;
import io.olympus.commerce.pricing.model.QuoteRequest;
import io.olympus.commerce.pricing.repository.PricingRepository;
import io.olympus.commerce.tax.repository.TaxRepository;
import io.olympus.common.error.FieldError;
import io.olympus.common.error.ValidationException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Prices requested lines on the server, inside the caller's transaction: the variant must exist in the tenant and be
 * for sale (its product {@code active}), and pricing ({@link PricingService#quoteIn}: base price, price lists of the
 * location and customer group, quantity tiers, sale windows) must have a price in the currency. A line's price
 * includes tax when its price list says so, or, for a base price, when the tenant's tax settings say so. Every bad line
 * is named in one ValidationException ({@code lines[i].variant_id}).
 */
public final class LinePricer {

  private final OrderRepository orders;
  private final PricingService pricing;
  private final TaxRepository taxes;

  public LinePricer(OrderRepository orders, PricingService pricing, TaxRepository taxes) {
    this.orders = orders;
    this.pricing = pricing;
    this.taxes = taxes;
  }

  /** A line with its variant, quote and tax inclusion; {@link #priced()} is what the totals pipeline takes. */
  public record Line(LineRequest request, VariantInfo variant, Quote quote, boolean taxIncluded) {

    public PricedLine priced() {
      return new PricedLine(variant.id().toString(), variant.id(), quote.unitAmount(), request.quantity(),
          variant.taxCategory(), taxIncluded, variant.weightGrams() == null ? 0 : variant.weightGrams());
    }

    /** The rule that set the price, as stored on order lines. */
    public JsonObject rule() {
      return quote.toJson().getJsonObject("rule");
    }
  }

  /** Priced lines and whether the tenant's base prices include tax (read once, with the lines' variants). */
  public record Priced(List<Line> lines, boolean baseIncludesTax) {}

  /** The lines priced in {@code currency} at {@code locationId} (null: any) for {@code customerGroup} (null: none). */
  public Future<List<Line>> price(SqlConnection conn, UUID tenantId, String currency, UUID locationId,
                                  String customerGroup, List<LineRequest> lines) {
    return priceWithBase(conn, tenantId, currency, locationId, customerGroup, lines).map(Priced::lines);
  }

  /**
   * As {@link #price}, with the tenant's base tax inclusion that the lines were priced with. The variants (with their
   * base prices), the tax inclusion and each line's best price-list entry go out together, none waiting for another's
   * answer.
   */
  public Future<Priced> priceWithBase(SqlConnection conn, UUID tenantId, String currency, UUID locationId,
                                      String customerGroup, List<LineRequest> lines) {
    Instant now = Instant.now();
    List<UUID> ids = lines.stream().map(LineRequest::variantId).toList();
    Future<Map<UUID, VariantInfo>> variants = orders.variants(conn, tenantId, ids);
    Future<Boolean> baseIncludesTax = taxes.pricesIncludeTax(conn, tenantId);
    List<QuoteRequest> questions = lines.stream()
        .map(line -> new QuoteRequest(line.variantId(), line.quantity(), locationId, customerGroup, now))
        .toList();
    List<Future<Optional<PricingRepository.Candidate>>> entries = questions.stream()
        .map(question -> pricing.bestEntryIn(conn, tenantId, question, currency))
        .toList();
    return Future.all(variants, baseIncludesTax, Future.all(entries))
        .compose(loaded -> {
          List<FieldError> errors = new ArrayList<>();
          List<Line> out = new ArrayList<>();
          for (int i = 0; i < lines.size(); i++) {
            LineRequest line = lines.get(i);
            VariantInfo variant = variants.result().get(line.variantId());
            Optional<Quote> quote = variant == null || !variant.forSale() ? Optional.empty()
                : PricingService.quote(questions.get(i), currency, variant.priceAmount(), variant.priceCurrency(),
                    entries.get(i).result());
            if (variant == null) {
              errors.add(new FieldError(line.field() + ".variant_id", "is not a variant of this store"));
            } else if (!variant.forSale()) {
              errors.add(new FieldError(line.field() + ".variant_id", "is not for sale"));
            } else if (quote.isEmpty()) {
              errors.add(new FieldError(line.field() + ".variant_id", "has no price in " + currency));
            } else {
              out.add(new Line(line, variant, quote.get(), false));
            }
          }
          if (!errors.isEmpty()) {
            return Future.failedFuture(new ValidationException("Some lines cannot be sold", errors));
          }
          List<UUID> listIds = out.stream().map(l -> l.quote().rule().priceListId()).filter(Objects::nonNull)
              .distinct().toList();
          return taxes.listsIncludingTax(conn, tenantId, listIds).map(inclusive -> new Priced(withInclusion(out,
              inclusive, baseIncludesTax.result()), baseIncludesTax.result()));
        });
  }

  private static List<Line> withInclusion(List<Line> lines, Set<UUID> inclusiveLists, boolean baseIncludesTax) {
    return lines.stream().map(l -> {
      UUID list = l.quote().rule().priceListId();
      boolean included = list == null ? baseIncludesTax : inclusiveLists.contains(list);
      return new Line(l.request(), l.variant(), l.quote(), included);
    }).toList();
  }
}
