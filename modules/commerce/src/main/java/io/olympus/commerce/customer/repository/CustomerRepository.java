package io.olympus.commerce.customer.repository;

import io.olympus.commerce.customer.model.AddressInput;
import io.olympus.commerce.customer.model.Customer;
import io.olympus.commerce.customer.model.CustomerAddress;
import io.olympus.commerce.customer.model.CustomerInput;
import io.olympus.commerce.customer.model.CustomerQuery;
import io.olympus.commerce.support.PostalAddress;
import io.olympus.commerce.support.Rows;
import io.olympus.common.db.PgErrors;
import io.olympus.common.error.ConflictException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/** Reads and writes customers and their address books. Callers own the transaction and tenant. */
public final class CustomerRepository {

  static final Function<Row, Customer> MAPPER = row -> new Customer(
      row.getUUID("id"),
      row.getUUID("user_id"),
      row.getString("status"),
      row.getString("first_name"),
      row.getString("last_name"),
      row.getString("email"),
      Arrays.asList(row.getArrayOfStrings("emails")),
      Arrays.asList(row.getArrayOfStrings("phones")),
      row.getString("customer_group"),
      row.getBoolean("tax_exempt"),
      row.getString("notes"),
      row.getBoolean("marketing_consent"),
      Rows.instant(row.getOffsetDateTime("marketing_consent_at")),
      row.getInteger("version"),
      Rows.instant(row.getOffsetDateTime("created_at")),
      Rows.instant(row.getOffsetDateTime("updated_at")),
      Rows.instant(row.getOffsetDateTime("erased_at")),
      List.of());

  static final Function<Row, CustomerAddress> ADDRESS = row -> new CustomerAddress(
      row.getUUID("id"),
      new PostalAddress(row.getString("first_name"), row.getString("last_name"), row.getString("company"),
          row.getString("line1"), row.getString("line2"), row.getString("city"), row.getString("region"),
          row.getString("postal_code"), row.getString("country"), row.getString("phone")),
      row.getBoolean("default_shipping"),
      row.getBoolean("default_billing"));

  /** Inserts a customer; ConflictException when the e-mail address or the user is taken in the tenant. */
  public Future<Customer> insert(SqlClient client, UUID tenantId, UUID id, CustomerInput in) {
    return client.preparedQuery(CustomerSql.INSERT)
        .execute(Tuple.from(new Object[] {tenantId, id, in.userId(), in.firstName(), in.lastName(), in.email(),
            in.emails().toArray(String[]::new), in.phones().toArray(String[]::new), in.customerGroup(),
            Boolean.TRUE.equals(in.taxExempt()), in.notes(), Boolean.TRUE.equals(in.marketingConsent())}))
        .map(rows -> MAPPER.apply(rows.iterator().next()))
        .recover(CustomerRepository::taken);
  }

  /** Applies a change; empty when no active customer has that id (and version, unless 0). ConflictException as insert. */
  public Future<Optional<Customer>> update(SqlClient client, UUID tenantId, UUID id, int version, CustomerInput in) {
    return client.preparedQuery(CustomerSql.UPDATE)
        .execute(Tuple.from(new Object[] {tenantId, id, version, in.present().toArray(String[]::new), in.firstName(),
            in.lastName(), in.email(), in.emails().toArray(String[]::new), in.phones().toArray(String[]::new),
            in.customerGroup(), in.taxExempt(), in.notes(), in.marketingConsent(), in.userId()}))
        .map(rows -> Rows.first(rows, MAPPER))
        .recover(CustomerRepository::taken);
  }

  private static <T> Future<T> taken(Throwable err) {
    return Future.failedFuture(PgErrors.uniqueViolation(err)
        ? new ConflictException("another customer of the tenant has this e-mail address or user")
        : err);
  }

  /** New version of an active customer whose address book changed; empty when there is none. */
  public Future<Optional<Customer>> bump(SqlClient client, UUID tenantId, UUID id) {
    return client.preparedQuery(CustomerSql.BUMP).execute(Tuple.of(tenantId, id)).map(rows -> Rows.first(rows, MAPPER));
  }

