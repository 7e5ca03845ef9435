package io.olympus.auth;

import io.olympus.auth.abuse.AbuseLimiter;
import io.olympus.auth.abuse.LoginThrottle;
import io.olympus.auth.abuse.TenantIpGate;
import io.olympus.auth.account.repository.AccountRepository;
import io.olympus.auth.account.repository.DeviceRepository;
import io.olympus.auth.account.repository.SecurityEventRepository;
import io.olympus.auth.account.service.AccountMails;
import io.olympus.auth.apikey.repository.ApiKeyRepository;
import io.olympus.auth.apikey.service.ApiKeyService;
import io.olympus.auth.config.AuthConfig;
import io.olympus.auth.directory.UserDirectory;
import io.olympus.auth.directory.UserDirectoryBus;
import io.olympus.auth.config.CredentialConfig;
import io.olympus.auth.config.AccountConfig;
import io.olympus.auth.config.LoginQueueConfig;
import io.olympus.auth.login.service.LoginService;
import io.olympus.auth.login.service.MfaGate;
import io.olympus.auth.mail.LoggingMailer;
import io.olympus.auth.mail.MailTemplates;
import io.olympus.auth.mail.Mailer;
import io.olympus.auth.mail.SmtpMailer;
import io.olympus.auth.mfa.repository.MfaRepository;
import io.olympus.auth.mfa.service.MfaService;
import io.olympus.auth.password.repository.PasswordRepository;
import io.olympus.auth.password.service.HashAdmission;
import io.olympus.auth.password.service.PasswordHasher;
import io.olympus.auth.password.service.PasswordPolicy;
import io.olympus.auth.password.service.PasswordService;
import io.olympus.auth.registration.service.RegistrationService;
import io.olympus.auth.session.repository.RefreshTokenRepository;
import io.olympus.auth.session.service.RefreshTokenService;
import io.olympus.auth.session.service.SessionService;
import io.olympus.auth.session.store.SessionFamilyRepository;
import io.olympus.auth.session.store.SessionStore;
import io.olympus.auth.token.crypto.KeyEncryption;
import io.olympus.auth.token.repository.SigningKeyRepository;
import io.olympus.auth.token.service.AccessTokenIssuer;
import io.olympus.auth.token.service.SigningKeyService;
import io.olympus.common.db.PgPools;
import io.olympus.common.redis.RedisClients;
import io.olympus.common.security.AuthAddresses;
import io.olympus.common.security.AuthKeysBusAdapter;
import io.olympus.common.security.RedisSessionRevocations;
import io.olympus.common.security.Security;
import io.olympus.common.service.ServiceContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The auth service's process-wide parts, built once in {@link AuthService#deploy} and shared by every HTTP verticle
 * instance: one password hasher (one Argon2 worker pool and admission limit), the password policy, the signing keys
 * (periodic rotation check; {@code events.auth.keys_rotated} published after a rotation), the token issuers, the
 * account flows, and the {@code auth.jwks} bus address.
 */
public final class AuthCore {

  private static final Logger LOG = LoggerFactory.getLogger(AuthCore.class);
  static final long ROTATION_CHECK_MS = 60 * 60 * 1000L;

  public final AuthConfig config;
  public final AccountConfig flows;
  public final Clock clock;
  public final PasswordHasher hasher;
  /** Sign-ins' places in the hashing queue, taken before a sign-in does any other work. */
  public final HashAdmission loginAdmission;
  public final SigningKeyService signingKeys;
  public final AbuseLimiter rateLimiter;
  public final LoginService login;
  public final RegistrationService registration;
  public final SessionService sessions;
  public final CredentialConfig extras;
  public final Pool pool;
  public final AccountRepository accounts;
  public final MfaService mfa;
  public final PasswordService passwords;
  public final ApiKeyService apiKeys;
  public final TenantIpGate ipGate;
  public final UserDirectory directory;

  private final Vertx vertx;
  private final Redis redis;
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private long rotationTimer = -1;
  private long flushTimer = -1;

