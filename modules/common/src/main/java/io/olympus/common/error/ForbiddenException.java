package io.olympus.common.error;

/** Forbidden (403). */
public final class ForbiddenException extends ApiException {

  public ForbiddenException(String detail) {
    super(403, "forbidden", "Forbidden", detail);
  }
}
