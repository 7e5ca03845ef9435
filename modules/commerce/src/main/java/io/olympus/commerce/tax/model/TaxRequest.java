package io.olympus.commerce.tax.model;

import io.olympus.commerce.support.PostalAddress;
import java.util.List;

/**
 * What a {@link io.olympus.commerce.tax.service.TaxCalculator} is asked: the destination, and each taxable amount
 * (a line after its discounts, and the shipping charge) with its tax category and whether the amount already
 * includes tax. Amounts are integer minor units of {@code currency}.
 */
public record TaxRequest(String currency, PostalAddress address, List<Taxable> lines, Taxable shipping) {

  public TaxRequest {
    lines = List.copyOf(lines);
  }

  /** One taxable amount; {@code key} identifies it in the answer. */
  public record Taxable(String key, String taxCategory, long amount, boolean taxIncluded) {}
}
