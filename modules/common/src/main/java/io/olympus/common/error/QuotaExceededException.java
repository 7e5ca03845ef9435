package io.olympus.common.error;

/** The tenant's plan does not allow more of a resource (403, type {@code quota-exceeded}). */
public final class QuotaExceededException extends ApiException {

  public QuotaExceededException(String resource, long limit, String plan) {
    super(403, "quota-exceeded", "Quota exceeded",
        "the " + plan + " plan allows at most " + limit + " " + resource);
  }
}
