package io.olympus.common.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM for secrets kept at rest (the auth service's signing keys, MFA secrets and refresh grace pairs, the
 * tenants' payment provider credentials). Output is {@code version(1) || nonce(12) || ciphertext+tag}; the associated
 * data binds a ciphertext to its row and column (a kid, a user id, a tenant and provider), so a value copied into
 * another row does not decrypt. The format is stored: never change it without a new version byte.
 */
public final class SecretEncryption {

  private static final byte VERSION = 1;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKey key;

  public SecretEncryption(SecretKey key) {
    this.key = key;
  }

  /** Seals {@code plaintext} under a fresh random nonce, bound to {@code associatedData}. */
  public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(associatedData);
      byte[] sealed = cipher.doFinal(plaintext);
      return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  /** Decrypts; throws {@link IllegalArgumentException} when the data was altered, bound elsewhere or sealed with another key. */
  public byte[] decrypt(byte[] sealed, byte[] associatedData) {
    if (sealed == null || sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
      throw new IllegalArgumentException("not an encrypted value of a known version");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
      cipher.updateAAD(associatedData);
      return cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("decryption failed (wrong key or altered data)", e);
    }
  }
}
