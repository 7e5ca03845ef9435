package io.olympus.auth.mfa.service;

import io.olympus.auth.account.repository.Account;
import io.olympus.auth.account.repository.AccountRepository;
import io.olympus.auth.account.repository.RequestMeta;
import io.olympus.auth.account.repository.SecurityEventRepository;
import io.olympus.auth.account.service.AccountAudit;
import io.olympus.auth.config.CredentialConfig;
import io.olympus.auth.login.service.MfaGate;
import io.olympus.auth.mfa.repository.MfaRepository;
import io.olympus.auth.mfa.repository.TotpEnrolment;
import io.olympus.auth.password.service.PasswordHasher;
import io.olympus.auth.token.crypto.Base32;
import io.olympus.common.crypto.SecretEncryption;
import io.olympus.common.db.Tenancy;
import io.olympus.common.error.ConflictException;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.error.RateLimitedException;
import io.olympus.common.error.UnauthorizedException;
import io.olympus.common.error.ValidationException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * TOTP second factor (RFC 6238, {@link Totp}) with single-use backup codes, and the login's second step. Secrets are
 * AES-GCM encrypted at rest ({@link SecretEncryption} under {@code AUTH_KEY_ENCRYPTION_KEY}, bound to the user id); a code
 * of a time step already used is refused; backup codes are stored as SHA-256 (they are random, 50 bits); wrong codes are
 * counted per user in Redis and, past {@code AUTH_MFA_FAILURE_LIMIT} within the window, answered 429.
 */
public final class MfaService implements MfaGate {

  public static final int BACKUP_CODES = 10;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String FAIL_PREFIX = "auth:mfa:fail:";
  private static final String CHALLENGE_PREFIX = "auth:mfa:challenge:";
  private static final String INVALID_CHALLENGE = "Invalid or expired mfa_token; sign in again";

  /** A new, not yet confirmed authenticator: the base32 secret, its {@code otpauth://} URI and a QR code of it (PNG). */
  public record Enrolment(String secret, String uri, byte[] qrPng) {}

  /** A pending login second step, as kept in Redis under the hash of its {@code mfa_token}. */
  public record Challenge(UUID tenantId, UUID userId, String deviceId, String deviceName) {}

  private final Vertx vertx;
  private final Pool pool;
  private final Redis redis;
  private final MfaRepository repository;
  private final AccountRepository accounts;
  private final SecurityEventRepository securityEvents;
  private final PasswordHasher hasher;
  private final SecretEncryption encryption;
  private final CredentialConfig config;
  private final Clock clock;

  public MfaService(Vertx vertx, Pool pool, Redis redis, MfaRepository repository, AccountRepository accounts,
      SecurityEventRepository securityEvents, PasswordHasher hasher, SecretEncryption encryption, CredentialConfig config, Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.redis = redis;
    this.repository = repository;
    this.accounts = accounts;
    this.securityEvents = securityEvents;
    this.hasher = hasher;
    this.encryption = encryption;
    this.config = config;
    this.clock = clock;
  }

  /** True when the user has a confirmed authenticator. */
  /** The account a completed challenge signs in; empty when the user is gone. Fails with the database error. */
  public Future<Optional<Account>> account(UUID tenantId, UUID userId) {
    return Tenancy.inTenant(pool, tenantId, conn -> accounts.findById(conn, tenantId, userId));
  }

  public Future<Boolean> isEnabled(UUID tenantId, UUID userId) {
    return Tenancy.readInTenant(pool, tenantId, conn -> repository.find(conn, tenantId, userId))
        .map(found -> found.map(TotpEnrolment::confirmed).orElse(false));
  }

  @Override
  public Future<Boolean> required(Account account) {
    return isEnabled(account.tenantId(), account.id());
  }

