package io.olympus.common.security;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** JSON Web Key Sets (RFC 7517) of ES256 (P-256) and RS256 (RSA, 2048 bits or more) signing keys: rendering and parsing. */
public final class Jwks {

  private static final Logger LOG = LoggerFactory.getLogger(Jwks.class);
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();
  private static final ECParameterSpec P256 = p256();

  private Jwks() {}

  /** The public JWK of an ES256 key: {@code kty=EC, crv=P-256, x, y, kid, use=sig, alg=ES256}. */
  public static JsonObject ecPublicJwk(String kid, ECPublicKey key) {
    return new JsonObject()
        .put("kty", "EC")
        .put("crv", "P-256")
        .put("x", B64URL.encodeToString(unsigned32(key.getW().getAffineX())))
        .put("y", B64URL.encodeToString(unsigned32(key.getW().getAffineY())))
        .put("kid", kid)
        .put("use", "sig")
        .put("alg", "ES256");
  }

  /** The public JWK of an RS256 key: {@code kty=RSA, n, e, kid, use=sig, alg=RS256}. */
  public static JsonObject rsaPublicJwk(String kid, RSAPublicKey key) {
    return new JsonObject()
        .put("kty", "RSA")
        .put("n", B64URL.encodeToString(unsigned(key.getModulus())))
        .put("e", B64URL.encodeToString(unsigned(key.getPublicExponent())))
        .put("kid", kid)
        .put("use", "sig")
        .put("alg", "RS256");
  }

  /** The public JWK of an ES256 or RS256 public key. */
  public static JsonObject publicJwk(String kid, PublicKey key) {
    if (key instanceof ECPublicKey ec) {
      return ecPublicJwk(kid, ec);
    }
    if (key instanceof RSAPublicKey rsa) {
      return rsaPublicJwk(kid, rsa);
    }
    throw new IllegalArgumentException("unsupported key type " + key.getAlgorithm());
  }

  /** A JWKS document {@code {"keys": [...]}}. */
  public static JsonObject keySet(Iterable<JsonObject> jwks) {
    JsonArray keys = new JsonArray();
    jwks.forEach(keys::add);
    return new JsonObject().put("keys", keys);
  }

  /**
   * The verification keys of a JWKS by kid, each bound to its one algorithm: EC P-256 keys verify ES256 only,
   * RSA keys of 2048 bits or more verify RS256 only. Keys of other types, curves, sizes, algorithms or uses
   * are skipped (logged), never trusted; a malformed document yields no keys.
   */
  public static Map<String, VerificationKey> parse(JsonObject jwks) {
    Map<String, VerificationKey> result = new HashMap<>();
    JsonArray keys = jwks == null ? null : jwks.getJsonArray("keys");
    if (keys == null) {
      return result;
    }
    for (int i = 0; i < keys.size(); i++) {
      Object entry = keys.getValue(i);
      if (!(entry instanceof JsonObject jwk)) {
        continue;
      }
      String kid = jwk.getString("kid");
      if (kid == null || kid.isBlank() || !"sig".equals(jwk.getString("use", "sig"))) {
        LOG.warn("Skipping JWK {}: no kid or not a signing key", kid);
        continue;
      }
      try {
        VerificationKey key = switch (String.valueOf(jwk.getString("kty"))) {
          case "EC" -> "P-256".equals(jwk.getString("crv")) && "ES256".equals(jwk.getString("alg", "ES256"))
              ? new VerificationKey(kid, "ES256", ecPublicKey(jwk.getString("x"), jwk.getString("y")))
              : null;
          case "RSA" -> "RS256".equals(jwk.getString("alg", "RS256"))
              ? new VerificationKey(kid, "RS256", rsaPublicKey(jwk.getString("n"), jwk.getString("e")))
              : null;
          default -> null;
        };
        if (key == null) {
          LOG.warn("Skipping JWK {}: not an ES256 (P-256) or RS256 key", kid);
        } else {
          result.put(kid, key);
        }
      } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException | ClassCastException e) {
        LOG.warn("Skipping JWK {}: {}", kid, e.toString());
      }
    }
    return result;
  }

  private static PublicKey rsaPublicKey(String n, String e) throws GeneralSecurityException {
    BigInteger modulus = new BigInteger(1, B64URL_DECODER.decode(n));
    if (modulus.bitLength() < 2048) {
      throw new IllegalArgumentException("RSA keys must have at least 2048 bits");
    }
    return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, new BigInteger(1, B64URL_DECODER.decode(e))));
  }

  private static PublicKey ecPublicKey(String x, String y) throws GeneralSecurityException {
    byte[] xb = B64URL_DECODER.decode(x);
    byte[] yb = B64URL_DECODER.decode(y);
    if (xb.length != 32 || yb.length != 32) {
      throw new IllegalArgumentException("P-256 coordinates must be 32 bytes");
    }
    ECPoint point = new ECPoint(new BigInteger(1, xb), new BigInteger(1, yb));
    return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, P256));
  }

  private static byte[] unsigned(BigInteger value) {
    byte[] raw = value.toByteArray();
    return raw.length > 1 && raw[0] == 0 ? java.util.Arrays.copyOfRange(raw, 1, raw.length) : raw;
  }

  private static byte[] unsigned32(BigInteger value) {
    byte[] raw = value.toByteArray();
    if (raw.length == 32) {
      return raw;
    }
    byte[] out = new byte[32];
    if (raw.length > 32) {
      System.arraycopy(raw, raw.length - 32, out, 0, 32);
    } else {
      System.arraycopy(raw, 0, out, 32 - raw.length, raw.length);
    }
    return out;
  }

  private static ECParameterSpec p256() {
    try {
      AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
      params.init(new ECGenParameterSpec("secp256r1"));
      return params.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("P-256 is not available in this JDK", e);
    }
  }
}
