/**
 * The payment provider seam: {@link io.olympus.commerce.payment.gateway.PaymentGateway} and its provider-neutral
 * requests and answers. Adapters (sandbox, Stripe, Square, PayPal) implement it; the payment service never sees a
 * provider's own shapes.
 */
package io.olympus.commerce.payment.gateway;
