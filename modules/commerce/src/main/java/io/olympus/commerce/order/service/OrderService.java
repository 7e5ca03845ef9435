package io.olympus.commerce.order.service;

import io.olympus.commerce.customer.model.Customer;
import io.olympus.commerce.customer.model.CustomerAddress;
import io.olympus.commerce.customer.repository.CustomerRepository;
import io.olympus.commerce.event.AuditActor;
import io.olympus.commerce.event.CommerceEvents;
import io.olympus.commerce.event.DeferredEventSink;
import io.olympus.commerce.event.EventSink;
import io.olympus.commerce.inventory.model.InsufficientStockException;
import io.olympus.commerce.inventory.service.InventoryService;
import io.olympus.commerce.inventory.model.ReservationLine;
import io.olympus.commerce.inventory.model.ReservationRequest;
import io.olympus.commerce.order.model.Fulfillment;
import io.olympus.commerce.order.model.FulfillmentInput;
import io.olympus.commerce.order.model.LineRequest;
import io.olympus.commerce.order.model.Order;
import io.olympus.commerce.order.model.OrderChange;
import io.olympus.commerce.order.model.OrderHistoryEntry;
import io.olympus.commerce.order.model.OrderLine;
import io.olympus.commerce.order.model.OrderPage;
import io.olympus.commerce.order.model.OrderQuery;
import io.olympus.commerce.order.model.OrderState;
import io.olympus.commerce.order.model.OrderTransitions;
import io.olympus.commerce.order.model.OrderTransitions.Action;
import io.olympus.commerce.order.model.OutOfStockException;
import io.olympus.commerce.order.model.PaymentMovement;
import io.olympus.commerce.order.model.PlaceOrder;
import io.olympus.commerce.order.pricing.DiscountPolicy;
import io.olympus.commerce.order.pricing.Discounts;
import io.olympus.commerce.order.pricing.LinePricer;
import io.olympus.commerce.order.pricing.ShippingCharge;
import io.olympus.commerce.order.pricing.Totals;
import io.olympus.commerce.order.pricing.TotalsPipeline;
import io.olympus.commerce.order.repository.OrderRepository;
import io.olympus.commerce.shipping.service.ShippingService;
import io.olympus.commerce.support.PostalAddress;
import io.olympus.common.db.Tenancy;
import io.olympus.common.error.FieldError;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.error.PreconditionFailedException;
import io.olympus.common.error.ValidationException;
import io.olympus.common.event.EventEnvelope;
import io.olympus.common.event.Uuids;
import io.olympus.common.outbox.OutboxWriter;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Orders: one path creates them (cart checkout and direct creation), then the state machine of
 * {@link OrderTransitions} moves them. Every method runs in one tenant transaction that takes the order's row lock
 * first; every change bumps the order's version, appends to its history (with the request's actor) and writes its
 * events ({@code order.created}, {@code order.updated}, {@code order.status_changed}, {@code order.cancelled},
 * {@code fulfillment.created}; audited with the actor by the production sink) in that transaction.
 */
public final class OrderService {

  /** The version of a conditional change that matches whatever version is stored ({@code If-Match: *}). */
  public static final int ANY_VERSION = 0;

  /**
   * The settings of a transaction that places an order ({@link #placeIn}), set with its tenant in one statement
   * ({@link Tenancy#inTenant(Pool, UUID, List, Function)}): its commit does not NOTIFY the outbox relays
   * ({@link OutboxWriter#NO_NOTIFY}). A transaction begun without them costs {@link #placeIn} one statement more.
   */
  public static final List<Tenancy.Setting> PLACING = List.of(OutboxWriter.NO_NOTIFY);

  private final Pool pool;
  private final OrderRepository orders;
  private final CustomerRepository customers;
  private final LinePricer pricer;
  private final TotalsPipeline totals;
  private final ShippingService shipping;
  private final InventoryService inventory;
  private final StockPlanner planner;
  private final EventSink events;
  private final OrderNumbers numbers;

  /** With its own {@link OrderNumbers} allocator (blocks of {@link OrderNumbers#DEFAULT_BLOCK_SIZE}). */
  public OrderService(Pool pool, OrderRepository orders, CustomerRepository customers, LinePricer pricer,
                      TotalsPipeline totals, ShippingService shipping, InventoryService inventory,
                      StockPlanner planner, EventSink events) {
    this(pool, orders, customers, pricer, totals, shipping, inventory, planner, events,
        new OrderNumbers(pool, orders, OrderNumbers.DEFAULT_BLOCK_SIZE));
  }

  public OrderService(Pool pool, OrderRepository orders, CustomerRepository customers, LinePricer pricer,
                      TotalsPipeline totals, ShippingService shipping, InventoryService inventory,
                      StockPlanner planner, EventSink events, OrderNumbers numbers) {
    this.numbers = numbers;
    this.pool = pool;
    this.orders = orders;
    this.customers = customers;
    this.pricer = pricer;
    this.totals = totals;
    this.shipping = shipping;
    this.inventory = inventory;
    this.planner = planner;
    this.events = events;
  }

  /** Completes once the order-number blocks being taken ahead are in hand (or failed): wait for it before the pool closes. */
  public Future<Void> settled() {
    return numbers.idle();
  }

  /** Creates an order directly (API clients, point of sale); fails like {@link #placeIn}. */
  public Future<Order> create(UUID tenantId, PlaceOrder request) {
    return Tenancy.inTenant(pool, tenantId, PLACING, conn -> placeIn(conn, tenantId, request));
  }

