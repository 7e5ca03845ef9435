package io.olympus.common.error;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A failure with a known HTTP meaning. The router's problem handler turns it into an RFC 9457
 * problem+json answer with a stable {@code type} slug; anything else becomes a 500 with no detail.
 */
public class ApiException extends RuntimeException {

  private final int status;
  private final String type;
  private final String title;
  private final List<FieldError> errors;

  public ApiException(int status, String type, String title, String detail, List<FieldError> errors) {
    super(detail, null, false, false);
    this.status = status;
    this.type = type;
    this.title = title;
    this.errors = List.copyOf(errors);
  }

  public ApiException(int status, String type, String title, String detail) {
    this(status, type, title, detail, List.of());
  }

  public int status() {
    return status;
  }

  /** Stable slug, e.g. {@code not-found}; the problem's {@code type} URI ends with it. */
  public String type() {
    return type;
  }

  public String title() {
    return title;
  }

  public String detail() {
    return getMessage();
  }

  public List<FieldError> errors() {
    return errors;
  }

  /**
   * Extension members of the problem document (RFC 9457 section 3.2), e.g. the current state and the allowed
   * transitions of a refused state change; none by default. The member names must not be the standard ones.
   */
  public JsonObject extensions() {
    return new JsonObject();
  }
}
