package io.olympus.auth.config;

import io.olympus.common.config.Settings;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Typed configuration of the auth service (password hashing, token signing, refresh tokens), parsed once
 * at start-up from the same key/value source as {@code OlympusConfig}.
 *
 * <p>Keys and defaults: {@code AUTH_ARGON2_MEMORY_KIB}=19456 (19 MiB), {@code AUTH_ARGON2_ITERATIONS}=2,
 * {@code AUTH_ARGON2_PARALLELISM}=1 (OWASP's Argon2id minimum), {@code AUTH_HASH_WORKERS}=number of cores,
 * {@code AUTH_HASH_QUEUE}=32 (hash requests allowed to wait beyond the busy workers; more are refused with
 * 503), {@code AUTH_HASH_THREAD_NICE}=19 (Linux nice value of the hashing threads, 0..19: under a login flood the
 * event loops get the CPU first; 0 keeps the normal priority), {@code AUTH_KEY_ENCRYPTION_KEY} (base64 of 32 bytes; encrypts signing keys and refresh grace
 * pairs at rest; a well-known development key with a loud warning when unset), {@code AUTH_TOKEN_ISSUER}=olympus-auth,
 * {@code AUTH_TOKEN_AUDIENCE}=olympus, {@code AUTH_ACCESS_TOKEN_TTL_SECONDS}=900,
 * {@code AUTH_REFRESH_TOKEN_TTL_DAYS}=30, {@code AUTH_REFRESH_REUSE_GRACE_SECONDS}=10,
 * {@code AUTH_SIGNING_KEY_ROTATION_DAYS}=30, {@code AUTH_SIGNING_ALGORITHM}=RS256 (or ES256; RS256 because
 * every service verifies far more often than auth signs, and on Java 17 an RS256 verification costs about a
 * tenth of an ES256 one).
 */
public record AuthConfig(
    int argon2MemoryKib,
    int argon2Iterations,
    int argon2Parallelism,
    int hashWorkers,
    int hashQueue,
    int hashThreadNice,
    SecretKey keyEncryptionKey,
    boolean developmentKeyEncryptionKey,
    String issuer,
    String audience,
    Duration accessTokenTtl,
    Duration refreshTokenTtl,
    Duration refreshReuseGrace,
    Duration signingKeyRotation,
    String signingAlgorithm) {

  private static final Logger LOG = LoggerFactory.getLogger(AuthConfig.class);
  private static final String DEV_KEY_SEED = "olympus development key-encryption key - never use in production";

  /** Parses and validates; throws {@code ConfigException} naming every bad variable. */
  public static AuthConfig from(JsonObject source) {
    Settings s = new Settings(source);
    int cores = Runtime.getRuntime().availableProcessors();
    int memory = s.integer("AUTH_ARGON2_MEMORY_KIB", 19_456, 8_192, 4 * 1024 * 1024);
    int iterations = s.integer("AUTH_ARGON2_ITERATIONS", 2, 1, 100);
    int parallelism = s.integer("AUTH_ARGON2_PARALLELISM", 1, 1, 64);
    int workers = s.integer("AUTH_HASH_WORKERS", cores, 1, 256);
    int queue = s.integer("AUTH_HASH_QUEUE", 32, 0, 100_000);
    int nice = s.integer("AUTH_HASH_THREAD_NICE", 19, 0, 19);
    SecretKey kek = developmentKey();
    boolean devKek = true;
    var rawKek = s.optional("AUTH_KEY_ENCRYPTION_KEY");
    if (rawKek.isPresent()) {
      devKek = false;
      try {
        kek = parseKey(rawKek.get());
      } catch (IllegalArgumentException e) {
        // the value is a secret: never echo it
        s.problem("AUTH_KEY_ENCRYPTION_KEY", "***", e.getMessage());
      }
    }
    String issuer = s.string("AUTH_TOKEN_ISSUER", "olympus-auth");
    String audience = s.string("AUTH_TOKEN_AUDIENCE", "olympus");
    Duration accessTtl = Duration.ofSeconds(s.integer("AUTH_ACCESS_TOKEN_TTL_SECONDS", 900, 30, 24 * 3600));
    Duration refreshTtl = Duration.ofDays(s.integer("AUTH_REFRESH_TOKEN_TTL_DAYS", 30, 1, 365));
    Duration grace = Duration.ofSeconds(s.integer("AUTH_REFRESH_REUSE_GRACE_SECONDS", 10, 0, 300));
    Duration rotation = Duration.ofDays(s.integer("AUTH_SIGNING_KEY_ROTATION_DAYS", 30, 1, 3650));
    String algorithm = s.string("AUTH_SIGNING_ALGORITHM", "RS256");
    if (!algorithm.equals("RS256") && !algorithm.equals("ES256")) {
      s.problem("AUTH_SIGNING_ALGORITHM", algorithm, "RS256 or ES256");
    }
    s.validate();
    if (devKek) {
      LOG.warn("*** AUTH_KEY_ENCRYPTION_KEY is not set: signing keys and refresh tokens are encrypted with a "
          + "PUBLICLY KNOWN DEVELOPMENT KEY. Set AUTH_KEY_ENCRYPTION_KEY (base64 of 32 random bytes, "
          + "e.g. `openssl rand -base64 32`) before running anywhere but a developer machine. ***");
    }
    return new AuthConfig(memory, iterations, parallelism, workers, queue, nice, kek, devKek, issuer, audience,
        accessTtl, refreshTtl, grace, rotation, algorithm);
  }

  /** Defaults everywhere (development key-encryption key included). */
  public static AuthConfig defaults() {
    return from(new JsonObject());
  }

  public AuthConfig withArgon2(int memoryKib, int iterations, int parallelism) {
    return new AuthConfig(memoryKib, iterations, parallelism, hashWorkers, hashQueue, hashThreadNice, keyEncryptionKey,
        developmentKeyEncryptionKey, issuer, audience, accessTokenTtl, refreshTokenTtl, refreshReuseGrace, signingKeyRotation, signingAlgorithm);
  }

  public AuthConfig withHashPool(int workers, int queue) {
    return new AuthConfig(argon2MemoryKib, argon2Iterations, argon2Parallelism, workers, queue, hashThreadNice, keyEncryptionKey,
        developmentKeyEncryptionKey, issuer, audience, accessTokenTtl, refreshTokenTtl, refreshReuseGrace, signingKeyRotation, signingAlgorithm);
  }

  public AuthConfig withSigningAlgorithm(String algorithm) {
    return new AuthConfig(argon2MemoryKib, argon2Iterations, argon2Parallelism, hashWorkers, hashQueue, hashThreadNice, keyEncryptionKey,
        developmentKeyEncryptionKey, issuer, audience, accessTokenTtl, refreshTokenTtl, refreshReuseGrace, signingKeyRotation, algorithm);
  }

  @Override
  public String toString() {
    return "AuthConfig[argon2=m" + argon2MemoryKib + ",t" + argon2Iterations + ",p" + argon2Parallelism
        + ", hashWorkers=" + hashWorkers + ", hashQueue=" + hashQueue + ", hashThreadNice=" + hashThreadNice
        + ", keyEncryptionKey=***"
        + (developmentKeyEncryptionKey ? "(development)" : "") + ", issuer=" + issuer + ", audience=" + audience
        + ", accessTokenTtl=" + accessTokenTtl + ", refreshTokenTtl=" + refreshTokenTtl
        + ", refreshReuseGrace=" + refreshReuseGrace + ", signingKeyRotation=" + signingKeyRotation
        + ", signingAlgorithm=" + signingAlgorithm + "]";
  }

  private static SecretKey parseKey(String base64) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("base64 of exactly 32 random bytes");
    }
    if (bytes.length != 32) {
      throw new IllegalArgumentException("base64 of exactly 32 random bytes (got " + bytes.length + " bytes)");
    }
    return new SecretKeySpec(bytes, "AES");
  }

  private static SecretKey developmentKey() {
    try {
      byte[] key = MessageDigest.getInstance("SHA-256").digest(DEV_KEY_SEED.getBytes(StandardCharsets.UTF_8));
      return new SecretKeySpec(key, "AES");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
