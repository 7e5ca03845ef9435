package io.olympus.common.error;

/** Too many requests (429); {@code retryAfterSeconds} becomes the {@code Retry-After} header. */
public final class RateLimitedException extends ApiException {

  private final long retryAfterSeconds;

  public RateLimitedException(String detail, long retryAfterSeconds) {
    super(429, "rate-limited", "Too Many Requests", detail);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
