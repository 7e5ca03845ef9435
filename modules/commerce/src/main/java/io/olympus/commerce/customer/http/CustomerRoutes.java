package io.olympus.commerce.customer.http;

import static io.olympus.commerce.http.CommercePermissions.CUSTOMERS_READ;
import static io.olympus.commerce.http.CommercePermissions.CUSTOMERS_WRITE;

import io.olympus.commerce.customer.model.AddressInput;
import io.olympus.commerce.customer.model.Customer;
import io.olympus.commerce.customer.model.CustomerInput;
import io.olympus.commerce.customer.model.CustomerQuery;
import io.olympus.commerce.customer.service.CustomerService;
import io.olympus.commerce.http.CommerceRoutes;
import io.olympus.commerce.http.Http;
import io.olympus.commerce.http.OwnAccess;
import io.olympus.commerce.http.RouteBinder;
import io.olympus.common.error.ForbiddenException;
import io.olympus.common.error.NotFoundException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.UUID;

/**
 * Handlers of the customer operations: staff with {@code customers:read|write}; a signed-in shopper reads and changes
 * their own record ({@code GET /customers/me} finds it) and address book, but not its group, tax exemption, notes or
 * user link.
 */
public final class CustomerRoutes implements CommerceRoutes {

  /** What a shopper may change on their own record. */
  private static final List<String> SELF_SERVICE = List.of("first_name", "last_name", "email", "emails", "phones",
      "marketing_consent");

  private final CustomerService customers;
  private final OwnAccess access;

  public CustomerRoutes(CustomerService customers, OwnAccess access) {
    this.customers = customers;
    this.access = access;
  }

  @Override
  public void bind(RouteBinder binder) {
    binder.read("listCustomers", CUSTOMERS_READ, this::listCustomers);
    binder.write("createCustomer", CUSTOMERS_WRITE, this::createCustomer);
    binder.own("getMyCustomer", null, this::getMyCustomer);
    binder.own("getCustomer", null, this::getCustomer);
    binder.own("updateCustomer", null, this::updateCustomer);
    binder.own("addCustomerAddress", null, this::addAddress);
    binder.own("deleteCustomerAddress", null, this::deleteAddress);
    binder.write("eraseCustomer", CUSTOMERS_WRITE, this::eraseCustomer);
  }

  private void listCustomers(RoutingContext ctx) {
    customers.search(Http.tenant(ctx), CustomerQuery.fromQuery(ctx.queryParams()))
        .onSuccess(page -> Http.json(ctx, 200, page.toJson()))
        .onFailure(ctx::fail);
  }

  private void createCustomer(RoutingContext ctx) {
    CustomerInput input = CustomerInput.readCreate(Http.body(ctx));
    customers.create(Http.tenant(ctx), input)
        .onSuccess(customer -> {
          ctx.response().putHeader(HttpHeaders.ETAG, Http.etag(customer.version()));
          Http.created(ctx, "/api/v1/customers/" + customer.id(), customer.toJson());
        })
        .onFailure(ctx::fail);
  }

  private void getMyCustomer(RoutingContext ctx) {
    access.self(ctx)
        .compose(self -> self.map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(new NotFoundException("no customer is linked to this user"))))
        .onSuccess(customer -> answer(ctx, 200, customer))
        .onFailure(ctx::fail);
  }

  private void getCustomer(RoutingContext ctx) {
    UUID id = Http.uuidParam(ctx, "id");
    customers.get(Http.tenant(ctx), id)
        .compose(customer -> access.check(ctx, CUSTOMERS_READ, null, customer.id()).map(customer))
        .onSuccess(customer -> answer(ctx, 200, customer))
        .onFailure(ctx::fail);
  }

  private void updateCustomer(RoutingContext ctx) {
    UUID id = Http.uuidParam(ctx, "id");
    CustomerInput input = CustomerInput.readUpdate(Http.body(ctx));
    Integer version = Http.ifMatch(ctx);
    if (version == null) {
      throw Http.preconditionRequired();
    }
    UUID tenant = Http.tenant(ctx);
    writable(ctx, id, input.present())
        .compose(v -> customers.update(tenant, id, version, input))
        .onSuccess(customer -> answer(ctx, 200, customer))
        .onFailure(ctx::fail);
  }

  private void addAddress(RoutingContext ctx) {
    UUID id = Http.uuidParam(ctx, "id");
    AddressInput input = AddressInput.fromJson(Http.body(ctx));
    writable(ctx, id, List.of())
        .compose(v -> customers.addAddress(Http.tenant(ctx), id, input))
        .onSuccess(customer -> answer(ctx, 201, customer))
        .onFailure(ctx::fail);
  }

  private void deleteAddress(RoutingContext ctx) {
    UUID id = Http.uuidParam(ctx, "id");
    UUID address = Http.uuidParam(ctx, "address_id");
    writable(ctx, id, List.of())
        .compose(v -> customers.removeAddress(Http.tenant(ctx), id, address))
        .onSuccess(customer -> answer(ctx, 200, customer))
        .onFailure(ctx::fail);
  }

  private void eraseCustomer(RoutingContext ctx) {
    customers.erase(Http.tenant(ctx), Http.uuidParam(ctx, "id"))
        .onSuccess(customer -> answer(ctx, 200, customer))
        .onFailure(ctx::fail);
  }

  /** 404 for an unknown customer; staff with customers:write, or the shopper on their own self-service fields. */
  private Future<Void> writable(RoutingContext ctx, UUID id, List<String> fields) {
    return customers.get(Http.tenant(ctx), id)
        .compose(customer -> access.holds(ctx, CUSTOMERS_WRITE).compose(staff -> {
          if (staff) {
            return Future.<Void>succeededFuture();
          }
          if (!SELF_SERVICE.containsAll(fields)) {
            return Future.failedFuture(new ForbiddenException("missing permission " + CUSTOMERS_WRITE));
          }
          return access.check(ctx, CUSTOMERS_WRITE, null, customer.id());
        }));
  }

  private static void answer(RoutingContext ctx, int status, Customer customer) {
    ctx.response().putHeader(HttpHeaders.ETAG, Http.etag(customer.version()));
    Http.json(ctx, status, customer.toJson());
  }
}