  /**
   * The one path that creates an order, inside the caller's transaction (a cart's checkout runs it in its own):
   * validate (customer, lines, addresses, shipping method), price every line on the server, compute the totals, hold
   * the stock of every line at the asked or best location (all lines or none; not for a draft), number the order and
   * write it with {@code order.created}. Fails with ValidationException naming the bad field (unknown or unsellable
   * variant, no price in the currency, unknown customer, unavailable shipping method), OutOfStockException when a
   * line cannot be held.
   */
  public Future<Order> placeIn(SqlConnection conn, UUID tenantId, PlaceOrder req) {
    UUID id = Uuids.v7();
    // the hold's events wait, and go out with the order's rows and order.created in one round trip at the end. No
    // statement takes a lock that other orders of the tenant wait for: the number comes from memory (OrderNumbers),
    // the audit entries are linked into the tenant's chain after the commit (AuditChainer); only the stock levels of
    // the lines are locked from their hold to the commit (what keeps a SKU from being oversold)
    DeferredEventSink deferred = new DeferredEventSink(events);
    // orders come at a high rate: their commits do not NOTIFY the outbox relays (which would make them commit one at a
    // time behind PostgreSQL's notification lock, each through its WAL flush); RelayWake wakes this process's relays
    // after the commit. Set with the tenant in a transaction begun with PLACING, else it goes out with the first reads.
    OutboxWriter.skipNotify(conn);
    return customer(conn, tenantId, req.customerId()).compose(customer -> {
      PostalAddress ship = req.shippingAddress() != null ? req.shippingAddress()
          : customer.flatMap(Customer::defaultShipping).map(CustomerAddress::address).orElse(null);
      PostalAddress bill = req.billingAddress() != null ? req.billingAddress()
          : customer.flatMap(Customer::defaultBilling).map(CustomerAddress::address).orElse(ship);
      String email = req.email() != null ? req.email() : customer.map(Customer::email).orElse(null);
      String group = customer.map(Customer::customerGroup).orElse(null);
      boolean exempt = customer.map(Customer::taxExempt).orElse(false);
      // the stock plan only reads: it goes out with the pricing's statements, and is used once the lines are priced
      Future<Map<UUID, UUID>> plan = req.draft() ? null : planner.plan(conn, tenantId, req.locationId(), req.lines());
      UUID customerId = customer.map(Customer::id).orElse(null);
      return price(conn, tenantId, req.currency(), req.locationId(), group, exempt, customerId, ship,
              req.shippingMethodId(), req.lines(), req.cartId(), id, true)
          .compose(priced -> (req.draft() ? Future.succeededFuture(Holding.NONE)
                  : hold(conn, tenantId, id, req.locationId(), req.lines(), plan, inventory.withEvents(deferred)))
              // the promotions' uses are counted (or the placement refused at a limit) before the order is numbered
              .compose(holding -> (req.draft() ? Future.<Void>succeededFuture()
                  : totals.redeem(conn, tenantId, id, customerId, priced.totals(), deferred)).map(holding))
              .compose(holding -> numbers.next(conn, tenantId)
                  .compose(number -> {
                    // created and updated now, as the stored row: order.created carries the order as answered
                    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                    Order draft = withMoney(new Order(id, number, req.cartId() == null ? req.source() : "checkout",
                        req.draft() ? OrderTransitions.DRAFT : OrderTransitions.OPEN, OrderTransitions.UNPAID,
                        OrderTransitions.UNFULFILLED, customer.map(Customer::id).orElse(null), req.cartId(), email,
                        req.currency(), orderLocation(req.locationId(), holding), holding.reservationId(), group, exempt,
                        priced.baseIncludesTax(), ship, bill, req.shippingMethodId(), priced.shippingName(), 0, 0,
                        new JsonArray(), 0, 0, 0, 0, 0, 0, req.note(), null, 1, now, now, null, null, List.of(),
                        List.of(), null), priced.totals());
                    List<OrderLine> lines = lines(priced, holding.locations(), Map.of());
                    Order placed = draft.with(lines, List.of());
                    // the order, its lines, its history row, the hold's events and order.created (outbox rows and
                    // audit entries) go out together, none waiting for another's answer
                    Future<Order> inserted = orders.insert(conn, tenantId, draft);
                    Future<Void> lineRows = orders.insertLines(conn, tenantId, id, lines);
                    Future<Void> created = history(conn, tenantId, id, "created", new JsonObject()
                        .put("status", draft.status()).put("total_amount", draft.totalAmount()).put("lines", lines.size()));
                    Future<Void> written = deferred.write(conn, EventEnvelope.of(CommerceEvents.ORDER_CREATED, tenantId,
                            "order", id.toString(), null, placed.toJson()))
                        .compose(v -> deferred.flush(conn));
                    Future<?> rows = Future.all(inserted, lineRows, created, written);
                    // nothing decided on their answers: the transaction waits for them at its commit, so the next
                    // statements (an idempotency key's row, the COMMIT) go out right behind them, in their round trip,
                    // and the order is answered as placed (the row written is that order: order.created carries it)
                    return Tenancy.awaitAtCommit(conn, rows) ? Future.succeededFuture(placed)
                        : rows.map(all -> inserted.result().with(lines, List.of()));
                  })));
    });
  }

