package io.olympus.auth.mfa.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.auth.token.crypto.Base32;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TotpTest {

  /** RFC 6238 appendix B (SHA-1 key), last 6 of the 8 published digits. */
  static final byte[] RFC_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

  @Test
  void shouldMatchTheRfc6238TestVectors() {
    assertThat(Totp.code(RFC_KEY, Totp.step(Instant.ofEpochSecond(59)))).isEqualTo("287082");
    assertThat(Totp.code(RFC_KEY, Totp.step(Instant.ofEpochSecond(1111111109)))).isEqualTo("081804");
    assertThat(Totp.code(RFC_KEY, Totp.step(Instant.ofEpochSecond(1111111111)))).isEqualTo("050471");
    assertThat(Totp.code(RFC_KEY, Totp.step(Instant.ofEpochSecond(1234567890)))).isEqualTo("005924");
    assertThat(Totp.code(RFC_KEY, Totp.step(Instant.ofEpochSecond(2000000000)))).isEqualTo("279037");
  }

  @Test
  void shouldAcceptOneStepEitherSideButNotAUsedStep() {
    Instant now = Instant.ofEpochSecond(1111111111);
    long step = Totp.step(now);
    assertThat(Totp.match(RFC_KEY, Totp.code(RFC_KEY, step - 1), now, 0)).isEqualTo(step - 1);
    assertThat(Totp.match(RFC_KEY, Totp.code(RFC_KEY, step + 1), now, 0)).isEqualTo(step + 1);
    assertThat(Totp.match(RFC_KEY, Totp.code(RFC_KEY, step + 2), now, 0)).isEqualTo(-1);
    assertThat(Totp.match(RFC_KEY, Totp.code(RFC_KEY, step), now, step)).isEqualTo(-1);
  }

  @Test
  void shouldRoundTripBase32() {
    assertThat(Base32.encode("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
    assertThat(new String(Base32.decode("mzxw6ytboi"), StandardCharsets.US_ASCII)).isEqualTo("foobar");
  }
}
