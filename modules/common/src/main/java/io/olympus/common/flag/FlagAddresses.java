package io.olympus.common.flag;

/** Event-bus addresses served by the platform for feature flags (the contract: {@link Flags}). */
public final class FlagAddresses {

  /** Evaluates every flag of a tenant for one user (wire format: {@link Flags}). */
  public static final String EVALUATE = "platform.flags.evaluate";

  private FlagAddresses() {}
}
