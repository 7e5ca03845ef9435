package io.olympus.common.error;

/** Not Found (404). */
public final class NotFoundException extends ApiException {

  public NotFoundException(String detail) {
    super(404, "not-found", "Not Found", detail);
  }
}
