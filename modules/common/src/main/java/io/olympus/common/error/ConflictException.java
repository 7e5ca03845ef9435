package io.olympus.common.error;

/** Conflict (409). */
public final class ConflictException extends ApiException {

  public ConflictException(String detail) {
    super(409, "conflict", "Conflict", detail);
  }
}
