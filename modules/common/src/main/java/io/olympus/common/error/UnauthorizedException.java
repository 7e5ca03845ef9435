package io.olympus.common.error;

/** Unauthorized (401). */
public final class UnauthorizedException extends ApiException {

  public UnauthorizedException(String detail) {
    super(401, "unauthorized", "Unauthorized", detail);
  }
}
