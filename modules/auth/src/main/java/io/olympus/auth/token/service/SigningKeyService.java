package io.olympus.auth.token.service;

import io.olympus.auth.config.AuthConfig;
import io.olympus.auth.token.repository.SigningKeyRepository;
import io.olympus.auth.token.repository.SigningKeyRow;
import io.olympus.common.crypto.SecretEncryption;
import io.olympus.common.security.Jwks;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The auth service's signing keys (RS256, RSA 2048, by default; ES256 with {@code AUTH_SIGNING_ALGORITHM}): keeps the active key (the newest not yet retired) and every key
 * whose tokens may still be valid, creates the first key, rotates (the new key signs from now on; the old
 * ones stay in the JWKS until their last token has expired) and renders the JWKS.
 *
 * <p>Private keys live in PostgreSQL encrypted with AES-256-GCM under {@code AUTH_KEY_ENCRYPTION_KEY}. A key
 * that cannot be decrypted (the key-encryption key changed) is skipped with an error log, and a fresh key is
 * created if no active one is left. The kid is the RFC 7638 JWK thumbprint. Existing keys of the other
 * algorithm keep verifying (and signing, while active) after the setting changes; the next rotation uses it.
 */
public final class SigningKeyService {

  /** Tokens of a retired key stay verifiable this long past the access token lifetime (clock skew). */
  static final Duration EXPIRY_MARGIN = Duration.ofMinutes(2);

  private static final Logger LOG = LoggerFactory.getLogger(SigningKeyService.class);
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private final Vertx vertx;
  private final SigningKeyRepository repository;
  private final SecretEncryption encryption;
  private final AuthConfig config;
  private final Clock clock;
  private volatile List<SigningKey> keys = List.of();

  public SigningKeyService(Vertx vertx, SigningKeyRepository repository, AuthConfig config, Clock clock) {
    this.vertx = vertx;
    this.repository = repository;
    this.encryption = new SecretEncryption(config.keyEncryptionKey());
    this.config = config;
    this.clock = clock;
  }

  /** Loads the keys and creates the first one when none is active. Fails when the database fails. */
  public Future<Void> start() {
    return reload()
        .compose(loaded -> activeKey().isPresent() ? Future.succeededFuture() : createKey(false));
  }

  /** Re-reads the keys from the database (e.g. after another process rotated). */
  public Future<Void> reload() {
    return repository.findVerifiable(clock.instant())
        .map(rows -> {
          keys = load(rows);
          return null;
        });
  }

  /** Creates a new key that signs from now on; the previous keys retire now and leave the JWKS once their tokens expired. */
  public Future<SigningKey> rotate() {
    return createKey(true)
        .compose(created -> activeKey()
            .map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(new IllegalStateException("no active signing key after rotation"))));
  }

  /** Rotates when the active key has reached its planned retirement ({@code AUTH_SIGNING_KEY_ROTATION_DAYS}). */
  public Future<Boolean> rotateIfDue() {
    if (activeKey().isPresent()) {
      return Future.succeededFuture(false);
    }
    return rotate().map(rotated -> true);
  }

  /** The key that signs new tokens; empty only before {@link #start()} or when every key has retired. */
  public Optional<SigningKey> activeKey() {
    Instant now = clock.instant();
    return keys.stream().filter(key -> key.activeAt(now)).findFirst();
  }

  /** Every key whose tokens may still be valid, newest first. */
  public List<SigningKey> verifiableKeys() {
    Instant now = clock.instant();
    return keys.stream().filter(key -> now.isBefore(key.expiresAt())).toList();
  }

  /** The JWKS document ({@code {"keys":[...]}}) of the verifiable keys, public parts only. */
  public JsonObject jwks() {
    return Jwks.keySet(verifiableKeys().stream().map(SigningKey::publicJwk).toList());
  }

  private Future<Void> createKey(boolean force) {
    return vertx.executeBlocking(this::newKeyRow, false)
        .compose(row -> repository.locked(conn -> repository.findVerifiable(conn, row.createdAt())
            .compose(existing -> {
              boolean usableActiveKeyExists = load(existing).stream().anyMatch(key -> key.activeAt(row.createdAt()));
              if (!force && usableActiveKeyExists) {
                return Future.succeededFuture(false);
              }
              Instant othersExpireAt = row.createdAt().plus(config.accessTokenTtl()).plus(EXPIRY_MARGIN);
              return repository.insertAndRetireOthers(conn, row, othersExpireAt).map(inserted -> true);
            })
            .map(created -> {
              if (created) {
                LOG.info("Created signing key {} (signs until {})", row.kid(), row.retireAfter());
              }
              return created;
            })))
        .compose(created -> reload());
  }

  private SigningKeyRow newKeyRow() throws GeneralSecurityException {
    boolean rsa = config.signingAlgorithm().equals("RS256");
    KeyPairGenerator generator = KeyPairGenerator.getInstance(rsa ? "RSA" : "EC");
    if (rsa) {
      generator.initialize(2048);
    } else {
      generator.initialize(new ECGenParameterSpec("secp256r1"));
    }
    KeyPair pair = generator.generateKeyPair();
    String kid = thumbprint(Jwks.publicJwk("", pair.getPublic()));
    JsonObject publicJwk = Jwks.publicJwk(kid, pair.getPublic());
    byte[] sealed = encryption.encrypt(pair.getPrivate().getEncoded(), kid.getBytes(StandardCharsets.UTF_8));
    Instant now = clock.instant();
    Instant retireAfter = now.plus(config.signingKeyRotation());
    Instant expiresAt = retireAfter.plus(config.accessTokenTtl()).plus(EXPIRY_MARGIN);
    return new SigningKeyRow(kid, config.signingAlgorithm(), publicJwk, sealed, now, retireAfter, expiresAt);
  }

  private List<SigningKey> load(List<SigningKeyRow> rows) {
    List<SigningKey> loaded = new ArrayList<>();
    for (SigningKeyRow row : rows) {
      try {
        byte[] pkcs8 = encryption.decrypt(row.privateKeyEnc(), row.kid().getBytes(StandardCharsets.UTF_8));
        // parsed once here, so that a corrupt key is skipped now rather than failing at signing time
        PrivateKey privateKey = KeyFactory.getInstance(row.algorithm().equals("RS256") ? "RSA" : "EC")
            .generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        loaded.add(new SigningKey(row.kid(), row.algorithm(), row.publicJwk(), privateKey, row.createdAt(),
            row.retireAfter(), row.expiresAt()));
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        LOG.error("Signing key {} cannot be loaded (was AUTH_KEY_ENCRYPTION_KEY changed?): {}", row.kid(), e.getMessage());
      }
    }
    return List.copyOf(loaded);
  }

  /** RFC 7638 thumbprint of a public JWK: SHA-256 over the required members in lexicographic order. */
  static String thumbprint(JsonObject jwk) throws GeneralSecurityException {
    String canonical = "RSA".equals(jwk.getString("kty"))
        ? "{\"e\":\"" + jwk.getString("e") + "\",\"kty\":\"RSA\",\"n\":\"" + jwk.getString("n") + "\"}"
        : "{\"crv\":\"" + jwk.getString("crv") + "\",\"kty\":\"EC\",\"x\":\"" + jwk.getString("x")
            + "\",\"y\":\"" + jwk.getString("y") + "\"}";
    return B64URL.encodeToString(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
  }
}
