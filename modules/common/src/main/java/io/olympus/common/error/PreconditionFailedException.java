package io.olympus.common.error;

/** A write based on a stale version (412): the resource changed since the client read it. */
public final class PreconditionFailedException extends ApiException {

  public PreconditionFailedException(String detail) {
    super(412, "precondition-failed", "Precondition Failed", detail);
  }
}
