package io.olympus.commerce.cart.service;

import io.olympus.commerce.cart.model.Cart;
import io.olympus.commerce.cart.model.CartInput;
import io.olympus.commerce.cart.model.CartView;
import io.olympus.commerce.cart.model.CheckoutInput;
import io.olympus.commerce.cart.repository.CartRepository;
import io.olympus.commerce.customer.model.Customer;
import io.olympus.commerce.customer.repository.CustomerRepository;
import io.olympus.commerce.order.model.LineRequest;
import io.olympus.commerce.order.model.Order;
import io.olympus.commerce.order.model.PlaceOrder;
import io.olympus.commerce.order.pricing.LinePricer;
import io.olympus.commerce.order.pricing.ShippingCharge;
import io.olympus.commerce.order.pricing.Totals;
import io.olympus.commerce.order.pricing.TotalsPipeline;
import io.olympus.commerce.order.service.OrderService;
import io.olympus.commerce.shipping.model.ShippingOption;
import io.olympus.commerce.shipping.service.ShippingService;
import io.olympus.commerce.tax.model.TaxResult;
import io.olympus.commerce.tax.repository.TaxRepository;
import io.olympus.common.db.Tenancy;
import io.olympus.common.error.ConflictException;
import io.olympus.common.error.FieldError;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.error.PreconditionFailedException;
import io.olympus.common.error.ValidationException;
import io.olympus.common.event.Uuids;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Carts: for a customer or anonymous (a cart token, returned once), in one currency, living {@code ttlSeconds} from
 * their last change (an expired open cart is gone: 404). Lines hold variants and quantities; every read prices them
 * on the server with the same pricer and totals pipeline as orders, and warns (never reserves) when a line is short of
 * available stock or no longer for sale. Checkout turns the cart into an order through {@link OrderService#placeIn}
 * in the same transaction that marks the cart checked out.
 */
public final class CartService {

  public static final int DEFAULT_TTL_SECONDS = 7 * 24 * 3600;
  public static final int ANY_VERSION = 0;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Pool pool;
  private final CartRepository carts;
  private final CustomerRepository customers;
  private final LinePricer pricer;
  private final TotalsPipeline totals;
  private final ShippingService shipping;
  private final TaxRepository taxes;
  private final OrderService orders;
  private final int ttlSeconds;

  public CartService(Pool pool, CartRepository carts, CustomerRepository customers, LinePricer pricer,
                     TotalsPipeline totals, ShippingService shipping, TaxRepository taxes, OrderService orders,
                     int ttlSeconds) {
    this.pool = pool;
    this.carts = carts;
    this.customers = customers;
    this.pricer = pricer;
    this.totals = totals;
    this.shipping = shipping;
    this.taxes = taxes;
    this.orders = orders;
    this.ttlSeconds = ttlSeconds;
  }

  /**
   * Creates a cart (with its first lines, each checked to be for sale and priced in the currency). ValidationException
   * naming the bad field (unknown or erased customer, a line that cannot be sold).
   */
  public Future<CartView> create(UUID tenantId, CartInput input) {
    UUID id = Uuids.v7();
    String token = input.customerId() == null ? newToken() : null;
    return Tenancy.inTenant(pool, tenantId, conn -> activeCustomer(conn, tenantId, input.customerId())
        .compose(customer -> input.lines().isEmpty() ? Future.succeededFuture()
            : pricer.price(conn, tenantId, input.currency(), input.locationId(),
                customer.map(Customer::customerGroup).orElse(null), input.lines()))
        .compose(checked -> carts.insert(conn, tenantId, id, input.customerId(), token == null ? null : hash(token),
            input.currency(), input.locationId(), input.email(), input.shippingAddress(), input.billingAddress(),
            input.shippingMethodId(), ttlSeconds))
        .compose(cart -> {
          Future<?> chain = Future.succeededFuture();
          for (LineRequest line : input.lines()) {
            chain = chain.compose(v -> carts.setLine(conn, tenantId, id, line.variantId(), line.quantity()));
          }
          return chain.compose(v -> view(conn, tenantId, cart, token));
        }));
  }

  /** The cart priced now; NotFoundException for an unknown or expired cart (another tenant's included). */
  public Future<CartView> get(UUID tenantId, UUID id) {
    return Tenancy.inTenant(pool, tenantId, conn -> carts.find(conn, tenantId, id)
        .compose(found -> found.isEmpty() ? Future.failedFuture(notFound(id)) : view(conn, tenantId, found.get(), null)));
  }

  /** The cart of an anonymous shopper's token; NotFoundException when none matches. */
  public Future<CartView> byToken(UUID tenantId, String token) {
    return Tenancy.inTenant(pool, tenantId, conn -> carts.findByToken(conn, tenantId, hash(token))
        .compose(found -> found.isEmpty() ? Future.failedFuture(new NotFoundException("no cart for this token"))
            : view(conn, tenantId, found.get(), null)));
  }

  /** Changes the named fields of an open cart at {@code version} ({@link #ANY_VERSION}: any). */
  public Future<CartView> update(UUID tenantId, UUID id, int version, CartInput input) {
    return Tenancy.inTenant(pool, tenantId, conn -> lockOpen(conn, tenantId, id, version)
        .compose(cart -> carts.update(conn, tenantId, new Cart(cart.id(), cart.customerId(), cart.status(),
            cart.currency(), input.names("location_id") ? input.locationId() : cart.locationId(),
            input.names("email") ? input.email() : cart.email(),
            input.names("shipping_address") ? input.shippingAddress() : cart.shippingAddress(),
            input.names("billing_address") ? input.billingAddress() : cart.billingAddress(),
            input.names("shipping_method_id") ? input.shippingMethodId() : cart.shippingMethodId(), null, 0, null,
            null, null, List.of()), ttlSeconds))
        .compose(cart -> view(conn, tenantId, cart, null)));
  }

  /**
   * Sets a line's quantity (0 removes it); the variant must be for sale and priced in the cart's currency
   * (ValidationException naming {@code variant_id}). Stock is not reserved: a shortage is a warning on the cart.
   */
  public Future<CartView> setLine(UUID tenantId, UUID id, UUID variantId, int quantity) {
    return Tenancy.inTenant(pool, tenantId, conn -> lockOpen(conn, tenantId, id, ANY_VERSION)
        .compose(cart -> (quantity == 0 ? Future.succeededFuture()
                : check(conn, tenantId, cart, List.of(new LineRequest(variantId, quantity, "line"))))
            .compose(v -> carts.setLine(conn, tenantId, id, variantId, quantity))
            .compose(v -> touch(conn, tenantId, cart))));
  }

  /** Adds quantities (summed with the lines already there); every line checked like {@link #setLine}. */
  public Future<CartView> addLines(UUID tenantId, UUID id, List<LineRequest> lines) {
    return Tenancy.inTenant(pool, tenantId, conn -> lockOpen(conn, tenantId, id, ANY_VERSION)
        .compose(cart -> check(conn, tenantId, cart, lines)
            .compose(v -> {
              Future<?> chain = Future.succeededFuture();
              for (LineRequest line : lines) {
                chain = chain.compose(x -> carts.addToLine(conn, tenantId, id, line.variantId(), line.quantity())
                    .compose(total -> total > LineRequest.MAX_QUANTITY
                        ? Future.failedFuture(new ValidationException(line.field() + ".quantity",
                            "makes the line hold more than " + LineRequest.MAX_QUANTITY))
                        : Future.succeededFuture()));
              }
              return chain;
            })
            .compose(v -> touch(conn, tenantId, cart))));
  }

  /** The shipping methods offered for the cart's address and goods, cheapest first. */
  public Future<List<ShippingOption>> shippingOptions(UUID tenantId, UUID id) {
    return get(tenantId, id).compose(view -> {
      if (view.cart().shippingAddress() == null) {
        return Future.failedFuture(new ValidationException("shipping_address", "is required for a shipping quote"));
      }
      long weight = view.priced().stream().mapToLong(l -> l.priced().weightGrams() * l.request().quantity()).sum();
      long goods = view.totals().subtotal() - view.totals().discount();
      return Tenancy.inTenant(pool, tenantId, conn -> shipping.optionsIn(conn, tenantId, view.cart().shippingAddress(),
          view.cart().currency(), weight, goods));
    });
  }

  /**
   * Turns the cart into an order in one transaction: the order path of {@link OrderService#placeIn} (server prices,
   * stock held for every line or none, totals, number, {@code order.created}) and the cart marked checked out.
   * NotFoundException for an unknown or expired cart, ConflictException when it was checked out already,
   * ValidationException for an empty cart or a line that cannot be sold, OutOfStockException.
   */
  public Future<Order> checkout(UUID tenantId, UUID id, CheckoutInput input) {
    return Tenancy.inTenant(pool, tenantId, OrderService.PLACING, conn -> checkoutIn(conn, tenantId, id, input));
  }

  /** As {@link #checkout}, inside the caller's transaction (with an idempotency record, say). */
  public Future<Order> checkoutIn(SqlConnection conn, UUID tenantId, UUID id, CheckoutInput input) {
    return lockOpen(conn, tenantId, id, ANY_VERSION)
        .compose(cart -> carts.lines(conn, tenantId, id).compose(lines -> {
          if (lines.isEmpty()) {
            return Future.failedFuture(new ValidationException("lines", "the cart is empty"));
          }
          List<LineRequest> requests = new ArrayList<>();
          for (int i = 0; i < lines.size(); i++) {
            requests.add(new LineRequest(lines.get(i).variantId(), lines.get(i).quantity(), "lines[" + i + "]"));
          }
          PlaceOrder place = new PlaceOrder("checkout", cart.customerId(),
              input.email() != null ? input.email() : cart.email(), cart.currency(),
              input.locationId() != null ? input.locationId() : cart.locationId(), requests, cart.shippingAddress(),
              cart.billingAddress(), input.shippingMethodId() != null ? input.shippingMethodId() : cart.shippingMethodId(),
              input.note(), false, cart.id());
          // the cart is locked (lockOpen): marking it checked out decides nothing, so it goes out with the order's rows
          // and waits for the commit too (Tenancy.awaitAtCommit) when the transaction lets it
          return orders.placeIn(conn, tenantId, place)
              .compose(order -> {
                Future<Cart> marked = carts.checkedOut(conn, tenantId, id, order.id());
                return Tenancy.awaitAtCommit(conn, marked) ? Future.succeededFuture(order) : marked.map(order);
              });
        }));
  }

  /**
   * Who may reach the cart (its customer, null for an anonymous cart) and its location. NotFoundException for an
   * unknown or expired cart, and for an anonymous cart when {@code token} (the cart token returned at its creation) is
   * missing or is not its token: a cart id alone never reaches an anonymous cart, and the answer does not tell whether
   * it exists.
   */
  public Future<Cart.Access> accessOf(UUID tenantId, UUID id, String token) {
    return Tenancy.inTenant(pool, tenantId, conn -> carts.access(conn, tenantId, id))
        .compose(found -> {
          if (found.isEmpty()) {
            return Future.failedFuture(notFound(id));
          }
          Cart.Access access = found.get();
          if (access.customerId() == null && access.tokenHash() != null && (token == null || !MessageDigest.isEqual(
              hash(token).getBytes(StandardCharsets.US_ASCII), access.tokenHash().getBytes(StandardCharsets.US_ASCII)))) {
            return Future.failedFuture(notFound(id));
          }
          return Future.succeededFuture(access);
        });
  }

  // ---- helpers

  private Future<CartView> touch(SqlConnection conn, UUID tenantId, Cart cart) {
    return carts.update(conn, tenantId, cart, ttlSeconds).compose(updated -> view(conn, tenantId, updated, null));
  }

  private Future<Void> check(SqlConnection conn, UUID tenantId, Cart cart, List<LineRequest> lines) {
    return group(conn, tenantId, cart.customerId())
        .compose(group -> pricer.price(conn, tenantId, cart.currency(), cart.locationId(), group, lines))
        .mapEmpty();
  }

  private Future<Cart> lockOpen(SqlConnection conn, UUID tenantId, UUID id, int version) {
    return carts.lock(conn, tenantId, id).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(notFound(id));
      }
      Cart cart = found.get();
      if (!Cart.OPEN.equals(cart.status())) {
        return Future.failedFuture(new ConflictException("cart " + id + " is checked out already (order "
            + cart.orderId() + ")"));
      }
      if (version != ANY_VERSION && cart.version() != version) {
        return Future.failedFuture(new PreconditionFailedException("cart " + id + " is at version " + cart.version()
            + ", not " + version));
      }
      return Future.succeededFuture(cart);
    });
  }

  private Future<Optional<Customer>> activeCustomer(SqlConnection conn, UUID tenantId, UUID customerId) {
    if (customerId == null) {
      return Future.succeededFuture(Optional.empty());
    }
    return customers.find(conn, tenantId, customerId).compose(found -> found.isEmpty()
        ? Future.failedFuture(new ValidationException("customer_id", "is not a customer of this store"))
        : found.get().erased() ? Future.failedFuture(new ValidationException("customer_id", "is erased"))
        : Future.succeededFuture(found));
  }

  private Future<String> group(SqlConnection conn, UUID tenantId, UUID customerId) {
    return customerId == null ? Future.succeededFuture(null)
        : customers.find(conn, tenantId, customerId).map(c -> c.map(Customer::customerGroup).orElse(null));
  }

  /** Prices the cart now; lines that cannot be sold become warnings and stay out of the totals. */
  private Future<CartView> view(SqlConnection conn, UUID tenantId, Cart stored, String token) {
    return carts.lines(conn, tenantId, stored.id()).compose(lines -> {
      Cart cart = stored.with(lines);
      Future<Optional<Customer>> customer = cart.customerId() == null ? Future.succeededFuture(Optional.empty())
          : customers.find(conn, tenantId, cart.customerId());
      List<LineRequest> requests = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        requests.add(new LineRequest(lines.get(i).variantId(), lines.get(i).quantity(), "lines[" + i + "]"));
      }
      List<CartView.Warning> warnings = new ArrayList<>();
      return customer.compose(c -> {
        String group = c.map(Customer::customerGroup).orElse(null);
        boolean exempt = c.map(Customer::taxExempt).orElse(false);
        return sellable(conn, tenantId, cart, group, requests, warnings)
            .compose(priced -> taxes.pricesIncludeTax(conn, tenantId).compose(baseIncludesTax -> totals.run(conn, tenantId,
                new TotalsPipeline.Basket(cart.currency(), cart.customerId(), group, exempt, cart.shippingAddress(),
                    priced.stream().map(LinePricer.Line::priced).toList(), cart.id(), null),
                (tx, goods) -> shippingCharge(tx, tenantId, cart, goods, baseIncludesTax, warnings))
                .compose(t -> availability(conn, tenantId, cart, warnings)
                    .map(available -> new CartView(cart, priced, t, List.copyOf(warnings), available, token)))));
      });
    });
  }

  private Future<List<LinePricer.Line>> sellable(SqlConnection conn, UUID tenantId, Cart cart, String group,
                                                 List<LineRequest> requests, List<CartView.Warning> warnings) {
    if (requests.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return pricer.price(conn, tenantId, cart.currency(), cart.locationId(), group, requests)
        .recover(err -> {
          if (!(err instanceof ValidationException invalid)) {
            return Future.failedFuture(err);
          }
          Set<String> bad = new HashSet<>();
          for (FieldError e : invalid.errors()) {
            String field = e.field().replace(".variant_id", "");
            bad.add(field);
            requests.stream().filter(r -> r.field().equals(field)).findFirst().ifPresent(r ->
                warnings.add(new CartView.Warning(r.variantId(), "not_for_sale", "this variant " + e.message())));
          }
          List<LineRequest> rest = requests.stream().filter(r -> !bad.contains(r.field())).toList();
          return rest.isEmpty() ? Future.succeededFuture(List.of())
              : pricer.price(conn, tenantId, cart.currency(), cart.locationId(), group, rest);
        });
  }

  private Future<Optional<ShippingCharge>> shippingCharge(SqlConnection conn, UUID tenantId, Cart cart,
                                                          TotalsPipeline.Goods goods, boolean taxIncluded,
                                                          List<CartView.Warning> warnings) {
    if (cart.shippingMethodId() == null || cart.shippingAddress() == null) {
      return Future.succeededFuture(Optional.empty());
    }
    return shipping.optionsIn(conn, tenantId, cart.shippingAddress(), cart.currency(), goods.weightGrams(), goods.amount())
        .map(options -> {
          Optional<ShippingOption> chosen = options.stream()
              .filter(o -> o.methodId().equals(cart.shippingMethodId())).findFirst();
          if (chosen.isEmpty()) {
            warnings.add(new CartView.Warning(cart.shippingMethodId(), "shipping_method_unavailable",
                "the shipping method is not offered for this address and these goods"));
          }
          return chosen.map(o -> new ShippingCharge(o.methodId(), o.name(), o.amount(), taxIncluded));
        });
  }

  private Future<Map<UUID, Integer>> availability(SqlConnection conn, UUID tenantId, Cart cart,
                                                  List<CartView.Warning> warnings) {
    if (cart.lines().isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return carts.available(conn, tenantId, cart.lines().stream().map(Cart.Line::variantId).toList(), cart.locationId())
        .map(available -> {
          for (Cart.Line line : cart.lines()) {
            int units = available.getOrDefault(line.variantId(), 0);
            if (units < line.quantity()) {
              warnings.add(new CartView.Warning(line.variantId(), "insufficient_stock",
                  "only " + Math.max(0, units) + " available, " + line.quantity() + " in the cart"));
            }
          }
          return available;
        });
  }

  static Totals empty(String currency) {
    return Totals.assemble(currency, List.of(), Map.of(), null, new TaxResult(Map.of(), null), false);
  }

  private static String newToken() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String hash(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static NotFoundException notFound(UUID id) {
    return new NotFoundException("cart " + id + " not found");
  }
}
