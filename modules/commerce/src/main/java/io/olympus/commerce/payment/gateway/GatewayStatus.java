package io.olympus.commerce.payment.gateway;

/** A provider payment's state, mapped from each provider's own vocabulary. */
public enum GatewayStatus {
  /** Accepted but not final yet (processing, requires action): ask again later. */
  PENDING,
  /** Funds held, not captured. */
  AUTHORIZED,
  /** Captured in full or in part ({@link GatewayPayment#captured()} says how much). */
  CAPTURED,
  /** The authorization was released (voided, cancelled, expired). */
  VOIDED,
  /** Refused by the provider or the issuer; never retried. */
  DECLINED
}