  private AuthCore(Vertx vertx, ServiceContext context, AuthConfig config, AccountConfig flows, Clock clock,
      CredentialConfig extras, LoginQueueConfig loginQueue, PasswordPolicy policy, MailTemplates templates, MfaGate extraGate) {
    this.vertx = vertx;
    this.config = config;
    this.flows = flows;
    this.clock = clock;
    Pool pool = PgPools.service(vertx, AuthService.NAME, context);
    this.redis = RedisClients.create(vertx, context.redis(), context.config().redisPoolSize(),
        PgPools.serviceName(AuthService.NAME), context.config().deadlines().redisCommandMs());
    this.hasher = new PasswordHasher(vertx, config);
    this.loginAdmission = new HashAdmission(hasher, loginQueue);
    this.signingKeys = new SigningKeyService(vertx, new SigningKeyRepository(pool), config, clock);
    AccessTokenIssuer accessTokens = new AccessTokenIssuer(vertx, signingKeys, config, clock);
    // this process's own revocations reach its copy of the set at once (others hear them on the channel)
    RedisSessionRevocations revocations = new RedisSessionRevocations(redis, Security.of(vertx, context).revocations());
    RefreshTokenService refreshTokens = new RefreshTokenService(pool, new RefreshTokenRepository(), accessTokens,
        revocations::revoke, config, clock);
    Mailer mailer = flows.smtp().<Mailer>map(smtp -> new SmtpMailer(vertx, smtp, flows.mailFrom())).orElseGet(LoggingMailer::new);
    AccountMails mails = new AccountMails(mailer, templates, flows);
    AccountRepository accounts = new AccountRepository();
    this.extras = extras;
    this.pool = pool;
    this.accounts = accounts;
    this.mfa = new MfaService(vertx, pool, redis, new MfaRepository(), accounts, new SecurityEventRepository(), hasher,
        new KeyEncryption(config.keyEncryptionKey()), extras, clock);
    MfaGate mfa = combined(this.mfa, extraGate);
    DeviceRepository devices = new DeviceRepository();
    SecurityEventRepository securityEvents = new SecurityEventRepository();
    LoginThrottle throttle = new LoginThrottle(redis, flows);
    SessionStore sessionStore = new SessionStore(redis, flows, clock);
    this.rateLimiter = new AbuseLimiter(redis);
    this.login = new LoginService(vertx, pool, accounts, devices, securityEvents, hasher, throttle, refreshTokens,
        sessionStore, mails, mfa, flows, clock);
    this.registration = new RegistrationService(pool, accounts, securityEvents, hasher, policy, throttle, mails, flows, clock);
    this.sessions = new SessionService(pool, refreshTokens, sessionStore, new SessionFamilyRepository(), revocations,
        devices, securityEvents, config.accessTokenTtl());
    this.passwords = new PasswordService(pool, accounts, new PasswordRepository(), securityEvents, hasher, policy, sessions,
        mailer, templates, flows, extras, clock);
    this.apiKeys = new ApiKeyService(vertx, pool, redis, new ApiKeyRepository(), clock);
    this.ipGate = new TenantIpGate(pool, redis, securityEvents);
    this.directory = new UserDirectory(vertx, pool, sessions);
  }

  /** The MFA service's gate, and {@code extra} when it is not {@link MfaGate#NONE} (either one requiring MFA requires it). */
  private static MfaGate combined(MfaService mfa, MfaGate extra) {
    if (extra == null || extra == MfaGate.NONE) {
      return mfa;
    }
    return new MfaGate() {
      @Override
      public io.vertx.core.Future<Boolean> required(io.olympus.auth.account.repository.Account account) {
        return mfa.required(account).compose(on -> on ? Future.succeededFuture(true) : extra.required(account));
      }

      @Override
      public Future<String> challenge(io.olympus.auth.account.repository.Account account, String deviceId, String deviceName) {
        return mfa.challenge(account, deviceId, deviceName);
      }
    };
  }

  /**
   * Builds and starts the core: loads the password list and mail templates off the event loop, loads or creates the
   * signing keys, serves {@code auth.jwks} and schedules the rotation check. Fails when the database fails.
   */
  public static Future<AuthCore> start(Vertx vertx, ServiceContext context, JsonObject settings, MfaGate mfa) {
    AuthConfig config = AuthConfig.from(settings);
    AccountConfig flows = AccountConfig.from(settings);
    CredentialConfig extras = CredentialConfig.from(settings);
    LoginQueueConfig loginQueue = LoginQueueConfig.from(settings);
    LOG.info("auth settings: {}; mail via {}", config, flows.smtp().map(Object::toString).orElse("log (SMTP_HOST unset)"));
    Future<PasswordPolicy> policy = vertx.executeBlocking(PasswordPolicy::load, false);
    Future<MailTemplates> templates = vertx.executeBlocking(MailTemplates::load, false);
    return Future.all(policy, templates)
        .map(loaded -> new AuthCore(vertx, context, config, flows, Clock.systemUTC(), extras, loginQueue, policy.result(),
            templates.result(), mfa))
        .compose(core -> core.signingKeys.start()
            .map(v -> {
              core.serveBus();
              return core;
            }));
  }

  /** Stops the timer and the bus consumers, closes Redis and the hash pool. */
  public Future<Void> close() {
    if (rotationTimer >= 0) {
      vertx.cancelTimer(rotationTimer);
    }
    if (flushTimer >= 0) {
      vertx.cancelTimer(flushTimer);
    }
    return Future.all(consumers.stream().map(MessageConsumer::unregister).toList())
        .eventually(redis::close)
        .eventually(hasher::close)
        .mapEmpty();
  }

  /** Reloads the keys (another process may have rotated), rotates when due, tells every service when keys changed. */
  public Future<Boolean> checkRotation() {
    return signingKeys.reload()
        .compose(v -> signingKeys.rotateIfDue())
        .onSuccess(rotated -> {
          if (rotated) {
            vertx.eventBus().publish(AuthAddresses.EVENT_KEYS_ROTATED, new JsonObject()
                .put("kid", signingKeys.activeKey().map(k -> k.kid()).orElse(null)));
          }
        });
  }

  private void serveBus() {
    consumers.addAll(AuthKeysBusAdapter.register(vertx, new AuthKeysEndpoint(signingKeys, apiKeys)).consumers());
    consumers.addAll(OwnerRegistration.register(vertx, this).consumers());
    consumers.addAll(UserDirectoryBus.register(vertx, directory).consumers());
    flushTimer = vertx.setPeriodic(extras.apiKeyFlushInterval().toMillis(), id -> apiKeys.flushLastUsed()
        .onFailure(err -> LOG.warn("could not flush API key last-use times: {}", err.getMessage())));
    rotationTimer = vertx.setPeriodic(ROTATION_CHECK_MS, id -> checkRotation()
        .onFailure(err -> LOG.warn("signing key rotation check failed: {}", err.getMessage())));
  }
}
