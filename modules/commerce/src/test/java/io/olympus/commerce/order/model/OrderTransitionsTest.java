package io.olympus.commerce.order.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.olympus.commerce.order.model.OrderTransitions.Action;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OrderTransitionsTest {

  @Test
  void shouldRefuseEveryMoveOutsideTheTableOnEveryAxis() {
    for (Map.Entry<String, Set<String>> from : OrderTransitions.STATUS.entrySet()) {
      OrderState state = new OrderState(from.getKey(), OrderTransitions.UNPAID, OrderTransitions.UNFULFILLED);
      for (String to : OrderTransitions.STATUS.keySet()) {
        if (from.getValue().contains(to)) {
          assertThat(OrderTransitions.move("test", state, to, null, null).status()).isEqualTo(to);
        } else {
          IllegalTransitionException err = catchThrowableOfType(IllegalTransitionException.class,
              () -> OrderTransitions.move("test", state, to, null, null));
          assertThat(err.status()).isEqualTo(409);
          assertThat(err.extensions().getJsonObject("current").getString("status")).isEqualTo(from.getKey());
          assertThat(err.extensions().getJsonObject("allowed_transitions").getJsonArray("status").getList())
              .containsExactlyInAnyOrderElementsOf(from.getValue());
        }
      }
    }
    for (Map.Entry<String, Set<String>> from : OrderTransitions.PAYMENT.entrySet()) {
      OrderState state = new OrderState(OrderTransitions.OPEN, from.getKey(), OrderTransitions.UNFULFILLED);
      for (String to : OrderTransitions.PAYMENT.keySet()) {
        if (!from.getValue().contains(to)) {
          assertThatThrownBy(() -> OrderTransitions.move("test", state, null, to, null))
              .isInstanceOf(IllegalTransitionException.class);
        }
      }
    }
    for (Map.Entry<String, Set<String>> from : OrderTransitions.FULFILLMENT.entrySet()) {
      OrderState state = new OrderState(OrderTransitions.OPEN, OrderTransitions.UNPAID, from.getKey());
      for (String to : OrderTransitions.FULFILLMENT.keySet()) {
        if (!from.getValue().contains(to)) {
          assertThatThrownBy(() -> OrderTransitions.move("test", state, null, null, to))
              .isInstanceOf(IllegalTransitionException.class);
        }
      }
    }
  }

  @Test
  void shouldAllowEachActionOnlyInTheStatesItsGuardNames() {
    int allowed = 0;
    int refused = 0;
    for (String status : OrderTransitions.STATUS.keySet()) {
      for (String payment : OrderTransitions.PAYMENT.keySet()) {
        for (String fulfillment : OrderTransitions.FULFILLMENT.keySet()) {
          OrderState state = new OrderState(status, payment, fulfillment);
          for (Action action : Action.values()) {
            boolean expected = switch (action) {
              case OPEN -> status.equals("draft");
              case MODIFY -> Set.of("draft", "open").contains(status) && fulfillment.equals("unfulfilled");
              case CANCEL -> Set.of("draft", "open").contains(status) && fulfillment.equals("unfulfilled")
                  || status.equals("open") && fulfillment.equals("partially_fulfilled");
              case MARK_PAID -> Set.of("open", "completed").contains(status)
                  && Set.of("unpaid", "authorized", "partially_paid").contains(payment);
              case FULFIL -> status.equals("open") && !fulfillment.equals("fulfilled");
            };
            if (expected) {
              OrderTransitions.require(action, state);
              allowed++;
            } else {
              IllegalTransitionException err = catchThrowableOfType(IllegalTransitionException.class,
                  () -> OrderTransitions.require(action, state));
              assertThat(err.extensions().getString("action")).isEqualTo(action.slug());
              assertThat(err.extensions().getJsonArray("allowed_actions").getList())
                  .isEqualTo(OrderTransitions.allowedActions(state)).doesNotContain(action.slug());
              refused++;
            }
          }
        }
      }
    }
    assertThat(allowed + refused).isEqualTo(4 * 7 * 3 * Action.values().length);
    assertThat(refused).isGreaterThan(allowed);
  }
}
