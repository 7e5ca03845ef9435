package io.olympus.commerce.tax.service;

import io.olympus.commerce.tax.model.TaxRequest;
import io.olympus.commerce.tax.model.TaxResult;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.UUID;

/**
 * Computes the tax of a cart or order. {@link TableTaxCalculator} (the tenant's tax regions and rates) is the
 * default; an external tax service can be plugged in behind the same interface. It is asked inside the transaction
 * that prices the cart or order ({@code conn}, already in the tenant); it must not write. Exemptions are not its
 * business: the totals pipeline drops the tax of an exempt customer.
 */
public interface TaxCalculator {

  Future<TaxResult> calculate(SqlConnection conn, UUID tenantId, TaxRequest request);
}
