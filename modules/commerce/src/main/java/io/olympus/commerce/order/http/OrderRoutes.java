package io.olympus.commerce.order.http;

import static io.olympus.commerce.http.CommercePermissions.ORDERS_READ;
import static io.olympus.commerce.http.CommercePermissions.ORDERS_WRITE;

import io.olympus.commerce.http.CommerceRoutes;
import io.olympus.commerce.http.Http;
import io.olympus.commerce.http.OwnAccess;
import io.olympus.commerce.http.RouteBinder;
import io.olympus.commerce.order.model.FulfillmentInput;
import io.olympus.commerce.order.model.Order;
import io.olympus.commerce.order.model.OrderChange;
import io.olympus.commerce.order.model.OrderHistoryEntry;
import io.olympus.commerce.order.model.OrderQuery;
import io.olympus.commerce.order.model.PlaceOrder;
import io.olympus.commerce.order.service.OrderService;
import io.olympus.common.error.ForbiddenException;
import io.olympus.common.http.idempotency.HttpAnswer;
import io.olympus.common.http.idempotency.Idempotency;
import io.olympus.common.json.JsonInput;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.UUID;

/**
 * Handlers of the order operations. Creation requires an {@code Idempotency-Key}; staff need {@code orders:write}
 * tenant-wide or over the order's location to create and change orders (a location-scoped grant: only orders that
 * name their {@code location_id}, whose stock is then held there), {@code orders:read} (tenant-wide or over the order's
 * location) to read them; a signed-in shopper linked to a customer creates orders for themselves and reads only their
 * own.
 */
public final class OrderRoutes implements CommerceRoutes {

  private final OrderService orders;
  private final OwnAccess access;
  private Idempotency idempotency;

  public OrderRoutes(OrderService orders, OwnAccess access) {
    this.orders = orders;
    this.access = access;
  }

  @Override
  public void bind(RouteBinder binder) {
    idempotency = binder.idempotency();
    binder.own("createOrder", Idempotency.Mode.REQUIRED, this::createOrder);
    binder.own("listOrders", null, this::listOrders);
    binder.own("getOrder", null, this::getOrder);
    binder.own("getOrderHistory", null, this::history);
    binder.own("updateOrder", null, this::updateOrder);
    binder.own("openOrder", null, this::openOrder);
    binder.own("cancelOrder", null, this::cancelOrder);
    binder.own("markOrderPaid", null, this::markPaid);
    binder.own("createFulfillment", null, this::createFulfillment);
  }

  private void createOrder(RoutingContext ctx) {
    JsonObject body = Http.body(ctx);
    PlaceOrder parsed = PlaceOrder.fromJson(body);
    UUID tenant = Http.tenant(ctx);
    access.limitedTo(ctx, ORDERS_WRITE, parsed.locationId())
        .map(limit -> {
          if (limit.isEmpty()) {
            return parsed;
          }
          if (parsed.customerId() != null && !parsed.customerId().equals(limit.get())) {
            throw new ForbiddenException("missing permission " + ORDERS_WRITE);
          }
          return new PlaceOrder(parsed.source(), limit.get(), parsed.email(), parsed.currency(), parsed.locationId(),
              parsed.lines(), parsed.shippingAddress(), parsed.billingAddress(), parsed.shippingMethodId(),
              parsed.note(), false, null);
        })
        .onSuccess(place -> idempotency.run(ctx, tenant, OrderService.PLACING, conn -> orders.placeIn(conn, tenant, place)
            .map(order -> HttpAnswer.created("/api/v1/orders/" + order.id(), order.toJson())
                .withHeader(HttpHeaders.ETAG.toString(), Http.etag(order.version())))))
        .onFailure(ctx::fail);
  }

  private void listOrders(RoutingContext ctx) {
    OrderQuery query = OrderQuery.fromQuery(ctx.queryParams());
    UUID tenant = Http.tenant(ctx);
    access.limitedTo(ctx, ORDERS_READ)
        .compose(limit -> orders.list(tenant, limit.map(query::forCustomer).orElse(query)))
        .onSuccess(page -> Http.json(ctx, 200, page.toJson()))
        .onFailure(ctx::fail);
  }

  private void getOrder(RoutingContext ctx) {
    readable(ctx)
        .onSuccess(order -> {
          ctx.response().putHeader(HttpHeaders.ETAG, Http.etag(order.version()));
          Http.json(ctx, 200, order.toJson());
        })
        .onFailure(ctx::fail);
  }

