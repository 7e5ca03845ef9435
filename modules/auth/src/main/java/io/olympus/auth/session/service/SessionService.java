package io.olympus.auth.session.service;

import io.olympus.auth.account.repository.AccountRepository;
import io.olympus.auth.account.repository.Device;
import io.olympus.auth.account.repository.DeviceRepository;
import io.olympus.auth.account.repository.RequestMeta;
import io.olympus.auth.account.repository.SecurityEvent;
import io.olympus.auth.account.repository.SecurityEventRepository;
import io.olympus.auth.account.service.AccountAudit;
import io.olympus.auth.account.service.TenantBoundTokens;
import io.olympus.auth.login.service.LoginResult;
import io.olympus.auth.session.store.Session;
import io.olympus.auth.session.store.SessionFamilyRepository;
import io.olympus.auth.session.store.SessionStore;
import io.olympus.common.db.Tenancy;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.error.UnauthorizedException;
import io.olympus.common.event.EventEnvelope;
import io.olympus.common.outbox.OutboxWriter;
import io.olympus.common.security.RedisSessionRevocations;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a signed-in user does with sessions: refresh, sign out (one or all), list and revoke sessions and devices, read
 * security events. Revoking a session revokes its refresh token family and marks it revoked in Redis
 * ({@link RedisSessionRevocations}), so every service refuses its access tokens at once.
 */
public final class SessionService {

  private static final Logger LOG = LoggerFactory.getLogger(SessionService.class);

  private final Pool pool;
  private final RefreshTokenService refreshTokens;
  private final SessionStore sessions;
  private final SessionFamilyRepository families;
  private final RedisSessionRevocations revocations;
  private final DeviceRepository devices;
  private final SecurityEventRepository securityEvents;
  private final Duration revocationLife;
  private final AccountRepository accounts = new AccountRepository();

  public SessionService(Pool pool, RefreshTokenService refreshTokens, SessionStore sessions, SessionFamilyRepository families,
      RedisSessionRevocations revocations, DeviceRepository devices, SecurityEventRepository securityEvents,
      Duration accessTokenTtl) {
    this.pool = pool;
    this.refreshTokens = refreshTokens;
    this.sessions = sessions;
    this.families = families;
    this.revocations = revocations;
    this.devices = devices;
    this.securityEvents = securityEvents;
    this.revocationLife = accessTokenTtl.plusMinutes(1);
  }

  /**
   * Rotates a refresh token (the core's rotation, reuse detection and grace window) and restarts the session's idle
   * timer. Fails with {@link UnauthorizedException} for an invalid, expired, revoked or reused token, or an ended session.
   */
  public Future<LoginResult> refresh(String clientToken, RequestMeta meta) {
    Optional<TenantBoundTokens.Parsed> parsed = TenantBoundTokens.parse(clientToken);
    if (parsed.isEmpty()) {
      return Future.failedFuture(new UnauthorizedException("Invalid refresh token"));
    }
    UUID tenantId = parsed.get().tenantId();
    return refreshTokens.refresh(tenantId, parsed.get().secret())
        .recover(err -> recordReuse(tenantId, parsed.get().secret(), err, meta))
        .compose(pair -> sessions.touch(tenantId, pair.sessionId())
            .compose(session -> session.isPresent()
                ? recordSeen(tenantId, session.get().userId())
                    .map(v -> new LoginResult(pair, TenantBoundTokens.wrap(tenantId, pair.refreshToken()),
                        session.get().userId()))
                : refreshTokens.revokeSession(tenantId, pair.sessionId())
                    .compose(v -> Future.failedFuture(new UnauthorizedException("Session expired; sign in again")))));
  }

  /** Signs out of the session the caller's access token belongs to. */
  public Future<Void> endCurrentSession(UUID tenantId, UUID userId, UUID sessionId, RequestMeta meta) {
    return end(tenantId, userId, sessionId, SecurityEvent.LOGGED_OUT, meta);
  }

  /** Ends another live session of the user; 404 when it is not a live session of theirs (in their tenant). */
  public Future<Void> endSession(UUID tenantId, UUID userId, UUID sessionId, String eventType, RequestMeta meta) {
    return sessions.find(tenantId, sessionId)
        .compose(found -> found.isPresent() && found.get().userId().equals(userId)
            ? end(tenantId, userId, sessionId, eventType, meta)
            : Future.failedFuture(new NotFoundException("No such session")));
  }

  private Future<Void> end(UUID tenantId, UUID userId, UUID sessionId, String eventType, RequestMeta meta) {
    return refreshTokens.revokeSession(tenantId, sessionId)
        .compose(v -> sessions.delete(tenantId, userId, sessionId))
        .compose(v -> Tenancy.inTenant(pool, tenantId,
            conn -> loggedOut(conn, tenantId, userId, List.of(sessionId), false, eventType, meta)));
  }

  /** Signs out of every session of the user. */
  public Future<Void> endAllSessions(UUID tenantId, UUID userId, RequestMeta meta) {
    return Tenancy.inTenant(pool, tenantId, conn -> families.revokeAll(conn, tenantId, userId, "sign_out_all")
            .compose(ids -> loggedOut(conn, tenantId, userId, ids, true, SecurityEvent.LOGGED_OUT, meta).map(v -> ids)))
        .compose(ids -> sessions.list(tenantId, userId)
            .compose(live -> Future.all(live.stream().map(s -> revokeLive(tenantId, userId, s.id())).toList())
                .compose(v -> Future.all(ids.stream().map(id -> revocations.revoke(id, revocationLife)).toList()))))
        .mapEmpty();
  }

