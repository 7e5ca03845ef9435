package io.olympus.auth;

import io.olympus.auth.abuse.AbuseLimiter;
import io.olympus.auth.abuse.LoginThrottle;
import io.olympus.auth.abuse.TenantIpGate;
import io.olympus.auth.account.repository.AccountRepository;
import io.olympus.auth.account.repository.DeviceRepository;
import io.olympus.auth.account.repository.SecurityEventRepository;
import io.olympus.auth.account.service.AccountMails;
import io.olympus.auth.apikey.repository.ApiKeyRepository;
import io.olympus.auth.apikey.http.ApiKeyRoutes;
import io.olympus.auth.apikey.service.ApiKeyService;
import io.olympus.auth.login.http.LoginRoutes;
import io.olympus.auth.mfa.http.MfaRoutes;
import io.olympus.auth.password.http.PasswordRoutes;
import io.olympus.auth.registration.http.RegistrationRoutes;
import io.olympus.auth.session.http.SessionRoutes;
import io.olympus.auth.token.http.JwksRoutes;
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
import io.olympus.auth.token.repository.SigningKeyRepository;
import io.olympus.auth.token.service.AccessTokenIssuer;
import io.olympus.auth.token.service.SigningKeyService;
import io.olympus.common.crypto.SecretEncryption;
import io.olympus.common.security.AuthKeysBusAdapter;
import io.olympus.common.db.PgPools;
import io.olympus.common.redis.RedisClients;
import io.olympus.common.security.AuthAddresses;
import io.olympus.common.security.RedisSessionRevocations;
import io.olympus.common.security.Security;
import io.olympus.common.service.ServiceContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The auth service's composition root: its object graph, built once per process in {@link AuthService#deploy} (tests
 * build it the same way) and shared by every HTTP verticle instance, each route class getting only the services it
 * uses: one password hasher (one Argon2 worker pool and admission limit), the password policy, the signing keys
 * (periodic rotation check; {@code events.auth.keys_rotated} published after a rotation), the token issuers, the
 * account flows, and the {@code auth.*} bus addresses. Built outside any verticle: its timers, bus consumers, pool and
 * Redis client belong to no deployment, and {@link #close} stops them (Vert.x closing does too). Every service here is
 * used from every event loop: they hold a pool, Redis and repositories, and their caches are Caffeine or atomics.
 */
public final class AuthComponents {

  private static final Logger LOG = LoggerFactory.getLogger(AuthComponents.class);
  static final long ROTATION_CHECK_MS = 60 * 60 * 1000L;

  private final AccountConfig flows;
  private final Clock clock;
  private final PasswordHasher hasher;
  /** Sign-ins' places in the hashing queue, taken before a sign-in does any other work. */
  private final HashAdmission loginAdmission;
  private final SigningKeyService signingKeys;
  private final AbuseLimiter rateLimiter;
  private final LoginService login;
  private final RegistrationService registration;
  private final SessionService sessions;
  private final CredentialConfig extras;
  private final MfaService mfa;
  private final PasswordService passwords;
  private final ApiKeyService apiKeys;
  private final TenantIpGate ipGate;
  private final UserDirectory directory;

  private final Vertx vertx;
  private final Redis redis;
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private long rotationTimer = -1;
  private long flushTimer = -1;

  private AuthComponents(Vertx vertx, ServiceContext context, AuthConfig config, AccountConfig flows, Clock clock,
      CredentialConfig extras, LoginQueueConfig loginQueue, PasswordPolicy policy, MailTemplates templates, MfaGate extraGate) {
    this.vertx = vertx;
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
    RedisSessionRevocations revocations = new RedisSessionRevocations(redis, context.security().revocations());
    RefreshTokenService refreshTokens = new RefreshTokenService(pool, new RefreshTokenRepository(), accessTokens,
        revocations::revoke, config, clock);
    Mailer mailer = flows.smtp().<Mailer>map(smtp -> new SmtpMailer(vertx, context.bus(), smtp, flows.mailFrom())).orElseGet(LoggingMailer::new);
    AccountMails mails = new AccountMails(mailer, templates, flows);
    AccountRepository accounts = new AccountRepository();
    this.extras = extras;
    this.mfa = new MfaService(vertx, pool, redis, new MfaRepository(), accounts, new SecurityEventRepository(), hasher,
        new SecretEncryption(config.keyEncryptionKey()), extras, clock);
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
  public static Future<AuthComponents> start(Vertx vertx, ServiceContext context, JsonObject settings, MfaGate mfa) {
    AuthConfig config = AuthConfig.from(settings);
    AccountConfig flows = AccountConfig.from(settings);
    CredentialConfig extras = CredentialConfig.from(settings);
    LoginQueueConfig loginQueue = LoginQueueConfig.from(settings);
    LOG.info("auth settings: {}; mail via {}", config, flows.smtp().map(Object::toString).orElse("log (SMTP_HOST unset)"));
    Future<PasswordPolicy> policy = vertx.executeBlocking(PasswordPolicy::load, false);
    Future<MailTemplates> templates = vertx.executeBlocking(MailTemplates::load, false);
    return Future.all(policy, templates)
        .map(loaded -> new AuthComponents(vertx, context, config, flows, Clock.systemUTC(), extras, loginQueue, policy.result(),
            templates.result(), mfa))
        .compose(core -> core.signingKeys.start()
            .map(v -> {
              core.serveBus();
              return core;
            }));
  }

  /**
   * Binds every auth operation of the contract to {@code builder} (one HTTP verticle instance's router); each route
   * class gets only the services it uses, and the process's {@code security}.
   */
  void bindRoutes(RouterBuilder builder, Security security) {
    new JwksRoutes(signingKeys).bind(builder);
    new RegistrationRoutes(registration, rateLimiter, flows, ipGate, security).bind(builder);
    new LoginRoutes(loginAdmission, rateLimiter, flows, login, ipGate, clock, security).bind(builder);
    new SessionRoutes(sessions, clock, ipGate, security).bind(builder);
    new MfaRoutes(mfa, ipGate, login, clock, security).bind(builder);
    new PasswordRoutes(rateLimiter, extras, passwords, security).bind(builder);
    new ApiKeyRoutes(apiKeys, security).bind(builder);
  }

  /** The password hasher (its Argon2 pool and counters). */
  public PasswordHasher hasher() {
    return hasher;
  }

  /** Sign-ins' places in the hashing queue. */
  public HashAdmission loginAdmission() {
    return loginAdmission;
  }

  public LoginService login() {
    return login;
  }

  public ApiKeyService apiKeys() {
    return apiKeys;
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
    consumers.addAll(OwnerRegistration.register(vertx, registration, login, clock).consumers());
    consumers.addAll(UserDirectoryBus.register(vertx, directory).consumers());
    flushTimer = vertx.setPeriodic(extras.apiKeyFlushInterval().toMillis(), id -> apiKeys.flushLastUsed()
        .onFailure(err -> LOG.warn("could not flush API key last-use times: {}", err.getMessage())));
    rotationTimer = vertx.setPeriodic(ROTATION_CHECK_MS, id -> checkRotation()
        .onFailure(err -> LOG.warn("signing key rotation check failed: {}", err.getMessage())));
  }
}
