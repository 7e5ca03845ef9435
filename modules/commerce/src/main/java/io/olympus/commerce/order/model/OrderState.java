package io.olympus.commerce.order.model;

import io.vertx.core.json.JsonObject;

/** The three statuses of an order at one moment. */
public record OrderState(String status, String paymentStatus, String fulfillmentStatus) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("status", status)
        .put("payment_status", paymentStatus)
        .put("fulfillment_status", fulfillmentStatus);
  }
}
