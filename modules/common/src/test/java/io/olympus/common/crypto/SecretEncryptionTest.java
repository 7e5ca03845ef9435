package io.olympus.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** AES-256-GCM sealing of secrets at rest: round trip, binding to its row, and the stored format. */
class SecretEncryptionTest {

  private static final SecretKey DEFAULT_KEY = key(7);
  private static final SecretKey OTHER_KEY = key(9);
  private static final byte[] DEFAULT_SECRET = "sk_test_secret-value".getBytes(StandardCharsets.UTF_8);
  private static final byte[] DEFAULT_BINDING = "tenant-a/stripe/credentials".getBytes(StandardCharsets.UTF_8);

  private final SecretEncryption encryption = new SecretEncryption(DEFAULT_KEY);

  private static SecretKey key(int seed) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) seed);
    return new SecretKeySpec(bytes, "AES");
  }

  @Test
  void shouldOpenWhatItSealedUnderTheSameBinding() {
    byte[] sealed = encryption.encrypt(DEFAULT_SECRET, DEFAULT_BINDING);

    assertThat(encryption.decrypt(sealed, DEFAULT_BINDING)).isEqualTo(DEFAULT_SECRET);
    assertThat(sealed[0]).isEqualTo((byte) 1);
    assertThat(sealed).hasSize(1 + 12 + DEFAULT_SECRET.length + 16);
  }

  @Test
  void shouldSealTheSameSecretDifferentlyEachTime() {
    assertThat(encryption.encrypt(DEFAULT_SECRET, DEFAULT_BINDING))
        .isNotEqualTo(encryption.encrypt(DEFAULT_SECRET, DEFAULT_BINDING));
  }

  @Test
  void shouldRefuseAValueBoundToAnotherRow() {
    byte[] sealed = encryption.encrypt(DEFAULT_SECRET, DEFAULT_BINDING);

    assertThatThrownBy(() -> encryption.decrypt(sealed, "tenant-b/stripe/credentials".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRefuseAnotherKeyAnAlteredValueAndAnUnknownVersion() {
    byte[] sealed = encryption.encrypt(DEFAULT_SECRET, DEFAULT_BINDING);
    byte[] altered = sealed.clone();
    altered[altered.length - 1] ^= 1;
    byte[] otherVersion = sealed.clone();
    otherVersion[0] = 2;

    assertThatThrownBy(() -> new SecretEncryption(OTHER_KEY).decrypt(sealed, DEFAULT_BINDING))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> encryption.decrypt(altered, DEFAULT_BINDING)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> encryption.decrypt(otherVersion, DEFAULT_BINDING))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version");
    assertThatThrownBy(() -> encryption.decrypt(new byte[5], DEFAULT_BINDING)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> encryption.decrypt(null, DEFAULT_BINDING)).isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Rows sealed before the class moved into common (the auth service's keys, payment provider credentials) keep
   * opening: a value in the stored format {@code 01 || nonce || ciphertext+tag}, sealed by another AES-GCM
   * implementation (Python's {@code cryptography}) under key 0x07×32, nonce 00..0b and the binding above.
   */
  @Test
  void shouldOpenAValueSealedInTheStoredFormat() {
    byte[] stored = HexFormat.of().parseHex("01000102030405060708090a0b6beab604787aad1604d786ee872c418c8050c3eb1e"
        + "9619b9469dc29d561dede8fcabcb31");

    assertThat(encryption.decrypt(stored, DEFAULT_BINDING)).isEqualTo(DEFAULT_SECRET);
  }
}
