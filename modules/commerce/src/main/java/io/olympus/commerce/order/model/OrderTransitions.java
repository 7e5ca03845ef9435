package io.olympus.commerce.order.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The one place that says how an order's three statuses may move and which actions each state allows.
 *
 * <pre>
 * status:             draft → open | cancelled;  open → completed | cancelled;  completed, cancelled: final
 * payment_status:     unpaid → authorized | partially_paid | paid | voided;  authorized → partially_paid | paid | voided;
 *                     partially_paid → paid | partially_refunded | refunded;  paid → partially_refunded | refunded;
 *                     partially_refunded → partially_refunded | refunded;  refunded: final;
 *                     voided → partially_paid | paid (only a capture already in flight when a cancellation voided
 *                     the order's authorization lands there; the cancellation's refund gives it back)
 * fulfillment_status: unfulfilled → partially_fulfilled | fulfilled;
 *                     partially_fulfilled → partially_fulfilled | fulfilled;  fulfilled: final
 * </pre>
 *
 * Guards of the actions: {@code open} a draft; {@code modify} a draft or open order with nothing fulfilled;
 * {@code cancel} a draft or open order with nothing fulfilled (open → cancelled), or an open partially fulfilled one
 * (the rest is cancelled: open → completed, the fulfilment status stays partially_fulfilled); {@code mark_paid} an
 * open or completed order that is unpaid, authorized or partially paid;
 * {@code fulfil} an open order not yet fully fulfilled. An order completes (open → completed) when every line is
 * fulfilled or cancelled. Anything else fails with {@link IllegalTransitionException}.
 */
public final class OrderTransitions {

  public static final String DRAFT = "draft";
  public static final String OPEN = "open";
  public static final String COMPLETED = "completed";
  public static final String CANCELLED = "cancelled";

  public static final String UNPAID = "unpaid";
  public static final String AUTHORIZED = "authorized";
  public static final String PARTIALLY_PAID = "partially_paid";
  public static final String PAID = "paid";
  public static final String PARTIALLY_REFUNDED = "partially_refunded";
  public static final String REFUNDED = "refunded";
  public static final String VOIDED = "voided";

  public static final String UNFULFILLED = "unfulfilled";
  public static final String PARTIALLY_FULFILLED = "partially_fulfilled";
  public static final String FULFILLED = "fulfilled";

  public static final Map<String, Set<String>> STATUS = ordered(
      DRAFT, Set.of(OPEN, CANCELLED),
      OPEN, Set.of(COMPLETED, CANCELLED),
      COMPLETED, Set.of(),
      CANCELLED, Set.of());

  public static final Map<String, Set<String>> PAYMENT = ordered(
      UNPAID, Set.of(AUTHORIZED, PARTIALLY_PAID, PAID, VOIDED),
      AUTHORIZED, Set.of(PARTIALLY_PAID, PAID, VOIDED),
      PARTIALLY_PAID, Set.of(PAID, PARTIALLY_REFUNDED, REFUNDED),
      PAID, Set.of(PARTIALLY_REFUNDED, REFUNDED),
      PARTIALLY_REFUNDED, Set.of(PARTIALLY_REFUNDED, REFUNDED),
      REFUNDED, Set.of(),
      VOIDED, Set.of(PARTIALLY_PAID, PAID));

  public static final Map<String, Set<String>> FULFILLMENT = ordered(
      UNFULFILLED, Set.of(PARTIALLY_FULFILLED, FULFILLED),
      PARTIALLY_FULFILLED, Set.of(PARTIALLY_FULFILLED, FULFILLED),
      FULFILLED, Set.of());

