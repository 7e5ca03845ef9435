package io.olympus.auth.login.service;

import io.olympus.auth.abuse.LoginThrottle;
import io.olympus.auth.account.repository.Account;
import io.olympus.auth.account.repository.AccountRepository;
import io.olympus.auth.account.repository.DeviceRepository;
import io.olympus.auth.account.repository.RequestMeta;
import io.olympus.auth.account.repository.SecurityEvent;
import io.olympus.auth.account.repository.SecurityEventRepository;
import io.olympus.auth.account.service.AccountMails;
import io.olympus.auth.account.service.TenantBoundTokens;
import io.olympus.auth.config.AccountConfig;
import io.olympus.auth.password.service.HashAdmission;
import io.olympus.auth.password.service.PasswordHasher;
import io.olympus.auth.session.service.RefreshTokenService;
import io.olympus.auth.session.service.TokenPair;
import io.olympus.auth.session.store.SessionStore;
import io.olympus.common.db.Tenancy;
import io.olympus.common.error.ForbiddenException;
import io.olympus.common.error.UnauthorizedException;
import io.olympus.common.event.EventEnvelope;
import io.olympus.common.event.Uuids;
import io.olympus.common.outbox.OutboxWriter;
import io.olympus.common.tenant.TenantInfo;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Password sign-in. Unknown email, wrong password and locked account all cost one Argon2 verification and answer
 * the same 401 after the same throttle delay; only a correct password on an unlocked account signs in.
 */
public final class LoginService {

  /** The one answer of every failed sign-in. */
  public static final String INVALID_CREDENTIALS = "Invalid email or password";

  private static final Logger LOG = LoggerFactory.getLogger(LoginService.class);

  private final Vertx vertx;
  private final io.vertx.sqlclient.Pool pool;
  private final AccountRepository accounts;
  private final DeviceRepository devices;
  private final SecurityEventRepository securityEvents;
  private final PasswordHasher hasher;
  private final LoginThrottle throttle;
  private final RefreshTokenService refreshTokens;
  private final SessionStore sessions;
  private final AccountMails mails;
  private final MfaGate mfa;
  private final AccountConfig config;
  private final Clock clock;

  /** A sign-in request after input validation (email normalised). */
  public record Credentials(TenantInfo tenant, String email, String password, String deviceId, String deviceName) {}

  public LoginService(Vertx vertx, io.vertx.sqlclient.Pool pool, AccountRepository accounts, DeviceRepository devices,
      SecurityEventRepository securityEvents, PasswordHasher hasher, LoginThrottle throttle,
      RefreshTokenService refreshTokens, SessionStore sessions, AccountMails mails, MfaGate mfa,
      AccountConfig config, Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.accounts = accounts;
    this.devices = devices;
    this.securityEvents = securityEvents;
    this.hasher = hasher;
    this.throttle = throttle;
    this.refreshTokens = refreshTokens;
    this.sessions = sessions;
    this.mails = mails;
    this.mfa = mfa;
    this.config = config;
    this.clock = clock;
  }

  /**
   * Signs in. Fails with {@link UnauthorizedException} ({@link #INVALID_CREDENTIALS}) for an unknown email, a wrong
   * password, a locked or a deactivated account; with {@link ForbiddenException} when the email must be verified first;
   * with {@code admitted}'s failure (the rate limits' 429) when it fails; with {@code UnavailableException} (503
   * {@code overloaded}) when {@code ticket}'s sign-in is dropped before its hash (see {@link HashAdmission}). The
   * account and the throttle state are read while {@code admitted} is still open, but the password is hashed only once
   * it succeeded. {@code ticket} is the sign-in's place in the hashing queue, taken before any of this (null: none).
   */
  public Future<LoginResult> login(Credentials c, RequestMeta meta, Future<Void> admitted, HashAdmission.Ticket ticket) {
    UUID tenantId = c.tenant().id();
    // the throttle (Redis) and the account (one pipelined read) do not depend on each other
    Future<LoginThrottle.State> throttled = throttle.state(tenantId, c.email(), meta.ip());
    Future<Optional<Account>> found = Tenancy.readInTenant(pool, tenantId,
        conn -> accounts.findByEmail(conn, tenantId, c.email()));
    return Future.all(throttled, found, admitted)
        // a deactivated account answers exactly like an unknown email: no account probing
        .map(both -> found.result().filter(Account::active))
        .compose(account -> {
          // whether a second factor is due is read while the hash runs (its answer counts only for a correct
          // password); the answer's timing still depends on the hash alone
          Future<Boolean> mfaRequired = account.map(mfa::required).orElseGet(() -> Future.succeededFuture(false));
          return verify(account, c.password(), ticket)
              .compose(matches -> matches && !throttled.result().locked()
                  ? succeed(account.get(), c, meta, mfaRequired)
                  : fail(account, c, meta, throttled.result().failuresFromIp()));
        });
  }

