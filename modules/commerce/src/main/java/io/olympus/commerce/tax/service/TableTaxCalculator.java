package io.olympus.commerce.tax.service;

import io.olympus.commerce.tax.model.TaxRate;
import io.olympus.commerce.tax.model.TaxRegion;
import io.olympus.commerce.tax.model.TaxRequest;
import io.olympus.commerce.tax.model.TaxResult;
import io.olympus.commerce.tax.repository.TaxRepository;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The default calculator: the tenant's tax regions. For each amount it takes, among the regions matching the
 * address, the most specific one with a rate for the amount's category (longest postal prefix, then a region over
 * the whole country) and computes the tax with {@link TaxMath} (per amount, half-even). No address, or no rate for
 * a category anywhere in the address's country, means no tax on that amount.
 */
public final class TableTaxCalculator implements TaxCalculator {

  private final TaxRepository repository;

  public TableTaxCalculator(TaxRepository repository) {
    this.repository = repository;
  }

  @Override
  public Future<TaxResult> calculate(SqlConnection conn, UUID tenantId, TaxRequest request) {
    if (request.address() == null) {
      return Future.succeededFuture(new TaxResult(Map.of(), null));
    }
    return repository.regionsOf(conn, tenantId, request.address().country())
        .map(regions -> apply(regions, request));
  }

  /** The table's answer for {@code request} given the regions of its country (pure). */
  public static TaxResult apply(List<TaxRegion> regions, TaxRequest request) {
    List<TaxRegion> matching = regions.stream()
        .filter(r -> r.matches(request.address()))
        .sorted(Comparator.comparingInt(TaxRegion::specificity).reversed().thenComparing(TaxRegion::id))
        .toList();
    Map<String, TaxResult.LineTax> lines = new HashMap<>();
    for (TaxRequest.Taxable line : request.lines()) {
      lines.put(line.key(), tax(matching, line));
    }
    return new TaxResult(lines, request.shipping() == null ? null : tax(matching, request.shipping()));
  }

  private static TaxResult.LineTax tax(List<TaxRegion> matching, TaxRequest.Taxable taxable) {
    for (TaxRegion region : matching) {
      Optional<TaxRate> rate = region.rate(taxable.taxCategory());
      if (rate.isPresent()) {
        int ppm = rate.get().ratePpm();
        long amount = taxable.taxIncluded() ? TaxMath.included(taxable.amount(), ppm) : TaxMath.exclusive(taxable.amount(), ppm);
        return new TaxResult.LineTax(amount, List.of(new TaxResult.Component(rate.get().name(), ppm, region.id(), amount)));
      }
    }
    return TaxResult.LineTax.NONE;
  }
}
