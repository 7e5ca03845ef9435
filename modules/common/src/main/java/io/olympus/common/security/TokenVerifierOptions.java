package io.olympus.common.security;

import java.time.Duration;

/**
 * What a {@link TokenVerifier} insists on: the issuer and audience every token must name, the clock
 * leeway for {@code exp}/{@code nbf}, and the bounds of its verified-token cache.
 */
public record TokenVerifierOptions(
    String issuer,
    String audience,
    Duration leeway,
    long cacheMaxEntries,
    Duration cacheMaxTtl) {

  public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(30);
  public static final long DEFAULT_CACHE_MAX_ENTRIES = 100_000;
  public static final Duration DEFAULT_CACHE_MAX_TTL = Duration.ofSeconds(60);

  public static TokenVerifierOptions of(String issuer, String audience) {
    return new TokenVerifierOptions(issuer, audience, DEFAULT_LEEWAY, DEFAULT_CACHE_MAX_ENTRIES, DEFAULT_CACHE_MAX_TTL);
  }

  public TokenVerifierOptions withCacheMaxEntries(long entries) {
    return new TokenVerifierOptions(issuer, audience, leeway, entries, cacheMaxTtl);
  }
}
