package io.olympus.auth.account.service;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Opaque tokens that carry their tenant: {@code base64url(tenant id)} + {@code "."} + secret. Used for mailed
 * links (the secret is 32 random bytes; only its SHA-256 is stored) and to wrap the core's refresh tokens, so a
 * client presents one string and the service knows which tenant's transaction to open. The tenant part is not
 * a secret and is not trusted: the lookup happens in that tenant only, so a forged tenant finds nothing.
 */
public final class TenantBoundTokens {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DEC = Base64.getUrlDecoder();

  /** A parsed token. */
  public record Parsed(UUID tenantId, String secret) {}

  private TenantBoundTokens() {}

  /** A new token for {@code tenantId} with a fresh random secret. */
  public static String newToken(UUID tenantId) {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    return wrap(tenantId, ENC.encodeToString(secret));
  }

  public static String wrap(UUID tenantId, String secret) {
    ByteBuffer b = ByteBuffer.allocate(16).putLong(tenantId.getMostSignificantBits()).putLong(tenantId.getLeastSignificantBits());
    return ENC.encodeToString(b.array()) + "." + secret;
  }

  /** The tenant and secret, or empty when the token is malformed. */
  public static Optional<Parsed> parse(String token) {
    if (token == null || token.length() > 200) {
      return Optional.empty();
    }
    int dot = token.indexOf('.');
    if (dot != 22 || dot == token.length() - 1) {
      return Optional.empty();
    }
    try {
      ByteBuffer b = ByteBuffer.wrap(DEC.decode(token.substring(0, dot)));
      if (b.remaining() != 16) {
        return Optional.empty();
      }
      return Optional.of(new Parsed(new UUID(b.getLong(), b.getLong()), token.substring(dot + 1)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** SHA-256 of the whole token, as stored. */
  public static byte[] hash(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
