package io.olympus.common.error;

/** Precondition Failed (412): the caller's version of a resource is stale (optimistic concurrency). */
public final class PreconditionFailedException extends ApiException {

  public PreconditionFailedException(String detail) {
    super(412, "precondition-failed", "Precondition Failed", detail);
  }
}
