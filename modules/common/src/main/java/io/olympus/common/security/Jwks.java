package io.olympus.common.security;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** JSON Web Key Sets (RFC 7517) of ES256 (P-256) signing keys: rendering and parsing. */
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

  /** A JWKS document {@code {"keys": [...]}}. */
  public static JsonObject keySet(Iterable<JsonObject> jwks) {
    JsonArray keys = new JsonArray();
    jwks.forEach(keys::add);
    return new JsonObject().put("keys", keys);
  }

  /**
   * The ES256 verification keys of a JWKS by kid. Keys of other types, curves, algorithms or uses are
   * skipped (logged), never trusted; a malformed document yields no keys.
   */
  public static Map<String, PublicKey> parse(JsonObject jwks) {
    Map<String, PublicKey> result = new HashMap<>();
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
      if (kid == null || kid.isBlank()
          || !"EC".equals(jwk.getString("kty"))
          || !"P-256".equals(jwk.getString("crv"))
          || !"ES256".equals(jwk.getString("alg", "ES256"))
          || !"sig".equals(jwk.getString("use", "sig"))) {
        LOG.warn("Skipping JWK {}: not an ES256 P-256 signing key", kid);
        continue;
      }
      try {
        result.put(kid, ecPublicKey(jwk.getString("x"), jwk.getString("y")));
      } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException e) {
        LOG.warn("Skipping JWK {}: {}", kid, e.toString());
      }
    }
    return result;
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

  static byte[] decode(String base64Url) {
    return B64URL_DECODER.decode(base64Url);
  }
}