  @Override
  public Future<String> challenge(Account account, String deviceId, String deviceName) {
    String token = randomToken();
    JsonObject value = new JsonObject()
        .put("tenant_id", account.tenantId().toString())
        .put("user_id", account.id().toString())
        .put("device_id", deviceId)
        .put("device_name", deviceName);
    return redis.send(Request.cmd(Command.SET).arg(CHALLENGE_PREFIX + sha256Hex(token)).arg(value.encode())
            .arg("EX").arg(config.mfaTokenTtl().toSeconds()))
        .map(ok -> token);
  }

  /**
   * The login second step: checks {@code code} against the challenge's user and spends the {@code mfa_token} (single
   * use: a wrong code leaves it usable until it expires, within the failure limit). Fails with 401 for an unknown, used
   * or expired token or a wrong code, 429 past the failure limit.
   */
  public Future<Challenge> completeChallenge(String mfaToken, String code) {
    String key = CHALLENGE_PREFIX + sha256Hex(mfaToken == null ? "" : mfaToken);
    return redis.send(Request.cmd(Command.GET).arg(key))
        .compose(value -> value == null
            ? Future.failedFuture(new UnauthorizedException(INVALID_CHALLENGE))
            : Future.succeededFuture(challengeOf(new JsonObject(value.toString()))))
        .compose(challenge -> verifySecondFactor(challenge.tenantId(), challenge.userId(), code)
            .compose(ok -> ok
                ? redis.send(Request.cmd(Command.DEL).arg(key))
                : Future.failedFuture(new UnauthorizedException("Invalid code")))
            .compose(deleted -> deleted != null && deleted.toInteger() == 1
                ? Future.succeededFuture(challenge)
                : Future.failedFuture(new UnauthorizedException(INVALID_CHALLENGE))));
  }

  private static Challenge challengeOf(JsonObject json) {
    return new Challenge(UUID.fromString(json.getString("tenant_id")), UUID.fromString(json.getString("user_id")),
        json.getString("device_id"), json.getString("device_name"));
  }

  /** Starts an enrolment (replacing a pending one); fails with 409 when MFA is already enabled. */
  public Future<Enrolment> enrol(UUID tenantId, UUID userId, RequestMeta meta) {
    return Tenancy.inTenant(pool, tenantId, conn -> accounts.findById(conn, tenantId, userId))
        .compose(account -> account.isEmpty()
            ? Future.failedFuture(new NotFoundException("No such user"))
            : enrol(tenantId, userId, account.get().email(), meta));
  }

  private Future<Enrolment> enrol(UUID tenantId, UUID userId, String accountName, RequestMeta meta) {
    byte[] secret = new byte[20];
    RANDOM.nextBytes(secret);
    byte[] sealed = encryption.encrypt(secret, aad(userId));
    String base32 = Base32.encode(secret);
    String label = enc(config.mfaIssuer()) + ":" + enc(accountName);
    String uri = "otpauth://totp/" + label + "?secret=" + base32 + "&issuer=" + enc(config.mfaIssuer())
        + "&algorithm=SHA1&digits=" + Totp.DIGITS + "&period=" + Totp.STEP_SECONDS;
    return Tenancy.inTenant(pool, tenantId, conn -> repository.upsertPending(conn, tenantId, userId, sealed)
            .compose(stored -> stored
                ? AccountAudit.ofUser(conn, tenantId, userId, AccountAudit.MFA_ENROL, new JsonObject(), meta).map(true)
                : Future.succeededFuture(false)))
        .compose(stored -> stored
            ? vertx.executeBlocking(() -> QrCodes.png(uri), false)
            : Future.failedFuture(new ConflictException("Two-factor authentication is already enabled; disable it first")))
        .map(png -> new Enrolment(base32, uri, png));
  }