  /** The order with its lines and fulfilments; NotFoundException for an unknown id (another tenant's included). */
  public Future<Order> get(UUID tenantId, UUID id) {
    return Tenancy.inTenant(pool, tenantId, conn -> orders.find(conn, tenantId, id)
        .compose(found -> found.isEmpty() ? Future.failedFuture(notFound(id)) : complete(conn, tenantId, found.get())));
  }

  /** A page of orders, newest first, with their lines (not their fulfilments). */
  public Future<OrderPage> list(UUID tenantId, OrderQuery query) {
    return Tenancy.inTenant(pool, tenantId, conn -> orders.list(conn, tenantId, query)
        .compose(found -> {
          List<Order> page = found.size() > query.limit() ? found.subList(0, query.limit()) : found;
          return orders.lines(conn, tenantId, page.stream().map(Order::id).toList())
              .map(lines -> new OrderPage(page.stream().map(o -> o.with(lines.getOrDefault(o.id(), List.of()), List.of()))
                  .toList(), found.size() > query.limit() ? OrderQuery.encode(page.get(page.size() - 1).id()) : null));
        }));
  }

  /** Every change of the order, oldest first; NotFoundException for an unknown id. */
  public Future<List<OrderHistoryEntry>> history(UUID tenantId, UUID id) {
    return Tenancy.inTenant(pool, tenantId, conn -> orders.find(conn, tenantId, id)
        .compose(found -> found.isEmpty() ? Future.failedFuture(notFound(id)) : orders.history(conn, tenantId, id)));
  }

  /**
   * Changes an unfulfilled draft or open order at {@code version} ({@link #ANY_VERSION}: whatever is stored): lines
   * (re-priced, stock difference held or given back atomically), addresses, e-mail, note, shipping method; writes
   * {@code order.updated}. Fails with NotFoundException, PreconditionFailedException (stale version),
   * IllegalTransitionException (fulfilled, cancelled, completed), ValidationException, OutOfStockException.
   */
  public Future<Order> modify(UUID tenantId, UUID id, int version, OrderChange change) {
    return Tenancy.inTenant(pool, tenantId, conn -> lock(conn, tenantId, id, version)
        .compose(order -> {
          OrderTransitions.require(Action.MODIFY, order.state());
          List<LineRequest> lines = change.lines() != null ? change.lines() : requests(order);
          PostalAddress ship = change.names("shipping_address") ? change.shippingAddress() : order.shippingAddress();
          PostalAddress bill = change.names("billing_address") ? change.billingAddress() : order.billingAddress();
          UUID method = change.names("shipping_method_id") ? change.shippingMethodId() : order.shippingMethodId();
          String email = change.names("email") ? change.email() : order.email();
          String note = change.names("note") ? change.note() : order.note();
          return rebuild(conn, tenantId, order, lines, ship, bill, method, email, note, order.status())
              .compose(updated -> history(conn, tenantId, id, "updated", new JsonObject()
                      .put("fields", new JsonArray(change.present()))
                      .put("total_amount", new JsonObject().put("old", order.totalAmount()).put("new", updated.totalAmount())))
                  .compose(v -> emit(conn, tenantId, CommerceEvents.ORDER_UPDATED, updated, updated.toJson()
                      .put("changed", new JsonArray(change.present())))));
        }));
  }

  /**
   * Opens a draft: prices it again and holds its stock (all lines or none). Fails like {@link #modify};
   * IllegalTransitionException unless the order is a draft.
   */
  public Future<Order> open(UUID tenantId, UUID id, int version) {
    return Tenancy.inTenant(pool, tenantId, conn -> lock(conn, tenantId, id, version)
        .compose(order -> {
          OrderTransitions.require(Action.OPEN, order.state());
          OrderTransitions.move(Action.OPEN.slug(), order.state(), OrderTransitions.OPEN, null, null);
          return rebuild(conn, tenantId, order, requests(order), order.shippingAddress(), order.billingAddress(),
                  order.shippingMethodId(), order.email(), order.note(), OrderTransitions.OPEN)
              .compose(opened -> statusChanged(conn, tenantId, order, opened, "opened", new JsonObject()));
        }));
  }

  /**
   * Cancels an unfulfilled draft or open order: its held stock is given back, every line's quantity is cancelled, an
   * authorization is voided and what was paid is recorded as owed back ({@code refund_owed_amount}); writes
   * {@code order.cancelled} and {@code order.status_changed}. An open partially fulfilled order has the rest cancelled
   * instead and completes (see {@link #cancelRest}). IllegalTransitionException otherwise.
   */
  public Future<Order> cancel(UUID tenantId, UUID id, int version, String reason) {
    return Tenancy.inTenant(pool, tenantId, conn -> lock(conn, tenantId, id, version)
        .compose(order -> {
          OrderTransitions.require(Action.CANCEL, order.state());
          if (order.fulfillmentStatus().equals(OrderTransitions.PARTIALLY_FULFILLED)) {
            return cancelRest(conn, tenantId, order, reason);
          }
          String payment = order.paymentStatus().equals(OrderTransitions.AUTHORIZED) ? OrderTransitions.VOIDED : null;
          OrderState next = OrderTransitions.move(Action.CANCEL.slug(), order.state(), OrderTransitions.CANCELLED,
              payment, null);
          Future<?> released = order.reservationId() != null && order.status().equals(OrderTransitions.OPEN)
              ? inventory.releaseIn(conn, tenantId, order.reservationId()) : Future.succeededFuture();
          return released
              .compose(v -> orders.cancelRemaining(conn, tenantId, id))
              .compose(v -> orders.update(conn, tenantId, with(order, next, order.paidAmount(), order.paidAmount(), reason)))
              .compose(updated -> complete(conn, tenantId, updated))
              .compose(cancelled -> {
                JsonObject details = new JsonObject().put("reason", reason)
                    .put("refund_owed_amount", cancelled.refundOwedAmount());
                return emit(conn, tenantId, CommerceEvents.ORDER_CANCELLED, cancelled, cancelled.toJson())
                    .compose(c -> statusChanged(conn, tenantId, order, cancelled, "cancelled", details));
              });
        }));
  }

