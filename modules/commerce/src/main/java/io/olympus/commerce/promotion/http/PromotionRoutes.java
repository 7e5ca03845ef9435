package io.olympus.commerce.promotion.http;

import static io.olympus.commerce.http.CommercePermissions.ORDERS_WRITE;
import static io.olympus.commerce.http.CommercePermissions.PROMOTIONS_READ;
import static io.olympus.commerce.http.CommercePermissions.PROMOTIONS_WRITE;

import io.olympus.commerce.cart.http.CartRoutes;
import io.olympus.commerce.cart.model.Cart;
import io.olympus.commerce.cart.model.CartView;
import io.olympus.commerce.cart.service.CartService;
import io.olympus.commerce.http.CommerceRoutes;
import io.olympus.commerce.http.Http;
import io.olympus.commerce.http.OwnAccess;
import io.olympus.commerce.http.RouteBinder;
import io.olympus.commerce.promotion.model.CodeRequest;
import io.olympus.commerce.promotion.model.Promotion;
import io.olympus.commerce.promotion.model.PromotionCode;
import io.olympus.commerce.promotion.model.PromotionInput;
import io.olympus.commerce.promotion.model.PromotionQuery;
import io.olympus.commerce.promotion.service.PromotionService;
import io.olympus.common.error.ConflictException;
import io.olympus.common.error.ValidationException;
import io.olympus.common.json.JsonInput;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Handlers of the promotion operations: staff with {@code promotions:read} read promotions and their codes,
 * {@code promotions:write} changes them; a promotion code is put on or taken off a cart by whoever may change the cart
 * ({@code orders:write}, or the shopper on their own cart; an anonymous cart with its {@code Cart-Token}), and the
 * answer is the cart priced with it.
 */
public final class PromotionRoutes implements CommerceRoutes {

  private final PromotionService promotions;
  private final CartService carts;
  private final OwnAccess access;

  public PromotionRoutes(PromotionService promotions, CartService carts, OwnAccess access) {
    this.promotions = promotions;
    this.carts = carts;
    this.access = access;
  }

  @Override
  public void bind(RouteBinder binder) {
    binder.read("listPromotions", PROMOTIONS_READ, this::listPromotions);
    binder.write("createPromotion", PROMOTIONS_WRITE, this::createPromotion);
    binder.read("getPromotion", PROMOTIONS_READ, this::getPromotion);
    binder.write("updatePromotion", PROMOTIONS_WRITE, this::updatePromotion);
    binder.write("deletePromotion", PROMOTIONS_WRITE, this::deletePromotion);
    binder.read("listPromotionCodes", PROMOTIONS_READ, this::listCodes);
    binder.write("createPromotionCodes", PROMOTIONS_WRITE, this::createCodes);
    binder.own("applyCartPromotionCode", null, this::applyCode);
    binder.own("removeCartPromotionCode", null, this::removeCode);
  }

  private void listPromotions(RoutingContext ctx) {
    promotions.list(Http.tenant(ctx), PromotionQuery.fromQuery(ctx.queryParams()))
        .onSuccess(page -> Http.json(ctx, 200, page.toJson()))
        .onFailure(ctx::fail);
  }

  private void createPromotion(RoutingContext ctx) {
    PromotionInput input = PromotionInput.readCreate(Http.body(ctx));
    promotions.create(Http.tenant(ctx), input)
        .onSuccess(promotion -> {
          ctx.response().putHeader(HttpHeaders.ETAG, Http.etag(promotion.version()));
          Http.created(ctx, "/api/v1/promotions/" + promotion.id(), promotion.toJson());
        })
        .onFailure(ctx::fail);
  }

  private void getPromotion(RoutingContext ctx) {
    promotions.get(Http.tenant(ctx), Http.uuidParam(ctx, "id"))
        .onSuccess(promotion -> answer(ctx, promotion))
        .onFailure(ctx::fail);
  }

