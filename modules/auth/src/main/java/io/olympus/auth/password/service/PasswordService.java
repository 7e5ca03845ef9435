package io.olympus.auth.password.service;

import io.olympus.auth.account.repository.Account;
import io.olympus.auth.account.repository.AccountRepository;
import io.olympus.auth.account.repository.RequestMeta;
import io.olympus.auth.account.repository.SecurityEventRepository;
import io.olympus.auth.account.service.AccountAudit;
import io.olympus.auth.account.service.TenantBoundTokens;
import io.olympus.auth.config.CredentialConfig;
import io.olympus.auth.config.AccountConfig;
import io.olympus.auth.mail.MailTemplates;
import io.olympus.auth.mail.Mailer;
import io.olympus.auth.password.repository.PasswordRepository;
import io.olympus.auth.session.service.SessionService;
import io.olympus.common.db.Tenancy;
import io.olympus.common.error.ConflictException;
import io.olympus.common.error.FieldError;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.error.ValidationException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forgotten password (mailed single-use link, 1 hour), reset and change. A new password must pass {@link PasswordPolicy}
 * and differ from the current and the last {@code AUTH_PASSWORD_HISTORY - 1} earlier ones (Argon2 hashes kept in
 * {@code auth_password_history}). A reset ends every session of the user; a change ends every other session.
 */
public final class PasswordService {

  private static final Logger LOG = LoggerFactory.getLogger(PasswordService.class);
  static final String RESET_INVALID = "The reset link is invalid, used or expired";

  /** Who is resetting: the token's tenant and user, the account, its earlier hashes. */
  private record Target(UUID tenantId, Account account, List<String> recent) {}

  private final Pool pool;
  private final AccountRepository accounts;
  private final PasswordRepository passwords;
  private final SecurityEventRepository securityEvents;
  private final PasswordHasher hasher;
  private final PasswordPolicy policy;
  private final SessionService sessions;
  private final Mailer mailer;
  private final MailTemplates templates;
  private final AccountConfig flows;
  private final CredentialConfig config;
  private final Clock clock;

  public PasswordService(Pool pool, AccountRepository accounts, PasswordRepository passwords,
      SecurityEventRepository securityEvents, PasswordHasher hasher, PasswordPolicy policy, SessionService sessions,
      Mailer mailer, MailTemplates templates, AccountConfig flows, CredentialConfig config, Clock clock) {
    this.pool = pool;
    this.accounts = accounts;
    this.passwords = passwords;
    this.securityEvents = securityEvents;
    this.hasher = hasher;
    this.policy = policy;
    this.sessions = sessions;
    this.mailer = mailer;
    this.templates = templates;
    this.flows = flows;
    this.config = config;
    this.clock = clock;
  }

  /**
   * Mails a reset link when the tenant has an active account with {@code email}; does nothing otherwise. The mail is sent in
   * the background, so the answer takes the same time whether or not the account exists. Fails only when the database
   * fails.
   */
  public Future<Void> forgot(UUID tenantId, String email, RequestMeta meta) {
    String token = TenantBoundTokens.newToken(tenantId);
    return Tenancy.inTenant(pool, tenantId, conn -> accounts.findByEmail(conn, tenantId, email)
            .map(found -> found.filter(Account::active))
            .compose(account -> account.isEmpty()
                ? Future.succeededFuture(Optional.<Account>empty())
                : passwords.insertResetToken(conn, tenantId, account.get().id(), TenantBoundTokens.hash(token),
                        clock.instant().plus(config.passwordResetTtl()))
                    .compose(v -> securityEvents.append(conn, tenantId, account.get().id(), "password_reset_requested", meta,
                        new JsonObject()))
                    .map(v -> account)))
        .onSuccess(account -> account.ifPresent(a -> sendResetMail(a, token)))
        .mapEmpty();
  }