  /**
   * The sign-in for a tenant slug that names no tenant: the same work and answer as an unknown email in a known tenant
   * (the throttle state read, one Argon2 verification against a dummy hash, the failure counted, the growing delay,
   * 401 {@link #INVALID_CREDENTIALS}), so neither the answer nor its time tells which tenants exist. The throttle
   * counts under a stand-in tenant id derived from the slug. Only the security-event row is not written (there is no
   * tenant to write it for).
   */
  public Future<LoginResult> refuseUnknownTenant(String slug, String email, String password, RequestMeta meta,
      Future<Void> admitted, HashAdmission.Ticket ticket) {
    UUID standIn = UUID.nameUUIDFromBytes(("olympus.unknown-tenant:" + slug).getBytes(StandardCharsets.UTF_8));
    Future<LoginThrottle.State> throttled = throttle.state(standIn, email, meta.ip());
    return Future.all(throttled, admitted)
        .compose(both -> hasher.verifyDummy(password == null ? "" : password, ticket))
        .compose(ignored -> throttle.recordFailure(standIn, email, meta.ip())
            .<Void>mapEmpty()
            .recover(err -> {
              LOG.error("could not record a failed sign-in: {}", err.getMessage());
              return Future.succeededFuture();
            }))
        .compose(v -> delay(throttle.delayMillis(throttled.result().failuresFromIp())))
        .compose(v -> Future.failedFuture(new UnauthorizedException(INVALID_CREDENTIALS)));
  }

  /** Opens a session for an account that proved who it is (password, or a verified owner at tenant sign-up). */
  public Future<LoginResult> startSession(Account account, String deviceId, String deviceName, RequestMeta meta,
      List<String> amr) {
    UUID tenantId = account.tenantId();
    UUID sessionId = Uuids.v7();
    String deviceKey = deviceKey(deviceId, meta.userAgent());
    AtomicReference<Future<?>> redisSession = new AtomicReference<>();
    // the access token is signed (off the event loop) while the transaction's first round trips run
    RefreshTokenService.NewFamily family = refreshTokens.open(tenantId, account.id(), sessionId, account.roles(),
        account.emailVerified(), amr);
    // one transaction in two round trips: the account and the device; then the sign-in's rows with the COMMIT
    Future<SignedIn> signedIn = Tenancy.inTenant(pool, tenantId, conn -> {
      // First the sign-in on the account: it takes the account's row lock and finds it active or not. A deactivation
      // writes the status first and revokes families after, so either it waits for this transaction and then finds
      // this session's family, or this finds the account deactivated and the sign-in rolls back. Then the device,
      // sent together; the connection runs them in order, so the count is of the devices before this sign-in.
      Future<Boolean> active = accounts.recordSignIn(conn, tenantId, account.id());
      Future<Long> before = devices.count(conn, tenantId, account.id());
      Future<DeviceRepository.Seen> recorded = devices.recordSignIn(conn, tenantId, account.id(), deviceKey, deviceName,
          meta.userAgent(), meta.ip());
      return Future.all(active, before, recorded).compose(all -> active.result()
          ? Future.succeededFuture(new SignInDevice(recorded.result(), recorded.result().isNew() && before.result() > 0))
          : Future.failedFuture(new UnauthorizedException(INVALID_CREDENTIALS)));
    }, (conn, device) -> {
      DeviceRepository.Seen seen = device.seen();
      String signedInDevice = seen.device().id().toString();
      // the Redis session needs only the device: it is written while the rest of the transaction runs
      redisSession.set(sessions.create(sessionId, tenantId, account.id(), seen.device().id(), meta.ip(), meta.userAgent()));
      List<Future<?>> rows = new ArrayList<>();
      rows.add(securityEvents.append(conn, tenantId, account.id(), SecurityEvent.LOGIN_SUCCEEDED, meta,
          new JsonObject().put("session_id", sessionId.toString()).put("device_id", signedInDevice)));
      if (device.announce()) {
        rows.add(securityEvents.append(conn, tenantId, account.id(), SecurityEvent.NEW_DEVICE, meta,
            new JsonObject().put("device_id", signedInDevice)));
      }
      rows.add(OutboxWriter.append(conn, EventEnvelope.of("user.logged_in", tenantId, "user",
          account.id().toString(), meta.requestId(), new JsonObject()
              .put("user_id", account.id().toString())
              .put("session_id", sessionId.toString())
              .put("device_id", signedInDevice)
              .put("new_device", seen.isNew()))));
      // its rows are sent now; the pair also waits for the access token's signature (started above)
      Future<TokenPair> issued = family.storeIn(conn);
      rows.add(issued);
      return Future.all(rows).map(written -> new SignedIn(issued.result(), seen.device().name(), device.announce()));
    });
    return signedIn.transform(done -> {
      Future<?> session = redisSession.get();
      if (done.failed()) {
        // nothing was committed; a Redis session written meanwhile goes too
        return session == null
            ? Future.<LoginResult>failedFuture(done.cause())
            : session.transform(written -> sessions.delete(tenantId, account.id(), sessionId))
                .transform(deleted -> Future.<LoginResult>failedFuture(done.cause()));
      }
      SignedIn in = done.result();
      return session.map(written -> {
        if (in.announce()) {
          mails.newDevice(account.email(), nameOf(account), in.deviceName() != null ? in.deviceName() : meta.userAgent(),
              meta.ip(), clock.instant());
        }
        return new LoginResult(in.pair(), TenantBoundTokens.wrap(tenantId, in.pair().refreshToken()), account.id());
      });
    });
  }