  /** What a caller may do to an order, each with its guard. */
  public enum Action {
    OPEN("open", s -> s.status().equals(DRAFT)),
    MODIFY("modify", s -> (s.status().equals(DRAFT) || s.status().equals(OrderTransitions.OPEN))
        && s.fulfillmentStatus().equals(UNFULFILLED)),
    CANCEL("cancel", s -> (s.status().equals(DRAFT) || s.status().equals(OrderTransitions.OPEN))
        && s.fulfillmentStatus().equals(UNFULFILLED)
        || s.status().equals(OrderTransitions.OPEN) && s.fulfillmentStatus().equals(PARTIALLY_FULFILLED)),
    MARK_PAID("mark_paid", s -> (s.status().equals(OrderTransitions.OPEN) || s.status().equals(COMPLETED))
        && Set.of(UNPAID, AUTHORIZED, PARTIALLY_PAID).contains(s.paymentStatus())),
    FULFIL("fulfil", s -> s.status().equals(OrderTransitions.OPEN) && !s.fulfillmentStatus().equals(FULFILLED));

    private final String slug;
    private final Predicate<OrderState> guard;

    Action(String slug, Predicate<OrderState> guard) {
      this.slug = slug;
      this.guard = guard;
    }

    public String slug() {
      return slug;
    }

    public boolean allowedIn(OrderState state) {
      return guard.test(state);
    }
  }

  private OrderTransitions() {}

  /** Passes when {@code action} is allowed in {@code state}; IllegalTransitionException naming the state otherwise. */
  public static void require(Action action, OrderState state) {
    if (!action.allowedIn(state)) {
      throw refusal(action.slug(), state, "cannot " + action.slug().replace('_', ' ') + " an order that is "
          + describe(state));
    }
  }

  /** The actions {@code state} allows, in declaration order. */
  public static List<String> allowedActions(OrderState state) {
    List<String> allowed = new ArrayList<>();
    for (Action action : Action.values()) {
      if (action.allowedIn(state)) {
        allowed.add(action.slug());
      }
    }
    return allowed;
  }

  /**
   * The state after moving each status to its target (null: unchanged); IllegalTransitionException when a move is
   * not in the table. Moving a status to itself is allowed only where the table says so.
   */
  public static OrderState move(String action, OrderState from, String status, String payment, String fulfillment) {
    check(action, from, "status", STATUS, from.status(), status);
    check(action, from, "payment_status", PAYMENT, from.paymentStatus(), payment);
    check(action, from, "fulfillment_status", FULFILLMENT, from.fulfillmentStatus(), fulfillment);
    return new OrderState(status == null ? from.status() : status, payment == null ? from.paymentStatus() : payment,
        fulfillment == null ? from.fulfillmentStatus() : fulfillment);
  }

  private static void check(String action, OrderState from, String axis, Map<String, Set<String>> table, String current,
                            String target) {
    if (target != null && !table.getOrDefault(current, Set.of()).contains(target)) {
      throw refusal(action, from, axis + " cannot move from " + current + " to " + target);
    }
  }

  private static IllegalTransitionException refusal(String action, OrderState state, String detail) {
    JsonObject transitions = new JsonObject()
        .put("status", sorted(STATUS.get(state.status())))
        .put("payment_status", sorted(PAYMENT.get(state.paymentStatus())))
        .put("fulfillment_status", sorted(FULFILLMENT.get(state.fulfillmentStatus())));
    List<String> allowed = allowedActions(state);
    return new IllegalTransitionException(detail + "; allowed actions: "
        + (allowed.isEmpty() ? "none" : String.join(", ", allowed)), action, state, allowed, transitions);
  }

  private static String describe(OrderState s) {
    return s.status() + " (payment " + s.paymentStatus() + ", fulfillment " + s.fulfillmentStatus() + ")";
  }

  private static JsonArray sorted(Set<String> values) {
    return new JsonArray(values == null ? List.of() : values.stream().sorted().toList());
  }

  private static Map<String, Set<String>> ordered(Object... pairs) {
    Map<String, Set<String>> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      @SuppressWarnings("unchecked")
      Set<String> targets = (Set<String>) pairs[i + 1];
      map.put((String) pairs[i], targets);
    }
    return java.util.Collections.unmodifiableMap(map);
  }
}
