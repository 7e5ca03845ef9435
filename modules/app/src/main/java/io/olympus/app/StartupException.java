package io.olympus.app;

/** Start-up failed for a reason the operator can fix; the message names the setting or resource involved. */
public final class StartupException extends RuntimeException {

  public StartupException(String message, Throwable cause) {
    super(message, cause);
  }

  public StartupException(String message) {
    super(message);
  }
}