  /**
   * Cancels what is left of an open, partially fulfilled order: every line's unfulfilled quantity is cancelled and its
   * held stock given back, the order completes (open → completed; the fulfilment status stays
   * {@code partially_fulfilled}, the payment status is unchanged) keeping its fulfilled lines and its totals as placed.
   * What was paid beyond the value kept is recorded as owed back: the value kept is the total less, per line, the
   * cancelled share of the line's total ({@code total × cancelled / quantity}, half-even); shipping stays charged.
   * Writes {@code order.updated} (the lines with their cancelled quantities) and {@code order.status_changed}.
   */
  private Future<Order> cancelRest(SqlConnection conn, UUID tenantId, Order order, String reason) {
    OrderState next = OrderTransitions.move(Action.CANCEL.slug(), order.state(), OrderTransitions.COMPLETED, null, null);
    long cancelledValue = 0;
    JsonArray cancelledLines = new JsonArray();
    for (OrderLine line : order.lines()) {
      if (line.remaining() > 0) {
        cancelledValue += java.math.BigDecimal.valueOf(line.totalAmount())
            .multiply(java.math.BigDecimal.valueOf(line.remaining()))
            .divide(java.math.BigDecimal.valueOf(line.quantity()), 0, java.math.RoundingMode.HALF_EVEN)
            .longValueExact();
        cancelledLines.add(new JsonObject().put("line_id", line.id().toString()).put("quantity", line.remaining()));
      }
    }
    long cancelledAmount = cancelledValue;
    long kept = order.totalAmount() - cancelledValue;
    long refundOwed = order.refundOwedAmount() + Math.max(0, order.paidAmount() - kept);
    Future<?> released = order.reservationId() != null
        ? inventory.releaseIn(conn, tenantId, order.reservationId()) : Future.succeededFuture();
    return released
        .compose(v -> orders.cancelRemaining(conn, tenantId, order.id()))
        .compose(v -> orders.update(conn, tenantId, with(order, next, order.paidAmount(), refundOwed, reason)))
        .compose(updated -> complete(conn, tenantId, updated))
        .compose(completed -> emit(conn, tenantId, CommerceEvents.ORDER_UPDATED, completed, completed.toJson()
                .put("changed", new JsonArray().add("rest_cancelled")))
            .compose(c -> statusChanged(conn, tenantId, order, completed, "rest_cancelled", new JsonObject()
                .put("reason", reason).put("cancelled_lines", cancelledLines).put("cancelled_amount", cancelledAmount)
                .put("refund_owed_amount", completed.refundOwedAmount()))));
  }

  /**
   * Records an offline payment of {@code amount} (null: everything still owed): paid when the total is covered,
   * partially paid otherwise. ValidationException when {@code amount} exceeds what is owed; IllegalTransitionException
   * unless the order is open or completed and unpaid, authorized or partially paid.
   */
  public Future<Order> markPaid(UUID tenantId, UUID id, int version, Long amount) {
    return Tenancy.inTenant(pool, tenantId, conn -> lock(conn, tenantId, id, version)
        .compose(order -> {
          OrderTransitions.require(Action.MARK_PAID, order.state());
          long owed = order.totalAmount() - order.paidAmount();
          long paying = amount == null ? owed : amount;
          if (paying > owed) {
            throw new ValidationException("amount", "must not exceed the " + owed + " still owed");
          }
          long paid = order.paidAmount() + paying;
          String target = paid >= order.totalAmount() ? OrderTransitions.PAID : OrderTransitions.PARTIALLY_PAID;
          OrderState next = target.equals(order.paymentStatus()) ? order.state()
              : OrderTransitions.move(Action.MARK_PAID.slug(), order.state(), null, target, null);
          return orders.update(conn, tenantId, with(order, next, paid, order.refundOwedAmount(), order.cancelReason()))
              .compose(updated -> complete(conn, tenantId, updated))
              .compose(updated -> statusChanged(conn, tenantId, order, updated, "payment", new JsonObject()
                  .put("amount", paying).put("method", "offline").put("paid_amount", paid)));
        }));
  }

  /**
   * The order, row-locked in the caller's transaction until it ends: the payment slice reads what is owed under this
   * lock before it takes a payment. NotFoundException for an unknown id (another tenant's included).
   */
  public Future<Order> lockForPayment(SqlConnection conn, UUID tenantId, UUID id) {
    return orders.lock(conn, tenantId, id)
        .compose(found -> found.isPresent() ? Future.succeededFuture(found.get()) : Future.failedFuture(notFound(id)));
  }

