package io.olympus.common.error;

/** Service Unavailable (503). */
public final class UnavailableException extends ApiException {

  public UnavailableException(String detail) {
    super(503, "unavailable", "Service Unavailable", detail);
  }
}