  private Future<Boolean> verify(Optional<Account> account, String password, HashAdmission.Ticket ticket) {
    if (account.isEmpty() || account.get().passwordHash() == null) {
      return hasher.verifyDummy(password, ticket);
    }
    return hasher.verify(account.get().passwordHash(), password, ticket);
  }

  private Future<LoginResult> succeed(Account account, Credentials c, RequestMeta meta, Future<Boolean> mfaRequired) {
    if (config.requireVerifiedEmail() && !account.emailVerified()) {
      return Future.failedFuture(new ForbiddenException("Confirm your email address before signing in"));
    }
    // the throttle reset (Redis) runs beside the challenge or the session; the sign-in fails if either fails
    Future<Void> cleared = throttle.recordSuccess(account.tenantId(), c.email(), meta.ip());
    Future<LoginResult> result = mfaRequired.compose(required -> required
        ? mfa.challenge(account, c.deviceId(), c.deviceName()).map(LoginResult::mfaRequired)
        : startSession(account, c.deviceId(), c.deviceName(), meta, List.of("pwd")));
    return Future.all(result, cleared)
        .map(both -> result.result())
        .onSuccess(signedIn -> rehashIfNeeded(account, c.password()));
  }

  private Future<LoginResult> fail(Optional<Account> account, Credentials c, RequestMeta meta, long failuresBefore) {
    UUID tenantId = c.tenant().id();
    UUID userId = account.map(Account::id).orElse(null);
    return throttle.recordFailure(tenantId, c.email(), meta.ip())
        .compose(lockedNow -> Tenancy.inTenant(pool, tenantId, conn -> securityEvents.append(conn, tenantId, userId,
                SecurityEvent.LOGIN_FAILED, meta, new JsonObject().put("account_known", userId != null))
            .compose(v -> lockedNow
                ? securityEvents.append(conn, tenantId, userId, SecurityEvent.LOCKED_OUT, meta, new JsonObject())
                : Future.succeededFuture())
            .compose(v -> lockedNow && account.isPresent() ? unlockToken(conn, account.get()) : Future.succeededFuture(null)))
            .compose(token -> token == null
                ? Future.<Void>succeededFuture()
                : mails.unlock(account.get().email(), nameOf(account.get()), token)))
        .recover(err -> {
          LOG.error("could not record a failed sign-in: {}", err.getMessage());
          return Future.succeededFuture();
        })
        .compose(v -> delay(throttle.delayMillis(failuresBefore)))
        .compose(v -> Future.failedFuture(new UnauthorizedException(INVALID_CREDENTIALS)));
  }

  private Future<String> unlockToken(io.vertx.sqlclient.SqlConnection conn, Account account) {
    String token = TenantBoundTokens.newToken(account.tenantId());
    return accounts.insertToken(conn, TenantBoundTokens.hash(token), account.tenantId(), account.id(), "unlock",
            clock.instant().plus(config.unlockTokenTtl()))
        .map(v -> token);
  }

  private void rehashIfNeeded(Account account, String password) {
    if (account.passwordHash() != null && hasher.needsRehash(account.passwordHash())) {
      hasher.hash(password)
          .compose(hash -> Tenancy.inTenant(pool, account.tenantId(),
              conn -> accounts.updatePasswordHash(conn, account.tenantId(), account.id(), hash)))
          .onFailure(err -> LOG.warn("could not rehash the password of user {}: {}", account.id(), err.getMessage()));
    }
  }

  private Future<Void> delay(long millis) {
    if (millis <= 0) {
      return Future.succeededFuture();
    }
    Promise<Void> promise = Promise.promise();
    vertx.setTimer(millis, id -> promise.complete());
    return promise.future();
  }

  static String nameOf(Account account) {
    return account.displayName() != null ? account.displayName() : account.email();
  }

  /** The client's device id, or a digest of the user agent when it sends none. */
  static String deviceKey(String deviceId, String userAgent) {
    if (deviceId != null && !deviceId.isBlank()) {
      return "id:" + deviceId;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((userAgent == null ? "" : userAgent).getBytes(StandardCharsets.UTF_8));
      return "ua:" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private record SignedIn(TokenPair pair, String deviceName, boolean announce) {}

  /** The device of a sign-in, and whether to announce it (new, and not the account's first). */
  private record SignInDevice(DeviceRepository.Seen seen, boolean announce) {}
}
