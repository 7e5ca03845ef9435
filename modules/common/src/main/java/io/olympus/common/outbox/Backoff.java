package io.olympus.common.outbox;

import io.olympus.common.config.OlympusConfig;

/** Retry budget with exponential backoff: attempt n (1-based) waits {@code min(max, base * 2^(n-1))}. */
public record Backoff(int maxAttempts, long baseMs, long maxMs) {

  public Backoff {
    if (maxAttempts < 1 || baseMs < 1 || maxMs < baseMs) {
      throw new IllegalArgumentException("bad backoff " + maxAttempts + "/" + baseMs + "/" + maxMs);
    }
  }

  public static Backoff from(OlympusConfig.Outbox outbox) {
    return new Backoff(outbox.maxAttempts(), outbox.backoffBaseMs(), Math.max(outbox.backoffBaseMs(), outbox.backoffMaxMs()));
  }

  /** The delay before the attempt after failed attempt {@code attempt} (1-based). */
  public long delayAfter(int attempt) {
    int shift = Math.min(Math.max(attempt - 1, 0), 30);
    return Math.min(maxMs, baseMs << shift);
  }

  /** Whether failed attempt {@code attempt} (1-based) used up the budget. */
  public boolean exhausted(int attempt) {
    return attempt >= maxAttempts;
  }
}
