package io.olympus.common.error;

import java.util.List;

/** Bad input (400): names every invalid field. */
public final class ValidationException extends ApiException {

  public ValidationException(String detail, List<FieldError> errors) {
    super(400, "validation", "Invalid request", detail, errors);
  }

  public ValidationException(String field, String message) {
    this("Request validation failed", List.of(new FieldError(field, message)));
  }
}
