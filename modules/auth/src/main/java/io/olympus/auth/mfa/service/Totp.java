package io.olympus.auth.mfa.service;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** RFC 6238 TOTP: HMAC-SHA1, 30-second steps, 6 digits; a code is accepted in the current step or one step either side. */
public final class Totp {

  public static final int STEP_SECONDS = 30;
  public static final int DIGITS = 6;
  public static final int WINDOW = 1;

  private Totp() {}

  /** The time step of {@code at}. */
  public static long step(Instant at) {
    return Math.floorDiv(at.getEpochSecond(), STEP_SECONDS);
  }

  /** The 6-digit code of {@code step} (RFC 4226 dynamic truncation). */
  public static String code(byte[] secret, long step) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(secret, "HmacSHA1"));
      byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
      int offset = h[h.length - 1] & 0x0f;
      int binary = ((h[offset] & 0x7f) << 24) | ((h[offset + 1] & 0xff) << 16) | ((h[offset + 2] & 0xff) << 8)
          | (h[offset + 3] & 0xff);
      return String.format("%06d", binary % 1_000_000);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 unavailable", e);
    }
  }

  /**
   * The step whose code equals {@code code} within the window around {@code now} and is later than {@code lastStep}
   * (a step already used is never accepted again), or -1.
   */
  public static long match(byte[] secret, String code, Instant now, long lastStep) {
    if (code == null || code.length() != DIGITS) {
      return -1;
    }
    long current = step(now);
    for (long s = current - WINDOW; s <= current + WINDOW; s++) {
      if (s > lastStep && MessageDigest.isEqual(code(secret, s).getBytes(), code.getBytes())) {
        return s;
      }
    }
    return -1;
  }
}