  /**
   * Applies a movement of a provider payment to the order in the caller's transaction (the payment slice's, so the
   * payment, its ledger lines and the order change commit together): {@code payment_status} moves through
   * {@link OrderTransitions} (authorized; partially paid or paid as captures add up to the total; voided; partially
   * refunded or refunded as refunds take {@code paid_amount} back down), a history row is appended and
   * {@code order.status_changed} (or {@code order.updated} when no status moved, e.g. a dispute flag) is written.
   * IllegalTransitionException when the table does not allow the move.
   */
  public Future<Order> applyPayment(SqlConnection conn, UUID tenantId, UUID id, PaymentMovement movement) {
    return lockForPayment(conn, tenantId, id)
        .compose(order -> {
          long paid = order.paidAmount();
          long owed = order.refundOwedAmount();
          String target = null;
          switch (movement.kind()) {
            case AUTHORIZED -> target = order.paymentStatus().equals(OrderTransitions.UNPAID)
                ? OrderTransitions.AUTHORIZED : null;
            case CAPTURED -> {
              paid += movement.amount();
              // a capture that lands after the order was cancelled (it was in flight) is owed back at once
              owed += order.status().equals(OrderTransitions.CANCELLED) ? movement.amount() : 0;
              target = paid >= order.totalAmount() ? OrderTransitions.PAID : OrderTransitions.PARTIALLY_PAID;
            }
            case VOIDED -> target = order.paymentStatus().equals(OrderTransitions.AUTHORIZED)
                ? OrderTransitions.VOIDED : null;
            case REFUNDED -> {
              paid = Math.max(0, paid - movement.amount());
              owed = Math.max(0, owed - movement.amount());
              target = paid == 0 ? OrderTransitions.REFUNDED : OrderTransitions.PARTIALLY_REFUNDED;
            }
            case DISPUTE_OPENED, DISPUTE_CLOSED -> target = null;
          }
          boolean moves = target != null && !(target.equals(order.paymentStatus())
              && !OrderTransitions.PAYMENT.getOrDefault(target, Set.of()).contains(target));
          OrderState next = moves
              ? OrderTransitions.move("payment", order.state(), null, target, null) : order.state();
          JsonObject details = new JsonObject().put("movement", movement.kind().slug())
              .put("payment_id", movement.paymentId().toString()).put("amount", movement.amount())
              .put("paid_amount", paid);
          if (movement.detail() != null) {
            details.put("detail", movement.detail());
          }
          return orders.update(conn, tenantId, with(order, next, paid, owed, order.cancelReason()))
              .compose(updated -> complete(conn, tenantId, updated))
              .compose(updated -> statusChanged(conn, tenantId, order, updated,
                  movement.kind().name().startsWith("DISPUTE") ? "dispute" : "payment", details));
        });
  }

  /**
   * Fulfils line quantities from a location: commits their held stock through the inventory ledger, records the
   * fulfilment (carrier, tracking number), moves the fulfilment status and completes the order once every line is
   * fulfilled or cancelled; writes {@code fulfillment.created} and {@code order.status_changed}. ValidationException
   * for an unknown line, a quantity above what is left, a line held at another location or nothing left there;
   * IllegalTransitionException unless the order is open and not fully fulfilled.
   */
  public Future<Fulfillment> fulfil(UUID tenantId, UUID id, int version, FulfillmentInput input) {
    return Tenancy.inTenant(pool, tenantId, conn -> lock(conn, tenantId, id, version)
        .compose(order -> complete(conn, tenantId, order))
        .compose(order -> {
          OrderTransitions.require(Action.FULFIL, order.state());
          List<Fulfillment.Line> chosen = chooseFulfilled(order, input);
          Map<UUID, OrderLine> byId = new HashMap<>();
          order.lines().forEach(l -> byId.put(l.id(), l));
          List<ReservationLine> commits = chosen.stream()
              .map(l -> new ReservationLine(byId.get(l.orderLineId()).variantId(), input.locationId(), l.quantity()))
              .toList();
          Map<UUID, Integer> left = new HashMap<>();
          order.lines().forEach(l -> left.put(l.id(), l.remaining()));
          chosen.forEach(l -> left.merge(l.orderLineId(), -l.quantity(), Integer::sum));
          boolean done = left.values().stream().allMatch(n -> n == 0);
          OrderState next = OrderTransitions.move(Action.FULFIL.slug(), order.state(),
              done ? OrderTransitions.COMPLETED : null, null,
              done ? OrderTransitions.FULFILLED : OrderTransitions.PARTIALLY_FULFILLED);
          Fulfillment fulfillment = new Fulfillment(Uuids.v7(), id, input.locationId(), input.carrier(),
              input.trackingNumber(), null, chosen);
          Future<?> progress = inventory.commitPartIn(conn, tenantId, order.reservationId(), commits);
          for (Fulfillment.Line line : chosen) {
            progress = progress.compose(v -> orders.addLineProgress(conn, tenantId, line.orderLineId(), line.quantity(), 0));
          }
          return progress
              .compose(v -> orders.insertFulfillment(conn, tenantId, fulfillment))
              .compose(created -> orders.update(conn, tenantId, with(order, next, order.paidAmount(),
                      order.refundOwedAmount(), order.cancelReason()))
                  .compose(updated -> complete(conn, tenantId, updated))
                  .compose(updated -> emit(conn, tenantId, CommerceEvents.FULFILLMENT_CREATED, updated,
                          created.toJson().put("order_number", updated.number())
                              .put("fulfillment_status", updated.fulfillmentStatus()))
                      .compose(o -> statusChanged(conn, tenantId, order, updated, "fulfillment", created.toJson())))
                  .map(created));
        }));
  }

