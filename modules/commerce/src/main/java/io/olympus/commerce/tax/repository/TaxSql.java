package io.olympus.commerce.tax.repository;

/** SQL of tax; read only by {@link TaxRepository}. */
final class TaxSql {

  static final String INSERT_REGION = "INSERT INTO tax_regions (tenant_id, id, name, country, region, postal_prefix) "
      + "VALUES ($1, $2, $3, $4, $5, $6)";

  static final String INSERT_RATE = "INSERT INTO tax_rates (tenant_id, tax_region_id, tax_category, name, rate_ppm) "
      + "VALUES ($1, $2, $3, $4, $5)";

  static final String DELETE_RATES = "DELETE FROM tax_rates WHERE tenant_id = $1 AND tax_region_id = $2";

  static final String UPDATE_REGION = "UPDATE tax_regions SET name = $3, country = $4, region = $5, postal_prefix = $6 "
      + "WHERE tenant_id = $1 AND id = $2";

  static final String DELETE_REGION = "DELETE FROM tax_regions WHERE tenant_id = $1 AND id = $2";

  private static final String REGION_SELECT = "SELECT r.id, r.name, r.country, r.region, r.postal_prefix, "
      + "t.tax_category, t.name AS rate_name, t.rate_ppm FROM tax_regions r "
      + "LEFT JOIN tax_rates t ON t.tenant_id = r.tenant_id AND t.tax_region_id = r.id ";

  static final String REGIONS = REGION_SELECT + "WHERE r.tenant_id = $1 ORDER BY r.country, r.id, t.tax_category";

  static final String REGIONS_OF_COUNTRY = REGION_SELECT + "WHERE r.tenant_id = $1 AND r.country = $2 "
      + "ORDER BY r.id, t.tax_category";

  static final String REGION = REGION_SELECT + "WHERE r.tenant_id = $1 AND r.id = $2 ORDER BY t.tax_category";

  static final String SETTINGS = "SELECT prices_include_tax FROM tax_settings WHERE tenant_id = $1";

  static final String SAVE_SETTINGS = "INSERT INTO tax_settings (tenant_id, prices_include_tax) VALUES ($1, $2) "
      + "ON CONFLICT (tenant_id) DO UPDATE SET prices_include_tax = EXCLUDED.prices_include_tax, updated_at = now()";

  static final String LISTS_INCLUDING_TAX = "SELECT id FROM price_lists WHERE tenant_id = $1 AND id = ANY($2) "
      + "AND prices_include_tax";

  static final String SET_LIST_INCLUDES_TAX = "UPDATE price_lists SET prices_include_tax = $3 "
      + "WHERE tenant_id = $1 AND id = $2";

  /** A variant's tax category (NULL = 'standard'). */
  static final String SET_VARIANT_CATEGORY = "UPDATE product_variants SET tax_category = $3, updated_at = now() "
      + "WHERE tenant_id = $1 AND id = $2";

  private TaxSql() {}
}