  private void updatePromotion(RoutingContext ctx) {
    UUID id = Http.uuidParam(ctx, "id");
    JsonObject patch = Http.body(ctx);
    Integer version = Http.ifMatch(ctx);
    promotions.update(Http.tenant(ctx), id, version == null ? PromotionService.ANY_VERSION : version, patch)
        .onSuccess(promotion -> answer(ctx, promotion))
        .onFailure(ctx::fail);
  }

  private void deletePromotion(RoutingContext ctx) {
    promotions.delete(Http.tenant(ctx), Http.uuidParam(ctx, "id"))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void listCodes(RoutingContext ctx) {
    UUID id = Http.uuidParam(ctx, "id");
    PromotionQuery query = PromotionQuery.fromQuery(ctx.queryParams());
    promotions.codes(Http.tenant(ctx), id, query.after(), query.limit() + 1)
        .onSuccess(codes -> {
          List<PromotionCode> page = codes.size() > query.limit() ? codes.subList(0, query.limit()) : codes;
          Http.json(ctx, 200, new JsonObject()
              .put("items", new JsonArray(page.stream().map(PromotionCode::toJson).toList()))
              .put("next_cursor", codes.size() > query.limit() ? PromotionQuery.encode(page.get(page.size() - 1).id())
                  : null));
        })
        .onFailure(ctx::fail);
  }

  private void createCodes(RoutingContext ctx) {
    UUID id = Http.uuidParam(ctx, "id");
    CodeRequest request = CodeRequest.fromJson(Http.body(ctx));
    promotions.addCodes(Http.tenant(ctx), id, request)
        .onSuccess(codes -> Http.json(ctx, 201, new JsonObject()
            .put("items", new JsonArray(codes.stream().map(PromotionCode::toJson).toList()))))
        .onFailure(ctx::fail);
  }

  private void applyCode(RoutingContext ctx) {
    JsonInput in = new JsonInput(Http.body(ctx));
    String code = in.requiredMatching("code", PromotionInput.CODE, "3 to 40 letters, digits, - or _");
    in.validate();
    changeCodes(ctx, (tenant, cart) -> promotions.applyCode(tenant, cart, code));
  }

  private void removeCode(RoutingContext ctx) {
    String code = ctx.pathParam("code");
    if (code == null || !PromotionInput.CODE.matcher(code).matches()) {
      throw new ValidationException("code", "must be 3 to 40 letters, digits, - or _");
    }
    changeCodes(ctx, (tenant, cart) -> promotions.removeCode(tenant, cart, code));
  }

  /** Changes the codes of an open cart the caller may change, then answers the cart priced with them. */
  private void changeCodes(RoutingContext ctx, BiFunction<UUID, UUID, Future<Void>> change) {
    UUID id = Http.uuidParam(ctx, "id");
    UUID tenant = Http.tenant(ctx);
    openCart(ctx, id)
        .compose(v -> change.apply(tenant, id))
        .compose(v -> carts.get(tenant, id))
        .onSuccess(view -> answer(ctx, view))
        .onFailure(ctx::fail);
  }

  /**
   * 404 for an unknown, expired or other tenant's cart (and an anonymous one without its token), 403 without the right
   * to change it, 409 when it is checked out already.
   */
  private Future<Void> openCart(RoutingContext ctx, UUID id) {
    UUID tenant = Http.tenant(ctx);
    return carts.accessOf(tenant, id, ctx.request().getHeader(CartRoutes.CART_TOKEN))
        .compose(cart -> access.check(ctx, ORDERS_WRITE, cart.locationId(), cart.customerId()))
        .compose(v -> carts.get(tenant, id))
        .compose(view -> Cart.OPEN.equals(view.cart().status()) ? Future.<Void>succeededFuture()
            : Future.failedFuture(new ConflictException("cart " + id + " is checked out already")));
  }

  private static void answer(RoutingContext ctx, Promotion promotion) {
    ctx.response().putHeader(HttpHeaders.ETAG, Http.etag(promotion.version()));
    Http.json(ctx, 200, promotion.toJson());
  }

  private static void answer(RoutingContext ctx, CartView view) {
    ctx.response().putHeader(HttpHeaders.ETAG, Http.etag(view.cart().version()));
    Http.json(ctx, 200, view.toJson());
  }
}