  private static List<Fulfillment.Line> chooseFulfilled(Order order, FulfillmentInput input) {
    Map<UUID, OrderLine> byId = new HashMap<>();
    order.lines().forEach(l -> byId.put(l.id(), l));
    List<FieldError> errors = new ArrayList<>();
    List<Fulfillment.Line> chosen = new ArrayList<>();
    if (input.lines() == null) {
      for (OrderLine line : order.lines()) {
        if (line.remaining() > 0 && input.locationId().equals(line.locationId())) {
          chosen.add(new Fulfillment.Line(line.id(), line.remaining()));
        }
      }
      if (chosen.isEmpty()) {
        errors.add(new FieldError("location_id", "has nothing left to fulfil of this order"));
      }
    } else {
      for (int i = 0; i < input.lines().size(); i++) {
        Fulfillment.Line wanted = input.lines().get(i);
        OrderLine line = byId.get(wanted.orderLineId());
        if (line == null) {
          errors.add(new FieldError("lines[" + i + "].line_id", "is not a line of this order"));
        } else if (wanted.quantity() > line.remaining()) {
          errors.add(new FieldError("lines[" + i + "].quantity", "must not exceed the " + line.remaining() + " left"));
        } else if (!input.locationId().equals(line.locationId())) {
          errors.add(new FieldError("lines[" + i + "].line_id", "is held at location " + line.locationId()));
        } else {
          chosen.add(wanted);
        }
      }
    }
    if (!errors.isEmpty()) {
      throw new ValidationException("The fulfilment does not fit the order", errors);
    }
    return chosen;
  }

  // ---- the shared machinery

  /** Priced lines, their totals and the shipping method's name. */
  private record Priced(List<LinePricer.Line> lines, Totals totals, boolean baseIncludesTax, String shippingName) {}

  /** Where an order's lines are held: the reservation and each variant's location. */
  private record Holding(UUID reservationId, Map<UUID, UUID> locations) {
    static final Holding NONE = new Holding(null, Map.of());
  }

  /** {@code placing}: the order is being placed (a new id: it has redeemed no promotion yet). */
  private Future<Priced> price(SqlConnection conn, UUID tenantId, String currency, UUID locationId, String group,
                               boolean exempt, UUID customerId, PostalAddress ship, UUID methodId,
                               List<LineRequest> requests, UUID cartId, UUID orderId, boolean placing) {
    // the discount step's reads that do not depend on the lines go out with the lines' own reads (variants with their
    // base prices, best price-list entries, the tenant's tax inclusion, read once): one round trip for all of them
    Function<DiscountPolicy.Basket, Future<Discounts>> discounting = totals.early(conn, tenantId, cartId, orderId, placing);
    return pricer.priceWithBase(conn, tenantId, currency, locationId, group, requests)
        .compose(pricedLines -> {
          List<LinePricer.Line> lines = pricedLines.lines();
          boolean baseIncludesTax = pricedLines.baseIncludesTax();
          String[] methodName = new String[1];
          TotalsPipeline.Basket basket = new TotalsPipeline.Basket(currency, customerId, group, exempt, ship,
              lines.stream().map(LinePricer.Line::priced).toList(), cartId, orderId, placing);
          return totals.run(conn, tenantId, basket, shippingStep(tenantId, methodId, ship, baseIncludesTax, methodName),
                  discounting)
              .map(t -> new Priced(lines, t, baseIncludesTax, methodName[0]));
        })
        .recover(err -> err instanceof ArithmeticException
            ? Future.failedFuture(new ValidationException("lines", "the order's amounts exceed what can be represented"))
            : Future.failedFuture(err));
  }

  /** The pipeline's shipping step: no method → nothing shipped; a method must be offered for the address and goods. */
  private BiFunction<SqlConnection, TotalsPipeline.Goods, Future<Optional<ShippingCharge>>> shippingStep(
      UUID tenantId, UUID methodId, PostalAddress address, boolean taxIncluded, String[] name) {
    return (conn, goods) -> {
      if (methodId == null) {
        return Future.succeededFuture(Optional.empty());
      }
      if (address == null) {
        return Future.failedFuture(new ValidationException("shipping_address", "is required with a shipping method"));
      }
      return shipping.optionsIn(conn, tenantId, address, goods.currency(), goods.weightGrams(), goods.amount())
          .compose(options -> options.stream().filter(o -> o.methodId().equals(methodId)).findFirst()
              .map(o -> {
                name[0] = o.name();
                return Future.succeededFuture(Optional.of(new ShippingCharge(o.methodId(), o.name(), o.amount(), taxIncluded)));
              })
              .orElseGet(() -> Future.failedFuture(new ValidationException("shipping_method_id",
                  "is not offered for this address, currency and goods"))));
    };
  }

  /** Plans the locations and holds every line's stock until released (all or none). */
  private Future<Holding> hold(SqlConnection conn, UUID tenantId, UUID orderId, UUID locationId, List<LineRequest> lines,
                               Future<Map<UUID, UUID>> plan, InventoryService inventory) {
    return plan
        .compose(locations -> inventory.reserve(conn, tenantId, new ReservationRequest("order:" + orderId,
                ReservationRequest.UNTIL_RELEASED_SECONDS, lines.stream()
                    .map(l -> new ReservationLine(l.variantId(), locations.get(l.variantId()), l.quantity())).toList(),
                locationId == null ? Map.of() : Map.of("location_id", locationId)))
            .map(reservation -> new Holding(reservation.id(), locations)))
        .recover(OrderService::outOfStock);
  }

