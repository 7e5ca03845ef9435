package io.olympus.auth.registration.service;

import io.olympus.auth.abuse.LoginThrottle;
import io.olympus.auth.account.repository.Account;
import io.olympus.auth.account.repository.AccountRepository;
import io.olympus.auth.directory.Seats;
import io.olympus.auth.account.repository.RequestMeta;
import io.olympus.auth.account.repository.SecurityEvent;
import io.olympus.auth.account.repository.SecurityEventRepository;
import io.olympus.auth.account.service.AccountAudit;
import io.olympus.auth.account.service.AccountMails;
import io.olympus.auth.account.service.TenantBoundTokens;
import io.olympus.auth.config.AccountConfig;
import io.olympus.auth.password.service.PasswordHasher;
import io.olympus.auth.password.service.PasswordPolicy;
import io.olympus.common.db.Tenancy;
import io.olympus.common.error.FieldError;
import io.olympus.common.error.ValidationException;
import io.olympus.common.event.EventEnvelope;
import io.olympus.common.event.Uuids;
import io.olympus.common.outbox.OutboxWriter;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Registration, email verification (single-use mailed link, stored hashed), resend, self-unlock by mail, and the
 * creation of a tenant's owner at tenant sign-up.
 */
public final class RegistrationService {

  public static final String PURPOSE_VERIFY = "verify_email";
  public static final String PURPOSE_UNLOCK = "unlock";
  /** Role names given to new accounts (the platform's RBAC assigns the permissions). */
  public static final List<String> CUSTOMER_ROLES = List.of("customer");
  public static final List<String> OWNER_ROLES = List.of("owner");

  private final Pool pool;
  private final AccountRepository accounts;
  private final SecurityEventRepository securityEvents;
  private final PasswordHasher hasher;
  private final PasswordPolicy policy;
  private final LoginThrottle throttle;
  private final AccountMails mails;
  private final AccountConfig config;
  private final Clock clock;

  /** A registration after input validation. */
  public record Registration(UUID tenantId, String email, String password, String displayName) {}

  public RegistrationService(Pool pool, AccountRepository accounts, SecurityEventRepository securityEvents,
      PasswordHasher hasher, PasswordPolicy policy, LoginThrottle throttle, AccountMails mails, AccountConfig config,
      Clock clock) {
    this.pool = pool;
    this.accounts = accounts;
    this.securityEvents = securityEvents;
    this.hasher = hasher;
    this.policy = policy;
    this.throttle = throttle;
    this.mails = mails;
    this.config = config;
    this.clock = clock;
  }

  /** Every password policy rule {@code password} breaks, as field errors (empty when acceptable). */
  public List<FieldError> passwordErrors(String password, String email) {
    return new ArrayList<>(policy.check(password, email));
  }

  /**
   * Creates an unverified account, writes {@code user.registered} in the same transaction and mails the verification
   * link. Fails with {@code ConflictException} when the email is taken in the tenant, {@code QuotaExceededException}
   * when the tenant's plan has no free user seat ({@link Seats}: deactivated users do not count).
   */
  public Future<Account> register(Registration r, RequestMeta meta) {
    return hasher.hash(r.password())
        .compose(hash -> Tenancy.inTenant(pool, r.tenantId(), conn -> Seats.claim(conn, r.tenantId())
            .compose(v -> accounts.insert(conn, r.tenantId(), r.email(), r.displayName(), hash, false, CUSTOMER_ROLES))
            .compose(account -> registered(conn, account, meta)
                .compose(v -> verificationToken(conn, account))
                .map(token -> new Created(account, token)))))
        .compose(created -> mails.verifyEmail(created.account().email(), created.account().displayName(), created.token())
            .map(v -> created.account()));
  }

  /** Creates a verified owner (tenant sign-up); fails like {@link #register} and on a weak password. */
  public Future<Account> registerOwner(Registration r, UUID userId, RequestMeta meta) {
    List<FieldError> errors = policy.check(r.password(), r.email());
    if (!errors.isEmpty()) {
      return Future.failedFuture(new ValidationException("Password does not meet the password policy", errors));
    }
    return hasher.hash(r.password())
        .compose(hash -> Tenancy.inTenant(pool, r.tenantId(), conn -> Seats.claim(conn, r.tenantId())
            .compose(v -> accounts.insert(conn, userId == null ? Uuids.v7() : userId, r.tenantId(), r.email(),
                r.displayName(), hash, true, OWNER_ROLES))
            .compose(account -> registered(conn, account, meta).map(v -> account))));
  }

