package io.olympus.common.error;

/** Service Unavailable (503); a positive {@code retryAfterSeconds} becomes the {@code Retry-After} header. */
public final class UnavailableException extends ApiException {

  private final long retryAfterSeconds;

  public UnavailableException(String detail) {
    this(detail, 0);
  }

  public UnavailableException(String detail, long retryAfterSeconds) {
    super(503, "unavailable", "Service Unavailable", detail);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Seconds the client should wait before retrying; 0 when there is no hint. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
