package io.olympus.auth.abuse;

import io.olympus.auth.config.AccountConfig;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Failed sign-in tracking in Redis. Failures are counted per account (tenant + email, also for unknown emails, so
 * the behaviour does not reveal which exist) and per account + IP. The account + IP count sets a growing delay
 * before a failed answer ({@code 250 ms * 2^(n-3)} from the 3rd failure, capped by {@code AUTH_FAILURE_DELAY_MAX_MS});
 * the account count locks the account for {@code AUTH_LOCKOUT_SECONDS} once it reaches {@code AUTH_LOCKOUT_THRESHOLD}
 * within {@code AUTH_FAILURE_WINDOW_SECONDS}. Keys hold a SHA-256 of the email, never the address.
 */
public final class LoginThrottle {

  static final String FAIL_SCRIPT = """
      local a = redis.call('INCR', KEYS[1])
      if a == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
      local p = redis.call('INCR', KEYS[2])
      if p == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[1]) end
      local locked = 0
      if a >= tonumber(ARGV[2]) then
        if redis.call('SET', KEYS[3], '1', 'PX', ARGV[3], 'NX') then locked = 1 end
      end
      return locked
      """;

  /** What is known about an account before a sign-in attempt. */
  public record State(boolean locked, long failuresFromIp) {}

  private final Redis redis;
  private final AccountConfig config;

  public LoginThrottle(Redis redis, AccountConfig config) {
    this.redis = redis;
    this.config = config;
  }

  public Future<State> state(UUID tenantId, String email, String ip) {
    String account = account(tenantId, email);
    return redis.send(Request.cmd(Command.MGET).arg(lockKey(account)).arg(pairKey(account, ip)))
        .map(reply -> new State(reply.get(0) != null, reply.get(1) == null ? 0 : reply.get(1).toLong()));
  }

  /** Delay before answering a failed attempt, given the failures seen from this IP on this account before it. */
  public long delayMillis(long failuresBefore) {
    if (failuresBefore < 2 || config.failureDelayMaxMs() == 0) {
      return 0;
    }
    long exponent = Math.min(16, failuresBefore - 2);
    return Math.min(config.failureDelayMaxMs(), 250L << exponent);
  }

  /** Counts a failure; true when this failure locked the account (it was not locked before). */
  public Future<Boolean> recordFailure(UUID tenantId, String email, String ip) {
    String account = account(tenantId, email);
    return redis.send(Request.cmd(Command.EVAL).arg(FAIL_SCRIPT).arg(3)
            .arg(failKey(account)).arg(pairKey(account, ip)).arg(lockKey(account))
            .arg(config.failureWindow().toMillis()).arg(config.lockoutThreshold()).arg(config.lockout().toMillis()))
        .map(reply -> reply != null && reply.toInteger() == 1);
  }

  /** Forgets the failures of this account from this IP after a successful sign-in. */
  public Future<Void> recordSuccess(UUID tenantId, String email, String ip) {
    String account = account(tenantId, email);
    return redis.send(Request.cmd(Command.DEL).arg(pairKey(account, ip)).arg(failKey(account))).mapEmpty();
  }

  /** Lifts a lock and forgets the account's failures. */
  public Future<Void> unlock(UUID tenantId, String email) {
    String account = account(tenantId, email);
    return redis.send(Request.cmd(Command.DEL).arg(lockKey(account)).arg(failKey(account))).mapEmpty();
  }

  static String account(UUID tenantId, String email) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest((tenantId + "\n" + email).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String lockKey(String account) {
    return "auth:lock:" + account;
  }

  private static String failKey(String account) {
    return "auth:fail:" + account;
  }

  private static String pairKey(String account, String ip) {
    return "auth:fail:" + account + ":" + ip;
  }
}