  private void history(RoutingContext ctx) {
    readable(ctx)
        .compose(order -> orders.history(Http.tenant(ctx), order.id()))
        .onSuccess(entries -> Http.json(ctx, 200, new JsonObject()
            .put("items", new JsonArray(entries.stream().map(OrderHistoryEntry::toJson).toList()))))
        .onFailure(ctx::fail);
  }

  /** The order if the caller may read it: 404 for an unknown id or another tenant's, 403 without access. */
  private Future<Order> readable(RoutingContext ctx) {
    UUID id = Http.uuidParam(ctx, "id");
    return orders.get(Http.tenant(ctx), id)
        .compose(order -> access.check(ctx, ORDERS_READ, order.locationId(), order.customerId()).map(order));
  }

  private void updateOrder(RoutingContext ctx) {
    UUID id = Http.uuidParam(ctx, "id");
    JsonObject body = Http.body(ctx);
    Integer version = Http.ifMatch(ctx);
    if (version == null) {
      throw Http.preconditionRequired();
    }
    OrderChange change = OrderChange.fromJson(body);
    respond(ctx, writable(ctx, id, null).compose(v -> orders.modify(Http.tenant(ctx), id, version, change)));
  }

  private void openOrder(RoutingContext ctx) {
    UUID id = Http.uuidParam(ctx, "id");
    respond(ctx, writable(ctx, id, null).compose(v -> orders.open(Http.tenant(ctx), id, version(ctx))));
  }

  private void cancelOrder(RoutingContext ctx) {
    JsonInput in = new JsonInput(Http.body(ctx));
    String reason = in.optionalString("reason", 1, 500);
    in.validate();
    UUID id = Http.uuidParam(ctx, "id");
    respond(ctx, writable(ctx, id, null).compose(v -> orders.cancel(Http.tenant(ctx), id, version(ctx), reason)));
  }

  private void markPaid(RoutingContext ctx) {
    JsonInput in = new JsonInput(Http.body(ctx));
    Long amount = in.optionalLong("amount", 0, 1_000_000_000_000_000L);
    in.validate();
    UUID id = Http.uuidParam(ctx, "id");
    respond(ctx, writable(ctx, id, null).compose(v -> orders.markPaid(Http.tenant(ctx), id, version(ctx), amount)));
  }

  private void createFulfillment(RoutingContext ctx) {
    UUID id = Http.uuidParam(ctx, "id");
    FulfillmentInput input = FulfillmentInput.fromJson(Http.body(ctx));
    UUID tenant = Http.tenant(ctx);
    writable(ctx, id, input.locationId())
        .compose(v -> orders.fulfil(tenant, id, version(ctx), input))
        .compose(fulfillment -> orders.get(tenant, id).map(order -> List.of(fulfillment.toJson(), order)))
        .onSuccess(both -> {
          Order order = (Order) both.get(1);
          ctx.response().putHeader(HttpHeaders.ETAG, Http.etag(order.version()));
          Http.created(ctx, "/api/v1/orders/" + id, ((JsonObject) both.get(0)).put("order", order.toJson()));
        })
        .onFailure(ctx::fail);
  }

  /**
   * Whether the caller may change the order: 404 for an unknown id or another tenant's; then {@code orders:write}
   * tenant-wide, or over the order's location and (a fulfilment) the location it ships from. An order whose lines are
   * held at several locations has no location: only a tenant-wide grant changes it. 403 otherwise.
   */
  private Future<Void> writable(RoutingContext ctx, UUID id, UUID shipsFrom) {
    return orders.get(Http.tenant(ctx), id).compose(order -> {
      Future<Void> atOrder = access.check(ctx, ORDERS_WRITE, order.locationId(), null);
      return shipsFrom == null || shipsFrom.equals(order.locationId()) ? atOrder
          : atOrder.compose(v -> access.check(ctx, ORDERS_WRITE, shipsFrom, null));
    });
  }

  private static int version(RoutingContext ctx) {
    Integer version = Http.ifMatch(ctx);
    return version == null ? OrderService.ANY_VERSION : version;
  }

  private static void respond(RoutingContext ctx, Future<Order> change) {
    change
        .onSuccess(order -> {
          ctx.response().putHeader(HttpHeaders.ETAG, Http.etag(order.version()));
          Http.json(ctx, 200, order.toJson());
        })
        .onFailure(ctx::fail);
  }
}
