package io.olympus.commerce.cart.http;

import static io.olympus.commerce.http.CommercePermissions.ORDERS_READ;
import static io.olympus.commerce.http.CommercePermissions.ORDERS_WRITE;

import io.olympus.commerce.cart.model.CartInput;
import io.olympus.commerce.cart.model.CartView;
import io.olympus.commerce.cart.model.CheckoutInput;
import io.olympus.commerce.cart.service.CartService;
import io.olympus.commerce.http.CommerceRoutes;
import io.olympus.commerce.http.Http;
import io.olympus.commerce.http.OwnAccess;
import io.olympus.commerce.http.RouteBinder;
import io.olympus.commerce.order.model.LineRequest;
import io.olympus.commerce.order.service.OrderService;
import io.olympus.commerce.shipping.model.ShippingOption;
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
 * Handlers of the cart operations. Staff and storefront API keys need {@code orders:write} to create and change carts
 * ({@code orders:read} to read them); a signed-in shopper linked to a customer creates, reads, changes and checks out
 * only their own carts; {@code orders:write} over a location checks out carts at that location (the checkout's
 * {@code location_id}, else the cart's). An anonymous cart is reached only with its token in the {@code Cart-Token} header (404
 * without it, whoever asks). Checkout requires an {@code Idempotency-Key}.
 */
public final class CartRoutes implements CommerceRoutes {

  /** The header that carries an anonymous cart's token (returned once, when the cart was created). */
  public static final String CART_TOKEN = "Cart-Token";

  private final CartService carts;
  private final OwnAccess access;
  private Idempotency idempotency;

  public CartRoutes(CartService carts, OwnAccess access) {
    this.carts = carts;
    this.access = access;
  }

  @Override
  public void bind(RouteBinder binder) {
    idempotency = binder.idempotency();
    binder.own("createCart", null, this::createCart);
    binder.own("getCart", null, this::getCart);
    binder.own("updateCart", null, this::updateCart);
    binder.own("addCartLines", null, this::addLines);
    binder.own("setCartLine", null, this::setLine);
    binder.own("getCartShippingOptions", null, this::shippingOptions);
    binder.own("checkoutCart", Idempotency.Mode.REQUIRED, this::checkout);
  }

  private void createCart(RoutingContext ctx) {
    CartInput parsed = CartInput.readCreate(Http.body(ctx));
    UUID tenant = Http.tenant(ctx);
    access.limitedTo(ctx, ORDERS_WRITE, parsed.locationId())
        .map(limit -> {
          if (limit.isEmpty()) {
            return parsed;
          }
          if (parsed.customerId() != null && !parsed.customerId().equals(limit.get())) {
            throw new ForbiddenException("missing permission " + ORDERS_WRITE);
          }
          return new CartInput(limit.get(), parsed.currency(), parsed.locationId(), parsed.email(),
              parsed.shippingAddress(), parsed.billingAddress(), parsed.shippingMethodId(), parsed.lines(),
              parsed.present());
        })
        .compose(input -> carts.create(tenant, input))
        .onSuccess(view -> Http.created(ctx, "/api/v1/carts/" + view.cart().id(), view.toJson()))
        .onFailure(ctx::fail);
  }

  private void getCart(RoutingContext ctx) {
    UUID id = Http.uuidParam(ctx, "id");
    allowed(ctx, id, ORDERS_READ)
        .compose(v -> carts.get(Http.tenant(ctx), id))
        .onSuccess(view -> answer(ctx, view))
        .onFailure(ctx::fail);
  }

  private void updateCart(RoutingContext ctx) {
    UUID id = Http.uuidParam(ctx, "id");
    CartInput input = CartInput.readUpdate(Http.body(ctx));
    Integer version = Http.ifMatch(ctx);
    allowed(ctx, id, ORDERS_WRITE)
        .compose(v -> carts.update(Http.tenant(ctx), id, version == null ? CartService.ANY_VERSION : version, input))
        .onSuccess(view -> answer(ctx, view))
        .onFailure(ctx::fail);
  }

  private void addLines(RoutingContext ctx) {
    UUID id = Http.uuidParam(ctx, "id");
    JsonInput in = new JsonInput(Http.body(ctx));
    List<LineRequest> lines = LineRequest.read(in, "lines", true);
    in.validate();
    allowed(ctx, id, ORDERS_WRITE)
        .compose(v -> carts.addLines(Http.tenant(ctx), id, lines))
        .onSuccess(view -> answer(ctx, view))
        .onFailure(ctx::fail);
  }

  private void setLine(RoutingContext ctx) {
    UUID id = Http.uuidParam(ctx, "id");
    UUID variant = Http.uuidParam(ctx, "variant_id");
    JsonInput in = new JsonInput(Http.body(ctx));
    Integer quantity = in.requiredInt("quantity", 0, LineRequest.MAX_QUANTITY);
    in.validate();
    allowed(ctx, id, ORDERS_WRITE)
        .compose(v -> carts.setLine(Http.tenant(ctx), id, variant, quantity))
        .onSuccess(view -> answer(ctx, view))
        .onFailure(ctx::fail);
  }

  private void shippingOptions(RoutingContext ctx) {
    UUID id = Http.uuidParam(ctx, "id");
    allowed(ctx, id, ORDERS_READ)
        .compose(v -> carts.shippingOptions(Http.tenant(ctx), id))
        .onSuccess(options -> Http.json(ctx, 200, new JsonObject()
            .put("items", new JsonArray(options.stream().map(ShippingOption::toJson).toList()))))
        .onFailure(ctx::fail);
  }

  private void checkout(RoutingContext ctx) {
    UUID id = Http.uuidParam(ctx, "id");
    CheckoutInput input = CheckoutInput.fromJson(Http.body(ctx));
    UUID tenant = Http.tenant(ctx);
    carts.accessOf(tenant, id, ctx.request().getHeader(CART_TOKEN))
        .compose(cart -> access.check(ctx, ORDERS_WRITE,
            input.locationId() != null ? input.locationId() : cart.locationId(), cart.customerId()))
        .onSuccess(v -> idempotency.run(ctx, tenant, OrderService.PLACING, conn -> carts.checkoutIn(conn, tenant, id, input)
            .map(order -> HttpAnswer.created("/api/v1/orders/" + order.id(), order.toJson())
                .withHeader(HttpHeaders.ETAG.toString(), Http.etag(order.version())))))
        .onFailure(ctx::fail);
  }

  /**
   * 404 for an unknown, expired or other tenant's cart, and for an anonymous cart without its token in
   * {@value #CART_TOKEN} (or with another token); then the permission (tenant-wide or over the cart's location) or the
   * shopper's own cart.
   */
  private Future<Void> allowed(RoutingContext ctx, UUID id, String permission) {
    return carts.accessOf(Http.tenant(ctx), id, ctx.request().getHeader(CART_TOKEN))
        .compose(cart -> access.check(ctx, permission, cart.locationId(), cart.customerId()));
  }

  private static void answer(RoutingContext ctx, CartView view) {
    ctx.response().putHeader(HttpHeaders.ETAG, Http.etag(view.cart().version()));
    Http.json(ctx, 200, view.toJson());
  }
}