  /**
   * Sets a new password with a mailed token and ends every session and refresh token family of the user. Fails with
   * {@link ValidationException} for an invalid, used or expired token (field {@code token}) or a password the policy or
   * the history refuses (field {@code new_password}).
   */
  public Future<Void> reset(String token, String newPassword, RequestMeta meta) {
    Optional<TenantBoundTokens.Parsed> parsed = TenantBoundTokens.parse(token);
    if (parsed.isEmpty()) {
      return Future.failedFuture(new ValidationException("token", RESET_INVALID));
    }
    UUID tenantId = parsed.get().tenantId();
    byte[] hash = TenantBoundTokens.hash(token);
    return Tenancy.inTenant(pool, tenantId, conn -> passwords.findOpenToken(conn, tenantId, hash)
            .compose(user -> user.isEmpty()
                ? Future.<Target>failedFuture(new ValidationException("token", RESET_INVALID))
                : target(conn, tenantId, user.get())))
        .compose(target -> newHash(target, newPassword)
            .compose(newHash -> Tenancy.inTenant(pool, tenantId, conn -> passwords.spendToken(conn, tenantId,
                    target.account().id(), hash)
                .compose(spent -> spent
                    ? passwords.replaceHash(conn, tenantId, target.account().id(), target.account().passwordHash(), newHash,
                        config.passwordHistory())
                    : Future.failedFuture(new ValidationException("token", RESET_INVALID)))
                .compose(replaced -> replaced
                    ? securityEvents.append(conn, tenantId, target.account().id(), "password_reset", meta, new JsonObject())
                        .compose(v -> AccountAudit.ofUser(conn, tenantId, target.account().id(), AccountAudit.PASSWORD_RESET,
                            new JsonObject(), meta))
                    : Future.failedFuture(new ConflictException("The password changed meanwhile; ask for a new link")))))
            .compose(v -> sessions.endAllSessions(tenantId, target.account().id(), meta)));
  }

  /**
   * Changes the password of a signed-in user and ends their other sessions (the current one, {@code sessionId}, stays).
   * Fails with {@link ValidationException} on {@code current_password} when it is wrong and on {@code new_password} when
   * the policy or the history refuses it.
   */
  public Future<Void> change(UUID tenantId, UUID userId, UUID sessionId, String currentPassword, String newPassword,
      RequestMeta meta) {
    return Tenancy.inTenant(pool, tenantId, conn -> target(conn, tenantId, userId))
        .compose(target -> (target.account().passwordHash() == null
                ? Future.succeededFuture(false)
                : hasher.verify(target.account().passwordHash(), currentPassword))
            .compose(matches -> matches
                ? newHash(target, newPassword)
                : Future.failedFuture(new ValidationException("current_password", "is not correct")))
            .compose(newHash -> Tenancy.inTenant(pool, tenantId, conn -> passwords.replaceHash(conn, tenantId, userId,
                    target.account().passwordHash(), newHash, config.passwordHistory())
                .compose(replaced -> replaced
                    ? securityEvents.append(conn, tenantId, userId, "password_changed", meta, new JsonObject())
                        .compose(v -> AccountAudit.ofUser(conn, tenantId, userId, AccountAudit.PASSWORD_CHANGE,
                            new JsonObject(), meta))
                    : Future.failedFuture(new ConflictException("The password changed meanwhile; try again"))))))
        .compose(v -> sessions.listSessions(tenantId, userId))
        .compose(live -> Future.all(live.stream()
            .filter(s -> !s.id().equals(sessionId))
            .map(s -> sessions.endSession(tenantId, userId, s.id(), "session_revoked", meta))
            .toList()))
        .mapEmpty();
  }

  private Future<Target> target(io.vertx.sqlclient.SqlConnection conn, UUID tenantId, UUID userId) {
    return accounts.findById(conn, tenantId, userId)
        .compose(account -> account.isEmpty()
            ? Future.failedFuture(new NotFoundException("No such user"))
            : passwords.recentHashes(conn, tenantId, userId, config.passwordHistory() - 1)
                .map(recent -> new Target(tenantId, account.get(), recent)));
  }

  /** Checks the policy and the history, then hashes. */
  private Future<String> newHash(Target target, String password) {
    List<FieldError> errors = new ArrayList<>();
    for (FieldError e : policy.check(password, target.account().email())) {
      errors.add(new FieldError("new_password", e.message()));
    }
    if (!errors.isEmpty()) {
      return Future.failedFuture(new ValidationException("Password does not meet the password policy", errors));
    }
    List<String> earlier = new ArrayList<>();
    if (target.account().passwordHash() != null) {
      earlier.add(target.account().passwordHash());
    }
    earlier.addAll(target.recent());
    return Future.all(earlier.stream().map(h -> hasher.verify(h, password)).toList())
        .compose(all -> all.list().contains(Boolean.TRUE)
            ? Future.failedFuture(new ValidationException("new_password",
                "must differ from your last " + config.passwordHistory() + " passwords"))
            : hasher.hash(password));
  }

  private void sendResetMail(Account account, String token) {
    String link = flows.publicBaseUrl() + "/reset-password?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    MailTemplates.Mail mail = templates.render("reset-password", Map.of(
        "name", account.displayName() != null ? account.displayName() : account.email(),
        "link", link,
        "minutes", Long.toString(config.passwordResetTtl().toMinutes())));
    mailer.send(account.email(), mail.subject(), mail.text(), mail.html())
        .onFailure(err -> LOG.error("could not send the reset-password mail: {}", err.getMessage()));
  }
}
