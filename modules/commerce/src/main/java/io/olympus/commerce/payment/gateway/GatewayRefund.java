package io.olympus.commerce.payment.gateway;

import io.olympus.commerce.support.Money;

/** A provider's answer about one refund. */
public record GatewayRefund(String providerRefundId, String reference, Status status, Money amount,
                            String failureReason) {

  public enum Status {
    PENDING,
    SUCCEEDED,
    FAILED
  }
}
