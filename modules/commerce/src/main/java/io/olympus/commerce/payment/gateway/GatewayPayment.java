package io.olympus.commerce.payment.gateway;

import io.olympus.commerce.support.Money;

/**
 * A provider's answer about one payment. {@code authorized} and {@code captured} are totals so far (captured may be
 * zero); {@code fee} is the provider's fee when it reports one, else null; {@code declineCode} and
 * {@code declineMessage} are set for {@link GatewayStatus#DECLINED} (e.g. {@code insufficient_funds}).
 */
public record GatewayPayment(String providerPaymentId, String reference, GatewayStatus status, Money authorized,
                             Money captured, Money fee, String declineCode, String declineMessage) {
}
