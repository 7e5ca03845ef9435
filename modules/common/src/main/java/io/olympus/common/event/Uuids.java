package io.olympus.common.event;

import java.security.SecureRandom;
import java.util.UUID;

/** Time-ordered UUID version 7 (RFC 9562): 48-bit Unix milliseconds, then random bits. */
public final class Uuids {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Uuids() {}

  public static UUID v7() {
    return v7(System.currentTimeMillis());
  }

  static UUID v7(long epochMillis) {
    long randA = RANDOM.nextInt(1 << 12);
    long msb = (epochMillis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | randA;
    long lsb = RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb);
  }

  /** The millisecond timestamp of a version 7 UUID. */
  public static long timestampOf(UUID uuid) {
    return uuid.getMostSignificantBits() >>> 16;
  }
}
