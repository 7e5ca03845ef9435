package io.olympus.commerce.order.model;

import io.olympus.common.error.ApiException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Conflict (409, type {@code invalid-transition}): the order's state does not allow the change. The problem names
 * the current state ({@code current}: the three statuses), the {@code action} refused, the actions the state allows
 * ({@code allowed_actions}) and the statuses each status may move to from here ({@code allowed_transitions}).
 */
public final class IllegalTransitionException extends ApiException {

  private final JsonObject extensions;

  public IllegalTransitionException(String detail, String action, OrderState current, List<String> allowedActions,
                                    JsonObject allowedTransitions) {
    super(409, "invalid-transition", "Invalid state transition", detail);
    this.extensions = new JsonObject()
        .put("action", action)
        .put("current", current.toJson())
        .put("allowed_actions", new JsonArray(allowedActions))
        .put("allowed_transitions", allowedTransitions);
  }

  @Override
  public JsonObject extensions() {
    return extensions.copy();
  }
}