  private static <T> Future<T> outOfStock(Throwable err) {
    return Future.failedFuture(err instanceof InsufficientStockException short_
        ? new OutOfStockException(short_.detail()) : err);
  }

  /**
   * Prices {@code requests} again and makes the order match them: for an order that holds stock (open, or becoming
   * open) the difference per variant and location is held or given back in one inventory change; lines are replaced
   * (a variant kept keeps its line id); money, addresses and method are written.
   */
  private Future<Order> rebuild(SqlConnection conn, UUID tenantId, Order order, List<LineRequest> requests,
                                PostalAddress ship, PostalAddress bill, UUID methodId, String email, String note,
                                String status) {
    return price(conn, tenantId, order.currency(), order.locationId(), order.customerGroup(), order.taxExempt(),
            order.customerId(), ship, methodId, requests, order.cartId(), order.id(), false)
        .compose(priced -> holdFor(conn, tenantId, order, requests, status)
            .compose(holding -> {
              Map<UUID, UUID> keptIds = new HashMap<>();
              order.lines().forEach(l -> keptIds.put(l.variantId(), l.id()));
              List<OrderLine> lines = lines(priced, holding.locations(), keptIds);
              Order changed = new Order(order.id(), order.number(), order.source(), status, order.paymentStatus(),
                  order.fulfillmentStatus(), order.customerId(), order.cartId(), email, order.currency(),
                  order.locationId(), holding.reservationId(), order.customerGroup(), order.taxExempt(),
                  priced.baseIncludesTax(), ship, bill, methodId, priced.shippingName(), 0, 0, new JsonArray(), 0, 0, 0,
                  0, order.paidAmount(), order.refundOwedAmount(), note, order.cancelReason(), order.version(),
                  order.createdAt(), order.updatedAt(), null, null, lines, List.of(), order.discounts());
              return orders.deleteLines(conn, tenantId, order.id())
                  .compose(v -> orders.insertLines(conn, tenantId, order.id(), lines))
                  .compose(v -> orders.update(conn, tenantId, withMoney(changed, priced.totals())))
                  .compose(updated -> complete(conn, tenantId, updated));
            }));
  }

  /** The holding after a change: none for a draft; a new hold when opening; the difference for an open order. */
  private Future<Holding> holdFor(SqlConnection conn, UUID tenantId, Order order, List<LineRequest> requests,
                                  String status) {
    if (status.equals(OrderTransitions.DRAFT)) {
      return Future.succeededFuture(Holding.NONE);
    }
    if (order.status().equals(OrderTransitions.DRAFT)) {
      return hold(conn, tenantId, order.id(), order.locationId(), requests,
          planner.plan(conn, tenantId, order.locationId(), requests), inventory);
    }
    Map<UUID, UUID> locations = new LinkedHashMap<>();
    order.lines().forEach(l -> locations.put(l.variantId(), l.locationId()));
    List<LineRequest> added = requests.stream().filter(r -> !locations.containsKey(r.variantId())).toList();
    Future<Map<UUID, UUID>> planned = added.isEmpty() ? Future.succeededFuture(Map.of())
        : planner.plan(conn, tenantId, order.locationId(), added);
    return planned.compose(newLocations -> {
      locations.putAll(newLocations);
      List<ReservationLine> deltas = new ArrayList<>();
      for (OrderLine old : order.lines()) {
        deltas.add(new ReservationLine(old.variantId(), old.locationId(), -old.quantity()));
      }
      Set<UUID> wanted = new java.util.HashSet<>();
      for (LineRequest r : requests) {
        wanted.add(r.variantId());
        deltas.add(new ReservationLine(r.variantId(), locations.get(r.variantId()), r.quantity()));
      }
      locations.keySet().retainAll(wanted);
      return inventory.adjustHoldIn(conn, tenantId, order.reservationId(), deltas)
          .map(reservation -> new Holding(order.reservationId(), locations));
    }).recover(OrderService::outOfStock);
  }

  private static List<OrderLine> lines(Priced priced, Map<UUID, UUID> locations, Map<UUID, UUID> keptIds) {
    List<OrderLine> lines = new ArrayList<>();
    int position = 0;
    for (LinePricer.Line line : priced.lines()) {
      Totals.LineTotals money = priced.totals().line(line.variant().id().toString());
      lines.add(new OrderLine(keptIds.getOrDefault(line.variant().id(), Uuids.v7()), position++, line.variant().id(),
          line.variant().productId(), line.variant().sku(), line.variant().title(), locations.get(line.variant().id()),
          line.request().quantity(), 0, 0, line.variant().weightGrams(), line.variant().taxCategory(),
          money.unitAmount(), money.taxIncluded(), money.subtotal(), money.discount(), money.tax(), money.total(),
          line.rule(), money.taxLines().toJson()));
    }
    return lines;
  }

  private static Order withMoney(Order o, Totals t) {
    Totals.ShippingTotals s = t.shipping();
    return new Order(o.id(), o.number(), o.source(), o.status(), o.paymentStatus(), o.fulfillmentStatus(),
        o.customerId(), o.cartId(), o.email(), o.currency(), o.locationId(), o.reservationId(), o.customerGroup(),
        o.taxExempt(), o.pricesIncludeTax(), o.shippingAddress(), o.billingAddress(), o.shippingMethodId(),
        o.shippingMethodName(), s == null ? 0 : s.amount(), s == null ? 0 : s.tax(),
        s == null ? new JsonArray() : s.taxLines().toJson(), t.subtotal(), t.discount(), t.tax(), t.total(),
        o.paidAmount(), o.refundOwedAmount(), o.note(), o.cancelReason(), o.version(), o.createdAt(), o.updatedAt(),
        o.cancelledAt(), o.completedAt(), o.lines(), o.fulfillments(), t.discounts().toJson());
  }

