package io.olympus.commerce.payment.gateway;

/**
 * A provider call that did not produce an answer about the payment. {@link Kind#TRANSIENT} (timeout, connection
 * lost, 5xx, 429) may be retried with the same idempotency key after {@code retryAfterMillis} when the provider gave
 * one (else -1); the other kinds never.
 */
public final class GatewayException extends RuntimeException {

  public enum Kind {
    /** Timeout, connection failure, 5xx, 429: retry with the same idempotency key. */
    TRANSIENT,
    /** The provider refused the request as malformed or in a wrong state (4xx other than auth, 404 and 429). */
    INVALID_REQUEST,
    /** The provider does not know the object. */
    NOT_FOUND,
    /** Our credentials were refused. */
    AUTHENTICATION,
    /** A webhook whose signature or timestamp does not verify. */
    INVALID_SIGNATURE
  }

  private final Kind kind;
  private final String provider;
  private final int httpStatus;
  private final long retryAfterMillis;

  public GatewayException(Kind kind, String provider, int httpStatus, long retryAfterMillis, String message,
                          Throwable cause) {
    super(message, cause, false, false);
    this.kind = kind;
    this.provider = provider;
    this.httpStatus = httpStatus;
    this.retryAfterMillis = retryAfterMillis;
  }

  public GatewayException(Kind kind, String provider, String message) {
    this(kind, provider, -1, -1, message, null);
  }

  public Kind kind() {
    return kind;
  }

  public String provider() {
    return provider;
  }

  /** The provider's HTTP status, or -1 when there was no answer. */
  public int httpStatus() {
    return httpStatus;
  }

  public long retryAfterMillis() {
    return retryAfterMillis;
  }

  public boolean retryable() {
    return kind == Kind.TRANSIENT;
  }
}