  /** The user's sessions. */
  public Future<List<Session>> listSessions(UUID tenantId, UUID userId) {
    return sessions.list(tenantId, userId);
  }

  public Future<List<Device>> listDevices(UUID tenantId, UUID userId) {
    return Tenancy.inTenant(pool, tenantId, conn -> devices.list(conn, tenantId, userId));
  }

  /** Renames a device of the user; 404 when it is not theirs. */
  public Future<Device> renameDevice(UUID tenantId, UUID userId, UUID deviceId, String name, RequestMeta meta) {
    return Tenancy.inTenant(pool, tenantId, conn -> devices.rename(conn, tenantId, userId, deviceId, name)
        .compose(found -> found.isEmpty()
            ? Future.<Device>failedFuture(new NotFoundException("No such device"))
            : AccountAudit.append(conn, tenantId, userId, AccountAudit.DEVICE_RENAME, "device", deviceId.toString(),
                    new JsonObject().put("name", found.get().name()), meta)
                .map(v -> found.get())));
  }

  /** Forgets a device of the user and ends its sessions; 404 when it is not theirs. */
  public Future<Void> revokeDevice(UUID tenantId, UUID userId, UUID deviceId, RequestMeta meta) {
    return Tenancy.inTenant(pool, tenantId, conn -> devices.revoke(conn, tenantId, userId, deviceId)
            .compose(found -> found.isEmpty()
                ? Future.failedFuture(new NotFoundException("No such device"))
                : securityEvents.append(conn, tenantId, userId, SecurityEvent.DEVICE_REVOKED, meta,
                        new JsonObject().put("device_id", deviceId.toString()))
                    .compose(v -> AccountAudit.append(conn, tenantId, userId, AccountAudit.DEVICE_REVOKE, "device",
                        deviceId.toString(), new JsonObject(), meta))))
        .compose(v -> sessions.list(tenantId, userId))
        .compose(live -> Future.all(live.stream()
            .filter(s -> deviceId.equals(s.deviceId()))
            .map(s -> endSession(tenantId, userId, s.id(), SecurityEvent.SESSION_REVOKED, meta))
            .toList()))
        .mapEmpty();
  }

  /** Security events of one user (or of the whole tenant when {@code userId} is null), newest first. */
  public Future<List<SecurityEvent>> securityEvents(UUID tenantId, UUID userId, UUID before, int limit) {
    return Tenancy.inTenant(pool, tenantId, conn -> securityEvents.page(conn, tenantId, userId, before, limit));
  }

  /** Last activity for the administrators' user list; a failure to record it does not fail the refresh. */
  private Future<Void> recordSeen(UUID tenantId, UUID userId) {
    return Tenancy.inTenant(pool, tenantId, conn -> accounts.recordSeen(conn, tenantId, userId))
        .recover(err -> {
          LOG.warn("could not record the activity of user {}: {}", userId, err.getMessage());
          return Future.succeededFuture();
        });
  }

  private Future<Void> revokeLive(UUID tenantId, UUID userId, UUID sessionId) {
    return revocations.revoke(sessionId, revocationLife)
        .compose(v -> sessions.delete(tenantId, userId, sessionId));
  }

  /** The security event, audit entry and {@code user.logged_out} of ended sessions: one, or {@code every} one of the user. */
  private Future<Void> loggedOut(SqlConnection conn, UUID tenantId, UUID userId, List<UUID> sessionIds, boolean every,
      String eventType, RequestMeta meta) {
    JsonArray ids = new JsonArray(sessionIds.stream().map(UUID::toString).toList());
    return securityEvents.append(conn, tenantId, userId, eventType, meta, new JsonObject().put("session_ids", ids))
        .compose(v -> every
            ? AccountAudit.ofUser(conn, tenantId, userId, AccountAudit.SESSION_LOGOUT_ALL,
                new JsonObject().put("session_ids", ids), meta)
            : AccountAudit.append(conn, tenantId, userId, SecurityEvent.SESSION_REVOKED.equals(eventType)
                ? AccountAudit.SESSION_REVOKE : AccountAudit.SESSION_LOGOUT, "session", sessionIds.get(0).toString(),
                new JsonObject(), meta))
        .compose(v -> OutboxWriter.append(conn, EventEnvelope.of("user.logged_out", tenantId, "user", userId.toString(),
            meta.requestId(), new JsonObject().put("user_id", userId.toString()).put("session_ids", ids))));
  }

  /** A detected reuse is a security event of the token's user (the family is revoked by then; the user is still known). */
  private Future<TokenPair> recordReuse(UUID tenantId, String refreshToken, Throwable err, RequestMeta meta) {
    if (err instanceof UnauthorizedException && err.getMessage() != null && err.getMessage().contains("reuse")) {
      return refreshTokens.userOf(tenantId, refreshToken)
          .compose(user -> Tenancy.inTenant(pool, tenantId, conn -> securityEvents.append(conn, tenantId,
              user.orElse(null), SecurityEvent.TOKEN_REUSE, meta, new JsonObject())))
          .transform(ignored -> Future.failedFuture(err));
    }
    return Future.failedFuture(err);
  }
}