  /** Spends a verification token and marks the address verified; fails with 400 when the token is not valid. */
  public Future<Void> verifyEmail(String token, RequestMeta meta) {
    return spend(token, PURPOSE_VERIFY, (conn, tenantId, userId) -> accounts.markVerified(conn, tenantId, userId)
        .compose(v -> securityEvents.append(conn, tenantId, userId, SecurityEvent.EMAIL_VERIFIED, meta, new JsonObject()))
        .compose(v -> OutboxWriter.append(conn, EventEnvelope.of("user.email_verified", tenantId, "user",
            userId.toString(), meta.requestId(), new JsonObject().put("user_id", userId.toString())))))
        .mapEmpty();
  }

  /** Spends an unlock token and lifts the account's lock; fails with 400 when the token is not valid. */
  public Future<Void> unlock(String token, RequestMeta meta) {
    return spend(token, PURPOSE_UNLOCK, (conn, tenantId, userId) -> securityEvents
            .append(conn, tenantId, userId, SecurityEvent.UNLOCKED, meta, new JsonObject().put("by", "owner_link"))
            .compose(v -> AccountAudit.ofUser(conn, tenantId, userId, AccountAudit.USER_UNLOCK,
                new JsonObject().put("by", "owner_link"), meta)))
        .compose(account -> throttle.unlock(account.tenantId(), account.email()));
  }

  /** Lifts a lock on behalf of a tenant administrator; fails with 404 when the tenant has no such user. */
  public Future<Void> unlockByAdmin(UUID tenantId, UUID userId, UUID adminId, RequestMeta meta) {
    return Tenancy.inTenant(pool, tenantId, conn -> accounts.findById(conn, tenantId, userId)
            .compose(found -> found.isEmpty()
                ? Future.failedFuture(new io.olympus.common.error.NotFoundException("No such user"))
                : securityEvents.append(conn, tenantId, userId, SecurityEvent.UNLOCKED, meta,
                        new JsonObject().put("by", "admin").put("admin_id", adminId.toString()))
                    .compose(v -> AccountAudit.append(conn, tenantId, adminId, AccountAudit.USER_UNLOCK, "user",
                        userId.toString(), new JsonObject().put("by", "admin"), meta))
                    .map(v -> found.get())))
        .compose(account -> throttle.unlock(tenantId, account.email()));
  }

  /** One user of the tenant; fails with 404 when there is none. */
  public Future<Account> find(UUID tenantId, UUID userId) {
    return Tenancy.inTenant(pool, tenantId, conn -> accounts.findById(conn, tenantId, userId))
        .compose(found -> found.map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(new io.olympus.common.error.NotFoundException("No such user"))));
  }

  /** Mails a new verification link when the account exists and is unverified; succeeds either way (no account probing). */
  public Future<Void> resend(UUID tenantId, String email) {
    return Tenancy.inTenant(pool, tenantId, conn -> accounts.findByEmail(conn, tenantId, email)
            .compose(found -> found.isEmpty() || found.get().emailVerified()
                ? Future.succeededFuture(Optional.<Created>empty())
                : verificationToken(conn, found.get()).map(token -> Optional.of(new Created(found.get(), token)))))
        .compose(created -> created.isEmpty()
            ? Future.succeededFuture()
            : mails.verifyEmail(created.get().account().email(), created.get().account().displayName(), created.get().token()));
  }

  private Future<Void> registered(SqlConnection conn, Account account, RequestMeta meta) {
    return OutboxWriter.append(conn, EventEnvelope.of("user.registered", account.tenantId(), "user", account.id().toString(),
        meta.requestId(), new JsonObject()
            .put("user_id", account.id().toString())
            .put("email", account.email())
            .put("display_name", account.displayName())
            .put("email_verified", account.emailVerified())
            .put("roles", account.roles())));
  }

  private Future<String> verificationToken(SqlConnection conn, Account account) {
    String token = TenantBoundTokens.newToken(account.tenantId());
    return accounts.insertToken(conn, TenantBoundTokens.hash(token), account.tenantId(), account.id(), PURPOSE_VERIFY,
            clock.instant().plus(config.emailVerificationTtl()))
        .map(v -> token);
  }

  private Future<Account> spend(String token, String purpose, Spent action) {
    Optional<TenantBoundTokens.Parsed> parsed = TenantBoundTokens.parse(token);
    if (parsed.isEmpty()) {
      return Future.failedFuture(invalidToken());
    }
    UUID tenantId = parsed.get().tenantId();
    return Tenancy.inTenant(pool, tenantId, conn -> accounts.spendToken(conn, TenantBoundTokens.hash(token), tenantId, purpose)
        .compose(userId -> userId.isEmpty()
            ? Future.<Account>failedFuture(invalidToken())
            : action.apply(conn, tenantId, userId.get())
                .compose(v -> accounts.findById(conn, tenantId, userId.get()))
                .map(Optional::orElseThrow)));
  }

  private static ValidationException invalidToken() {
    return new ValidationException("token", "is invalid, expired or already used");
  }

  @FunctionalInterface
  private interface Spent {
    Future<?> apply(SqlConnection conn, UUID tenantId, UUID userId);
  }

  private record Created(Account account, String token) {}
}
