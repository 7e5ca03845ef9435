package io.olympus.commerce.shipping.repository;

/** SQL of shipping; read only by {@link ShippingRepository}. */
final class ShippingSql {

  static final String INSERT_ZONE = "INSERT INTO shipping_zones (tenant_id, id, name, areas) VALUES ($1, $2, $3, $4)";

  static final String DELETE_ZONE = "DELETE FROM shipping_zones WHERE tenant_id = $1 AND id = $2";

  static final String ZONE_EXISTS = "SELECT 1 FROM shipping_zones WHERE tenant_id = $1 AND id = $2";

  static final String INSERT_METHOD = "INSERT INTO shipping_methods "
      + "(tenant_id, id, zone_id, name, carrier, basis, currency, free_over_amount) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

  static final String INSERT_RATE = "INSERT INTO shipping_rates (tenant_id, method_id, min_value, amount) "
      + "VALUES ($1, $2, $3, $4)";

  static final String DELETE_METHOD = "DELETE FROM shipping_methods WHERE tenant_id = $1 AND id = $2";

  static final String ZONES = "SELECT id, name, areas FROM shipping_zones WHERE tenant_id = $1 ORDER BY name, id";

  static final String METHODS = "SELECT m.id, m.zone_id, m.name, m.carrier, m.basis, m.currency, m.free_over_amount, "
      + "m.active, coalesce(array_agg(r.min_value ORDER BY r.min_value) FILTER (WHERE r.min_value IS NOT NULL), '{}') AS mins, "
      + "coalesce(array_agg(r.amount ORDER BY r.min_value) FILTER (WHERE r.min_value IS NOT NULL), '{}') AS amounts "
      + "FROM shipping_methods m LEFT JOIN shipping_rates r ON r.tenant_id = m.tenant_id AND r.method_id = m.id "
      + "WHERE m.tenant_id = $1 GROUP BY m.tenant_id, m.id ORDER BY m.name, m.id";

  private ShippingSql() {}
}
