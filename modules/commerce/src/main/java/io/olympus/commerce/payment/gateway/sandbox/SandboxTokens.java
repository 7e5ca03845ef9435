package io.olympus.commerce.payment.gateway.sandbox;

/**
 * The sandbox's deterministic test tokens (send one as {@code token} or {@code payment_method}). Any other value is
 * accepted as a working card, like {@link #SUCCESS}. None of them is a card number.
 */
public final class SandboxTokens {

  /** Authorized, and captured when the capture is automatic. */
  public static final String SUCCESS = "tok_sandbox_success";
  /** Declined by the issuer: {@code insufficient_funds}. */
  public static final String DECLINED = "tok_sandbox_declined";
  /** Authorized only, whatever the capture mode: the payment needs a later capture. */
  public static final String AUTHORIZE_ONLY = "tok_sandbox_authorize_only";
  /** Answered as pending (processing); the sandbox settles it (authorized or captured) a few seconds later. */
  public static final String PENDING = "tok_sandbox_pending";
  /** Never answers in time: every call fails as a timeout (transient), and the sandbox keeps no record of it. */
  public static final String TIMEOUT = "tok_sandbox_timeout";
  /** The first attempt of each payment fails as a transient error, the retry succeeds. */
  public static final String FLAKY = "tok_sandbox_flaky";
  /** Captured, then a dispute (chargeback) is opened a few seconds later through the webhook path. */
  public static final String DISPUTE = "tok_sandbox_dispute";
  /** Evidence whose {@code uncategorized_text} holds this wins the dispute; any other loses it. */
  public static final String WINNING_EVIDENCE = "winning_evidence";

  private SandboxTokens() {}
}