  public Future<Optional<Customer>> find(SqlClient client, UUID tenantId, UUID id) {
    return client.preparedQuery(CustomerSql.BY_ID).execute(Tuple.of(tenantId, id)).map(rows -> Rows.first(rows, MAPPER));
  }

  /** The customer, locked until the transaction ends. */
  public Future<Optional<Customer>> lock(SqlClient client, UUID tenantId, UUID id) {
    return client.preparedQuery(CustomerSql.LOCK).execute(Tuple.of(tenantId, id)).map(rows -> Rows.first(rows, MAPPER));
  }

  public Future<Optional<Customer>> findByUser(SqlClient client, UUID tenantId, UUID userId) {
    return client.preparedQuery(CustomerSql.BY_USER).execute(Tuple.of(tenantId, userId))
        .map(rows -> Rows.first(rows, MAPPER));
  }

  /** One page more than asked for (the caller tells whether there is a next page). */
  public Future<List<Customer>> search(SqlClient client, UUID tenantId, CustomerQuery q) {
    String prefix = q.q() == null ? null : likePrefix(q.q().toLowerCase(Locale.ROOT));
    return client.preparedQuery(CustomerSql.SEARCH)
        .execute(Tuple.of(tenantId, prefix, q.customerGroup(), q.after(), q.limit() + 1))
        .map(rows -> Rows.all(rows, MAPPER));
  }

  private static String likePrefix(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  public Future<List<CustomerAddress>> addresses(SqlClient client, UUID tenantId, UUID customerId) {
    return client.preparedQuery(CustomerSql.ADDRESSES).execute(Tuple.of(tenantId, customerId))
        .map(rows -> Rows.all(rows, ADDRESS));
  }

  /** Adds an address; when it is a default, the previous default of that kind stops being one. */
  public Future<Void> insertAddress(SqlClient client, UUID tenantId, UUID customerId, UUID id, AddressInput in) {
    Future<?> cleared = Future.succeededFuture();
    if (in.defaultShipping()) {
      cleared = cleared.compose(v -> client.preparedQuery(CustomerSql.CLEAR_DEFAULT_SHIPPING).execute(Tuple.of(tenantId, customerId)));
    }
    if (in.defaultBilling()) {
      cleared = cleared.compose(v -> client.preparedQuery(CustomerSql.CLEAR_DEFAULT_BILLING).execute(Tuple.of(tenantId, customerId)));
    }
    PostalAddress a = in.address();
    return cleared.compose(v -> client.preparedQuery(CustomerSql.INSERT_ADDRESS)
            .execute(Tuple.from(new Object[] {tenantId, id, customerId, a.firstName(), a.lastName(), a.company(),
                a.line1(), a.line2(), a.city(), a.region(), a.postalCode(), a.country(), a.phone(), in.defaultShipping(),
                in.defaultBilling()})))
        .mapEmpty();
  }

  public Future<Boolean> deleteAddress(SqlClient client, UUID tenantId, UUID customerId, UUID id) {
    return client.preparedQuery(CustomerSql.DELETE_ADDRESS).execute(Tuple.of(tenantId, customerId, id))
        .map(rows -> rows.rowCount() == 1);
  }

  /**
   * Erases an active customer: personal fields cleared, addresses and open carts deleted, orders' contact details
   * anonymised (their money, lines and country kept). Empty when there is no active customer with that id.
   */
  public Future<Optional<Customer>> erase(SqlClient client, UUID tenantId, UUID id) {
    Tuple key = Tuple.of(tenantId, id);
    return client.preparedQuery(CustomerSql.ERASE).execute(key)
        .map(rows -> Rows.first(rows, MAPPER))
        .compose(erased -> erased.isEmpty() ? Future.succeededFuture(erased)
            : client.preparedQuery(CustomerSql.DELETE_ADDRESSES).execute(key)
                .compose(v -> client.preparedQuery(CustomerSql.DELETE_OPEN_CARTS).execute(key))
                .compose(v -> client.preparedQuery(CustomerSql.ANONYMISE_CARTS).execute(key))
                .compose(v -> client.preparedQuery(CustomerSql.ANONYMISE_ORDERS).execute(key))
                .map(erased));
  }
}