  /**
   * Confirms a pending enrolment with a first code and answers the backup codes (shown once). Fails with 404 when
   * nothing is pending, 409 when already confirmed, 400 for a wrong code.
   */
  public Future<List<String>> confirm(UUID tenantId, UUID userId, String code, RequestMeta meta) {
    return failuresBelowLimit(tenantId, userId)
        .compose(v -> Tenancy.inTenant(pool, tenantId, conn -> repository.find(conn, tenantId, userId)
            .compose(found -> {
              if (found.isEmpty()) {
                return Future.failedFuture(new NotFoundException("No authenticator enrolment is pending"));
              }
              if (found.get().confirmed()) {
                return Future.failedFuture(new ConflictException("Two-factor authentication is already enabled"));
              }
              long step = Totp.match(secret(found.get(), userId), code, clock.instant(), found.get().lastStep());
              if (step < 0) {
                return Future.succeededFuture(Optional.<List<String>>empty());
              }
              List<String> codes = newBackupCodes();
              return repository.confirm(conn, tenantId, userId, step)
                  .compose(ok -> repository.replaceCodes(conn, tenantId, userId, hashes(userId, codes)))
                  .compose(v2 -> securityEvents.append(conn, tenantId, userId, "mfa_enabled", meta, new JsonObject()))
                  .compose(v2 -> AccountAudit.ofUser(conn, tenantId, userId, AccountAudit.MFA_ENABLE, new JsonObject(),
                      meta))
                  .map(v2 -> Optional.of(codes));
            })))
        .compose(codes -> codes.isPresent()
            ? clearFailures(tenantId, userId).map(v -> codes.get())
            : countFailure(tenantId, userId).compose(v -> Future.failedFuture(new ValidationException("code", "is not valid"))));
  }

  /**
   * Checks a second factor: a TOTP code (6 digits; its time step is then used up) or an unused backup code (then spent).
   * True when accepted. Fails with 429 when the user's recent failures reached the limit; wrong codes count as failures.
   */
  public Future<Boolean> verifySecondFactor(UUID tenantId, UUID userId, String code) {
    String normalized = code == null ? "" : code.replace(" ", "").replace("-", "").toLowerCase(Locale.ROOT);
    return failuresBelowLimit(tenantId, userId)
        .compose(v -> Tenancy.inTenant(pool, tenantId, conn -> repository.find(conn, tenantId, userId)
            .compose(found -> found.isEmpty() || !found.get().confirmed()
                ? Future.succeededFuture(false)
                : check(conn, tenantId, userId, found.get(), normalized))))
        .compose(ok -> ok
            ? clearFailures(tenantId, userId).map(true)
            : countFailure(tenantId, userId).map(false));
  }

  /** Turns MFA off after a correct password or second-factor code; fails with 400 when neither is right, 404 when off. */
  public Future<Void> disable(UUID tenantId, UUID userId, String password, String code, RequestMeta meta) {
    Future<Boolean> proof = code != null
        ? verifySecondFactor(tenantId, userId, code)
        : Tenancy.inTenant(pool, tenantId, conn -> accounts.findById(conn, tenantId, userId))
            .compose(account -> account.isEmpty() || account.get().passwordHash() == null
                ? Future.succeededFuture(false)
                : hasher.verify(account.get().passwordHash(), password));
    return isEnabled(tenantId, userId)
        .compose(enabled -> enabled
            ? proof
            : Future.failedFuture(new NotFoundException("Two-factor authentication is not enabled")))
        .compose(ok -> ok
            ? Tenancy.inTenant(pool, tenantId, conn -> repository.delete(conn, tenantId, userId)
                .compose(v -> securityEvents.append(conn, tenantId, userId, "mfa_disabled", meta, new JsonObject()))
                .compose(v -> AccountAudit.ofUser(conn, tenantId, userId, AccountAudit.MFA_DISABLE,
                    new JsonObject().put("proof", code != null ? "code" : "password"), meta)))
            : Future.failedFuture(new ValidationException(code != null ? "code" : "password", "is not valid")));
  }

  /** New backup codes (the old set stops working), after a correct second-factor code. */
  public Future<List<String>> regenerateBackupCodes(UUID tenantId, UUID userId, String code, RequestMeta meta) {
    return verifySecondFactor(tenantId, userId, code)
        .compose(ok -> {
          if (!ok) {
            return Future.failedFuture(new ValidationException("code", "is not valid"));
          }
          List<String> codes = newBackupCodes();
          return Tenancy.inTenant(pool, tenantId, conn -> repository.replaceCodes(conn, tenantId, userId, hashes(userId, codes))
                  .compose(v -> securityEvents.append(conn, tenantId, userId, "mfa_backup_codes_regenerated", meta,
                      new JsonObject()))
                  .compose(v -> AccountAudit.ofUser(conn, tenantId, userId, AccountAudit.MFA_BACKUP_CODES_REGENERATE,
                      new JsonObject(), meta)))
              .map(v -> codes);
        });
  }

