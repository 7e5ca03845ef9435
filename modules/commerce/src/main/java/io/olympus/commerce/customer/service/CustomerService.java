package io.olympus.commerce.customer.service;

import io.olympus.commerce.customer.model.AddressInput;
import io.olympus.commerce.customer.model.Customer;
import io.olympus.commerce.customer.model.CustomerInput;
import io.olympus.commerce.customer.model.CustomerPage;
import io.olympus.commerce.customer.model.CustomerQuery;
import io.olympus.commerce.customer.repository.CustomerRepository;
import io.olympus.commerce.event.CommerceEvents;
import io.olympus.commerce.event.EventSink;
import io.olympus.common.db.Tenancy;
import io.olympus.common.error.ConflictException;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.error.PreconditionFailedException;
import io.olympus.common.event.EventEnvelope;
import io.olympus.common.event.Uuids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Customers of a tenant with their address books. Every change writes {@code customer.created} or
 * {@code customer.updated} (payload without personal data: {@link Customer#eventPayload}) in its transaction.
 * Erasure clears the personal data but keeps the record and its orders.
 */
public final class CustomerService {

  /** The version of a conditional change that matches whatever version is stored ({@code If-Match: *}). */
  public static final int ANY_VERSION = 0;

  private final Pool pool;
  private final CustomerRepository repository;
  private final EventSink events;

  public CustomerService(Pool pool, CustomerRepository repository, EventSink events) {
    this.pool = pool;
    this.repository = repository;
    this.events = events;
  }

  /** Creates a customer with its addresses; ConflictException when the e-mail address or user is taken. */
  public Future<Customer> create(UUID tenantId, CustomerInput input) {
    UUID id = Uuids.v7();
    return Tenancy.inTenant(pool, tenantId, conn -> repository.insert(conn, tenantId, id, input)
        .compose(customer -> {
          Future<?> chain = Future.succeededFuture();
          for (AddressInput address : input.addresses()) {
            chain = chain.compose(v -> repository.insertAddress(conn, tenantId, id, Uuids.v7(), address));
          }
          return chain.compose(v -> withAddresses(conn, tenantId, customer));
        })
        .compose(customer -> emit(conn, tenantId, CommerceEvents.CUSTOMER_CREATED, customer, input.present())));
  }

  /** The customer with its addresses; NotFoundException for an unknown id (another tenant's included). */
  public Future<Customer> get(UUID tenantId, UUID id) {
    return Tenancy.inTenant(pool, tenantId, conn -> require(conn, tenantId, id));
  }

  /** The customer linked to an auth user, if any. */
  public Future<Optional<Customer>> byUser(UUID tenantId, UUID userId) {
    return Tenancy.inTenant(pool, tenantId, conn -> repository.findByUser(conn, tenantId, userId)
        .compose(found -> found.isEmpty() ? Future.succeededFuture(found)
            : withAddresses(conn, tenantId, found.get()).map(Optional::of)));
  }

  /** A customer read inside the caller's transaction; NotFoundException for an unknown id. */
  public Future<Customer> getIn(SqlConnection conn, UUID tenantId, UUID id) {
    return require(conn, tenantId, id);
  }

  /**
   * Changes the named fields if {@code version} is current ({@link #ANY_VERSION}: whatever is stored). Fails with
   * NotFoundException, PreconditionFailedException (stale version), ConflictException (e-mail or user taken, or the
   * customer is erased).
   */
  public Future<Customer> update(UUID tenantId, UUID id, int version, CustomerInput input) {
    return Tenancy.inTenant(pool, tenantId, conn -> repository.update(conn, tenantId, id, version, input)
        .compose(updated -> updated.isPresent() ? withAddresses(conn, tenantId, updated.get())
            : whyNotChanged(conn, tenantId, id, version))
        .compose(customer -> emit(conn, tenantId, CommerceEvents.CUSTOMER_UPDATED, customer, input.present())));
  }

  private Future<Customer> whyNotChanged(SqlConnection conn, UUID tenantId, UUID id, int version) {
    return repository.find(conn, tenantId, id).compose(found -> Future.failedFuture(
        found.isEmpty() ? new NotFoundException("customer " + id + " not found")
            : found.get().erased() ? new ConflictException("customer " + id + " is erased")
            : new PreconditionFailedException("customer " + id + " is at version " + found.get().version()
                + ", not " + version)));
  }

  /** Adds an address to the book (a default replaces the previous default of its kind). */
  public Future<Customer> addAddress(UUID tenantId, UUID customerId, AddressInput address) {
    return Tenancy.inTenant(pool, tenantId, conn -> activeLocked(conn, tenantId, customerId)
        .compose(locked -> repository.insertAddress(conn, tenantId, customerId, Uuids.v7(), address))
        .compose(v -> changed(conn, tenantId, customerId, List.of("addresses"))));
  }

  /** Removes an address from the book; NotFoundException for an unknown customer or address. */
  public Future<Customer> removeAddress(UUID tenantId, UUID customerId, UUID addressId) {
    return Tenancy.inTenant(pool, tenantId, conn -> activeLocked(conn, tenantId, customerId)
        .compose(locked -> repository.deleteAddress(conn, tenantId, customerId, addressId))
        .compose(deleted -> deleted ? changed(conn, tenantId, customerId, List.of("addresses"))
            : Future.failedFuture(new NotFoundException("address " + addressId + " not found"))));
  }

  /** A page of customers, newest first. */
  public Future<CustomerPage> search(UUID tenantId, CustomerQuery query) {
    return Tenancy.inTenant(pool, tenantId, conn -> repository.search(conn, tenantId, query))
        .map(found -> found.size() > query.limit()
            ? new CustomerPage(found.subList(0, query.limit()),
                CustomerQuery.encode(found.get(query.limit() - 1).id()))
            : new CustomerPage(found, null));
  }

  /**
   * Erases the customer's personal data (names, e-mail addresses, phones, notes, consent, addresses, the link to the
   * user, open carts; orders keep their lines and money but lose contact details) and writes {@code customer.updated}
   * with status {@code erased}. NotFoundException for an unknown id, ConflictException when already erased.
   */
  public Future<Customer> erase(UUID tenantId, UUID id) {
    return Tenancy.inTenant(pool, tenantId, conn -> repository.erase(conn, tenantId, id)
        .compose(erased -> erased.isPresent() ? Future.succeededFuture(erased.get())
            : repository.find(conn, tenantId, id).compose(found -> Future.<Customer>failedFuture(found.isEmpty()
                ? new NotFoundException("customer " + id + " not found")
                : new ConflictException("customer " + id + " is erased already"))))
        .compose(customer -> emit(conn, tenantId, CommerceEvents.CUSTOMER_UPDATED, customer, List.of("erased"))));
  }

  private Future<Customer> activeLocked(SqlConnection conn, UUID tenantId, UUID id) {
    return repository.lock(conn, tenantId, id)
        .compose(found -> found.isEmpty()
            ? Future.failedFuture(new NotFoundException("customer " + id + " not found"))
            : found.get().erased() ? Future.failedFuture(new ConflictException("customer " + id + " is erased"))
            : Future.succeededFuture(found.get()));
  }

  private Future<Customer> changed(SqlConnection conn, UUID tenantId, UUID id, List<String> fields) {
    return repository.bump(conn, tenantId, id)
        .map(Optional::orElseThrow)
        .compose(customer -> withAddresses(conn, tenantId, customer))
        .compose(customer -> emit(conn, tenantId, CommerceEvents.CUSTOMER_UPDATED, customer, fields));
  }

  private Future<Customer> require(SqlConnection conn, UUID tenantId, UUID id) {
    return repository.find(conn, tenantId, id)
        .compose(found -> found.isEmpty()
            ? Future.failedFuture(new NotFoundException("customer " + id + " not found"))
            : withAddresses(conn, tenantId, found.get()));
  }

  private Future<Customer> withAddresses(SqlConnection conn, UUID tenantId, Customer customer) {
    return repository.addresses(conn, tenantId, customer.id()).map(customer::withAddresses);
  }

  private Future<Customer> emit(SqlConnection conn, UUID tenantId, String type, Customer customer, List<String> fields) {
    EventEnvelope event = EventEnvelope.of(type, tenantId, "customer", customer.id().toString(), null,
        customer.eventPayload().put("changed", new JsonArray(fields)));
    return events.write(conn, event).map(customer);
  }
}
