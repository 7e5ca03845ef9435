package io.olympus.commerce.payment.gateway.support;

import java.time.Duration;

/**
 * Where a provider's API answers and how long one call may take. {@code baseUrl} has no trailing slash (the real
 * production URL unless configuration points elsewhere, e.g. a provider's sandbox or a local fake).
 */
public record ProviderEndpoint(String baseUrl, Duration timeout) {

  public ProviderEndpoint {
    if (baseUrl == null || baseUrl.isBlank()) {
      throw new IllegalArgumentException("baseUrl is required");
    }
    baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
  }

  public String url(String path) {
    return baseUrl + path;
  }
}
