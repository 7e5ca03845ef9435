package io.olympus.common.security;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Test-only token minting with plain JDK crypto, including the malformed and hostile kinds. */
public final class TestTokens {

  public static final String ISSUER = "https://auth.olympus.test";
  public static final String AUDIENCE = "olympus-api";

  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private TestTokens() {}

  public static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static KeyPair newRsaKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static JsonObject jwks(String kid, KeyPair pair) {
    return new JsonObject().put("keys", new JsonArray().add(Jwks.publicJwk(kid, pair.getPublic())));
  }

  /** Signs with RS256 (header alg set to RS256) using an RSA key pair. */
  public static String rs256(JsonObject header, JsonObject claims, KeyPair pair) {
    String signingInput = encode(header.copy().put("alg", "RS256")) + "." + encode(claims);
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(pair.getPrivate());
      signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + B64URL.encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static JsonObject header(String kid) {
    return new JsonObject().put("alg", "ES256").put("typ", "at+jwt").put("kid", kid);
  }

  public static JsonObject claims(UUID sessionId, Instant now) {
    return new JsonObject()
        .put("iss", ISSUER)
        .put("aud", AUDIENCE)
        .put("sub", UUID.randomUUID().toString())
        .put("tid", UUID.randomUUID().toString())
        .put("sid", sessionId.toString())
        .put("roles", new JsonArray().add("owner"))
        .put("scope", "orders:read orders:write")
        .put("amr", new JsonArray().add("pwd"))
        .put("email_verified", true)
        .put("jti", UUID.randomUUID().toString())
        .put("iat", now.getEpochSecond())
        .put("exp", now.plusSeconds(900).getEpochSecond());
  }

  public static String es256(JsonObject header, JsonObject claims, KeyPair pair) {
    String signingInput = encode(header) + "." + encode(claims);
    try {
      Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
      signature.initSign(pair.getPrivate());
      signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + B64URL.encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The classic key-confusion forgery: HMAC-SHA256 keyed with the public key's encoded bytes. */
  public static String hs256WithPublicKey(JsonObject header, JsonObject claims, KeyPair pair) {
    String signingInput = encode(header.copy().put("alg", "HS256")) + "." + encode(claims);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(pair.getPublic().getEncoded(), "HmacSHA256"));
      return signingInput + "." + B64URL.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String unsigned(JsonObject header, JsonObject claims) {
    return encode(header.copy().put("alg", "none")) + "." + encode(claims) + ".";
  }

  public static String encode(JsonObject json) {
    return B64URL.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }
}