  /** Whether MFA is on and how many backup codes are left. */
  public Future<JsonObject> status(UUID tenantId, UUID userId) {
    return Tenancy.inTenant(pool, tenantId, conn -> repository.find(conn, tenantId, userId)
        .compose(found -> repository.unusedCodes(conn, tenantId, userId)
            .map(left -> new JsonObject()
                .put("totp_enabled", found.map(TotpEnrolment::confirmed).orElse(false))
                .put("totp_pending", found.map(e -> !e.confirmed()).orElse(false))
                .put("backup_codes_remaining", left))));
  }

  private Future<Boolean> check(SqlConnection conn, UUID tenantId, UUID userId, TotpEnrolment enrolment, String code) {
    if (code.length() == Totp.DIGITS && code.chars().allMatch(Character::isDigit)) {
      long step = Totp.match(secret(enrolment, userId), code, clock.instant(), enrolment.lastStep());
      return step < 0 ? Future.succeededFuture(false) : repository.useStep(conn, tenantId, userId, step);
    }
    return repository.spendCode(conn, tenantId, userId, backupHash(userId, code));
  }

  private Future<Void> failuresBelowLimit(UUID tenantId, UUID userId) {
    return redis.send(Request.cmd(Command.GET).arg(FAIL_PREFIX + tenantId + ":" + userId))
        .compose(value -> value != null && value.toLong() >= config.mfaFailureLimit()
            ? Future.failedFuture(new RateLimitedException("Too many wrong codes; try again later",
                config.mfaFailureWindow().toSeconds()))
            : Future.succeededFuture());
  }

  private Future<Void> countFailure(UUID tenantId, UUID userId) {
    String key = FAIL_PREFIX + tenantId + ":" + userId;
    return redis.send(Request.cmd(Command.INCR).arg(key))
        .compose(n -> n.toLong() == 1
            ? redis.send(Request.cmd(Command.EXPIRE).arg(key).arg(config.mfaFailureWindow().toSeconds())).mapEmpty()
            : Future.<Void>succeededFuture());
  }

  private Future<Void> clearFailures(UUID tenantId, UUID userId) {
    return redis.send(Request.cmd(Command.DEL).arg(FAIL_PREFIX + tenantId + ":" + userId)).mapEmpty();
  }

  private byte[] secret(TotpEnrolment enrolment, UUID userId) {
    return encryption.decrypt(enrolment.secretEnc(), aad(userId));
  }

  private static byte[] aad(UUID userId) {
    return ("mfa-totp:" + userId).getBytes(StandardCharsets.UTF_8);
  }

  /** Ten codes of 10 base32 characters (50 bits each), shown as {@code xxxxx-xxxxx}. */
  static List<String> newBackupCodes() {
    List<String> codes = new ArrayList<>(BACKUP_CODES);
    for (int i = 0; i < BACKUP_CODES; i++) {
      byte[] raw = new byte[7];
      RANDOM.nextBytes(raw);
      String c = Base32.encode(raw).substring(0, 10).toLowerCase(Locale.ROOT);
      codes.add(c.substring(0, 5) + "-" + c.substring(5));
    }
    return codes;
  }

  private static List<byte[]> hashes(UUID userId, List<String> codes) {
    return codes.stream().map(c -> backupHash(userId, c.replace("-", ""))).toList();
  }

  static byte[] backupHash(UUID userId, String normalizedCode) {
    return sha256(userId + ":" + normalizedCode);
  }

  private static String randomToken() {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  static String sha256Hex(String value) {
    return HexFormat.of().formatHex(sha256(value));
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