  private static Order with(Order o, OrderState s, long paid, long refundOwed, String cancelReason) {
    return new Order(o.id(), o.number(), o.source(), s.status(), s.paymentStatus(), s.fulfillmentStatus(),
        o.customerId(), o.cartId(), o.email(), o.currency(), o.locationId(), o.reservationId(), o.customerGroup(),
        o.taxExempt(), o.pricesIncludeTax(), o.shippingAddress(), o.billingAddress(), o.shippingMethodId(),
        o.shippingMethodName(), o.shippingAmount(), o.shippingTaxAmount(), o.shippingTaxLines(), o.subtotalAmount(),
        o.discountAmount(), o.taxAmount(), o.totalAmount(), paid, refundOwed, o.note(), cancelReason, o.version(),
        o.createdAt(), o.updatedAt(), o.cancelledAt(), o.completedAt(), o.lines(), o.fulfillments(), o.discounts());
  }

  private static UUID orderLocation(UUID asked, Holding holding) {
    if (asked != null) {
      return asked;
    }
    List<UUID> distinct = holding.locations().values().stream().filter(Objects::nonNull).distinct().toList();
    return distinct.size() == 1 ? distinct.get(0) : null;
  }

  private static List<LineRequest> requests(Order order) {
    return order.lines().stream()
        .map(l -> new LineRequest(l.variantId(), l.quantity(), "lines[" + l.position() + "]"))
        .toList();
  }

  private Future<Optional<Customer>> customer(SqlConnection conn, UUID tenantId, UUID customerId) {
    if (customerId == null) {
      return Future.succeededFuture(Optional.empty());
    }
    return customers.find(conn, tenantId, customerId)
        .compose(found -> found.isEmpty()
            ? Future.failedFuture(new ValidationException("customer_id", "is not a customer of this store"))
            : found.get().erased()
                ? Future.failedFuture(new ValidationException("customer_id", "is erased"))
                : customers.addresses(conn, tenantId, customerId).map(a -> Optional.of(found.get().withAddresses(a))));
  }

  /** Locks the order; NotFoundException when unknown, PreconditionFailedException when {@code version} is stale. */
  private Future<Order> lock(SqlConnection conn, UUID tenantId, UUID id, int version) {
    return orders.lock(conn, tenantId, id)
        .compose(found -> {
          if (found.isEmpty()) {
            return Future.failedFuture(notFound(id));
          }
          if (version != ANY_VERSION && found.get().version() != version) {
            return Future.failedFuture(new PreconditionFailedException("order " + id + " is at version "
                + found.get().version() + ", not " + version));
          }
          return orders.lines(conn, tenantId, List.of(id))
              .map(lines -> found.get().with(lines.getOrDefault(id, List.of()), List.of()));
        });
  }

  /** The order with its current lines and fulfilments. */
  private Future<Order> complete(SqlConnection conn, UUID tenantId, Order order) {
    Future<Map<UUID, List<OrderLine>>> lines = orders.lines(conn, tenantId, List.of(order.id()));
    Future<List<Fulfillment>> fulfillments = orders.fulfillments(conn, tenantId, order.id());
    return Future.all(lines, fulfillments)
        .map(all -> order.with(lines.result().getOrDefault(order.id(), List.of()), fulfillments.result()));
  }

  private Future<Order> statusChanged(SqlConnection conn, UUID tenantId, Order before, Order after, String kind,
                                      JsonObject details) {
    JsonObject change = new JsonObject()
        .put("order_id", after.id().toString())
        .put("number", after.number())
        .put("old_status", before.status()).put("new_status", after.status())
        .put("old_payment_status", before.paymentStatus()).put("new_payment_status", after.paymentStatus())
        .put("old_fulfillment_status", before.fulfillmentStatus()).put("new_fulfillment_status", after.fulfillmentStatus());
    return history(conn, tenantId, after.id(), kind, change.copy().mergeIn(details))
        .compose(v -> before.state().equals(after.state())
            ? emit(conn, tenantId, CommerceEvents.ORDER_UPDATED, after, after.toJson().put("changed", new JsonArray().add(kind)))
            : emit(conn, tenantId, CommerceEvents.ORDER_STATUS_CHANGED, after, change
                .put("version", after.version()).put("totals", after.toJson().getJsonObject("totals"))));
  }

  private Future<Void> history(SqlConnection conn, UUID tenantId, UUID orderId, String kind, JsonObject changes) {
    AuditActor actor = AuditActor.current();
    return orders.insertHistory(conn, tenantId, orderId, kind, changes, actor == null ? "system" : actor.actorType(),
        actor == null ? null : actor.actorId());
  }

  private Future<Order> emit(SqlConnection conn, UUID tenantId, String type, Order order, JsonObject payload) {
    return events.write(conn, EventEnvelope.of(type, tenantId, "order", order.id().toString(), null, payload)).map(order);
  }

  private static NotFoundException notFound(UUID id) {
    return new NotFoundException("order " + id + " not found");
  }
}
