package io.olympus.common.error;

/** Service Unavailable (503); a positive {@code retryAfterSeconds} becomes the {@code Retry-After} header. */
public final class UnavailableException extends ApiException {

  private final long retryAfterSeconds;

  public UnavailableException(String detail) {
    this(detail, 0);
  }

  public UnavailableException(String detail, long retryAfterSeconds) {
    this("unavailable", detail, retryAfterSeconds);
  }

  private UnavailableException(String type, String detail, long retryAfterSeconds) {
    super(503, type, "Service Unavailable", detail);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /**
   * A 503 of type {@code overloaded}: the service refused work it has no capacity for right now (an admission
   * limit), as opposed to a dependency being unavailable.
   */
  public static UnavailableException overloaded(String detail, long retryAfterSeconds) {
    return new UnavailableException("overloaded", detail, retryAfterSeconds);
  }

  /** Seconds the client should wait before retrying; 0 when there is no hint. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
