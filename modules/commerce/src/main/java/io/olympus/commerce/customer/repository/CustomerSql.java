package io.olympus.commerce.customer.repository;

/** SQL of customers; read only by {@link CustomerRepository}. */
final class CustomerSql {

  static final String COLUMNS = "id, user_id, status, first_name, last_name, email, emails, phones, customer_group, "
      + "tax_exempt, notes, marketing_consent, marketing_consent_at, version, created_at, updated_at, erased_at";

  static final String INSERT = "INSERT INTO customers (tenant_id, id, user_id, first_name, last_name, email, emails, "
      + "phones, customer_group, tax_exempt, notes, marketing_consent, marketing_consent_at) "
      + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, CASE WHEN $12 THEN now() END) RETURNING " + COLUMNS;

  /**
   * A change of the fields the request named ($4 lists them); the others keep their value. $3 = 0 matches any
   * version. An erased customer is never changed.
   */
  static final String UPDATE = "UPDATE customers SET "
      + "first_name = CASE WHEN 'first_name' = ANY($4) THEN $5 ELSE first_name END, "
      + "last_name = CASE WHEN 'last_name' = ANY($4) THEN $6 ELSE last_name END, "
      + "email = CASE WHEN 'email' = ANY($4) THEN $7 ELSE email END, "
      + "emails = CASE WHEN 'emails' = ANY($4) THEN $8 ELSE emails END, "
      + "phones = CASE WHEN 'phones' = ANY($4) THEN $9 ELSE phones END, "
      + "customer_group = CASE WHEN 'customer_group' = ANY($4) THEN $10 ELSE customer_group END, "
      + "tax_exempt = CASE WHEN 'tax_exempt' = ANY($4) THEN coalesce($11, false) ELSE tax_exempt END, "
      + "notes = CASE WHEN 'notes' = ANY($4) THEN $12 ELSE notes END, "
      + "marketing_consent_at = CASE WHEN 'marketing_consent' = ANY($4) AND coalesce($13, false) <> marketing_consent "
      + "  THEN CASE WHEN coalesce($13, false) THEN now() END ELSE marketing_consent_at END, "
      + "marketing_consent = CASE WHEN 'marketing_consent' = ANY($4) THEN coalesce($13, false) ELSE marketing_consent END, "
      + "user_id = CASE WHEN 'user_id' = ANY($4) THEN $14 ELSE user_id END, "
      + "version = version + 1, updated_at = now() "
      + "WHERE tenant_id = $1 AND id = $2 AND ($3 = 0 OR version = $3) AND status = 'active' RETURNING " + COLUMNS;

  static final String BUMP = "UPDATE customers SET version = version + 1, updated_at = now() "
      + "WHERE tenant_id = $1 AND id = $2 AND status = 'active' RETURNING " + COLUMNS;

  static final String BY_ID = "SELECT " + COLUMNS + " FROM customers WHERE tenant_id = $1 AND id = $2";

  static final String LOCK = "SELECT " + COLUMNS + " FROM customers WHERE tenant_id = $1 AND id = $2 FOR UPDATE";

  static final String BY_USER = "SELECT " + COLUMNS + " FROM customers WHERE tenant_id = $1 AND user_id = $2";

  /** Newest first, keyset on id; $2 text prefix (lower-case) of e-mail or either name, $3 group, $4 after id. */
  static final String SEARCH = "SELECT " + COLUMNS + " FROM customers WHERE tenant_id = $1 "
      + "AND ($2::text IS NULL OR email LIKE $2 || '%' OR lower(first_name) LIKE $2 || '%' OR lower(last_name) LIKE $2 || '%') "
      + "AND ($3::text IS NULL OR customer_group = $3) AND ($4::uuid IS NULL OR id < $4) "
      + "ORDER BY id DESC LIMIT $5";

  static final String ADDRESS_COLUMNS = "id, customer_id, first_name, last_name, company, line1, line2, city, region, "
      + "postal_code, country, phone, default_shipping, default_billing";

  static final String ADDRESSES = "SELECT " + ADDRESS_COLUMNS + " FROM customer_addresses "
      + "WHERE tenant_id = $1 AND customer_id = $2 ORDER BY created_at, id";

  static final String INSERT_ADDRESS = "INSERT INTO customer_addresses (tenant_id, id, customer_id, first_name, "
      + "last_name, company, line1, line2, city, region, postal_code, country, phone, default_shipping, default_billing) "
      + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)";

  static final String CLEAR_DEFAULT_SHIPPING = "UPDATE customer_addresses SET default_shipping = false "
      + "WHERE tenant_id = $1 AND customer_id = $2 AND default_shipping";

  static final String CLEAR_DEFAULT_BILLING = "UPDATE customer_addresses SET default_billing = false "
      + "WHERE tenant_id = $1 AND customer_id = $2 AND default_billing";

  static final String DELETE_ADDRESS = "DELETE FROM customer_addresses WHERE tenant_id = $1 AND customer_id = $2 AND id = $3";

  static final String DELETE_ADDRESSES = "DELETE FROM customer_addresses WHERE tenant_id = $1 AND customer_id = $2";

  /** Erasure: every personal field cleared, the row (and the orders pointing at it) kept. */
  static final String ERASE = "UPDATE customers SET status = 'erased', user_id = NULL, first_name = NULL, "
      + "last_name = NULL, email = NULL, emails = '{}', phones = '{}', notes = NULL, marketing_consent = false, "
      + "marketing_consent_at = NULL, version = version + 1, updated_at = now(), erased_at = now() "
      + "WHERE tenant_id = $1 AND id = $2 AND status = 'active' RETURNING " + COLUMNS;

  /** The customer's orders keep their money and lines; contact details go, addresses keep country and region. */
  static final String ANONYMISE_ORDERS = "UPDATE orders SET email = NULL, "
      + "shipping_address = CASE WHEN shipping_address IS NULL THEN NULL "
      + "  ELSE jsonb_build_object('country', shipping_address->'country', 'region', shipping_address->'region') END, "
      + "billing_address = CASE WHEN billing_address IS NULL THEN NULL "
      + "  ELSE jsonb_build_object('country', billing_address->'country', 'region', billing_address->'region') END "
      + "WHERE tenant_id = $1 AND customer_id = $2";

  static final String DELETE_OPEN_CARTS = "DELETE FROM carts WHERE tenant_id = $1 AND customer_id = $2 AND status = 'open'";

  static final String ANONYMISE_CARTS = "UPDATE carts SET email = NULL, shipping_address = NULL, billing_address = NULL "
      + "WHERE tenant_id = $1 AND customer_id = $2";

  private CustomerSql() {}
}
