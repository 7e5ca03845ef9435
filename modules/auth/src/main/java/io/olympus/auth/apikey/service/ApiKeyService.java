package io.olympus.auth.apikey.service;

import io.olympus.auth.apikey.repository.ApiKey;
import io.olympus.auth.apikey.repository.ApiKeyRepository;
import io.olympus.auth.token.crypto.Base32;
import io.olympus.common.audit.AuditLog;
import io.olympus.common.db.Tenancy;
import io.olympus.common.error.FieldError;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.error.UnauthorizedException;
import io.olympus.common.error.ValidationException;
import io.olympus.common.event.EventEnvelope;
import io.olympus.common.event.Uuids;
import io.olympus.common.outbox.OutboxWriter;
import io.olympus.common.security.AuthAddresses;
import io.olympus.common.security.Principal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Pool;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API keys: {@code olym_<prefix>_<secret>}. The prefix is the tenant id (26 base32 characters) plus 8 random ones: it
 * names the tenant whose transaction looks the key up (row-level security needs one), and it is unique. The secret is
 * 32 random bytes; only its SHA-256 is stored. A key acts for its creator with its scopes only; the last-use time is
 * kept in a Redis hash and flushed to the database periodically ({@link #flushLastUsed}), never written per request.
 */
public final class ApiKeyService {

  public static final String KEY_PREFIX = "olym_";
  static final String LAST_USED = "auth:apikey:last_used";
  static final String LAST_USED_FLUSHING = "auth:apikey:last_used:flushing";
  private static final Pattern SCOPE = Pattern.compile("^[a-z_]+:[a-z_]+$");
  private static final Pattern KEY = Pattern.compile("^olym_([a-z2-7]{34})_([a-z2-7]{52})$");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Logger LOG = LoggerFactory.getLogger(ApiKeyService.class);

  /** A new key: the full key (shown once) and its stored view. */
  public record Created(String key, ApiKey apiKey) {}

  private final Vertx vertx;
  private final Pool pool;
  private final Redis redis;
  private final ApiKeyRepository repository;
  private final Clock clock;

  public ApiKeyService(Vertx vertx, Pool pool, Redis redis, ApiKeyRepository repository, Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.redis = redis;
    this.repository = repository;
    this.clock = clock;
  }

  /**
   * Checks name, scopes (syntax and the permission catalogue) and expiry; fails with {@link ValidationException} listing
   * every bad field. Answers the scopes, de-duplicated.
   */
  public Future<List<String>> validate(String name, List<String> scopes, Instant expiresAt) {
    List<FieldError> errors = new ArrayList<>();
    if (name == null || name.isBlank()) {
      errors.add(new FieldError("name", "must not be blank"));
    }
    if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
      errors.add(new FieldError("expires_at", "must be in the future"));
    }
    List<String> distinct = scopes == null ? List.of() : scopes.stream().distinct().toList();
    if (distinct.isEmpty()) {
      errors.add(new FieldError("scopes", "must name at least one permission"));
    }
    for (int i = 0; i < distinct.size(); i++) {
      if (!SCOPE.matcher(distinct.get(i)).matches()) {
        errors.add(new FieldError("scopes[" + scopes.indexOf(distinct.get(i)) + "]", "must look like resource:action"));
      }
    }
    if (!errors.isEmpty()) {
      return Future.failedFuture(new ValidationException("Invalid API key", errors));
    }
    return pool.withConnection(conn -> repository.knownPermissions(conn, distinct))
        .compose(known -> {
          List<FieldError> unknown = distinct.stream()
              .filter(s -> !known.contains(s))
              .map(s -> new FieldError("scopes[" + scopes.indexOf(s) + "]", "is not a known permission: " + s))
              .toList();
          return unknown.isEmpty()
              ? Future.succeededFuture(distinct)
              : Future.failedFuture(new ValidationException("Invalid API key", unknown));
        });
  }

  /** Creates a key for {@code creator} (validated scopes, already checked against what the creator holds). */
  public Future<Created> create(Principal creator, String name, List<String> scopes, Instant expiresAt, String requestId) {
    UUID tenantId = creator.tenantId();
    byte[] random = new byte[5];
    RANDOM.nextBytes(random);
    String prefix = lower(Base32.encode(uuidBytes(tenantId))) + lower(Base32.encode(random));
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String secretText = lower(Base32.encode(secret));
    UUID id = Uuids.v7();
    return Tenancy.inTenant(pool, tenantId, conn -> repository.insert(conn, id, tenantId, creator.userId(), name.strip(),
            prefix, sha256(secretText), scopes, expiresAt)
        .compose(key -> OutboxWriter.append(conn, EventEnvelope.of("api_key.created", tenantId, "api_key", id.toString(),
                requestId, new JsonObject().put("api_key_id", id.toString()).put("created_by", creator.userId().toString())
                    .put("scopes", new JsonArray(scopes))))
            .compose(v -> AuditLog.append(conn, AuditLog.entry(tenantId, actorType(creator), actorId(creator),
                "api_key.create", "api_key", id.toString(), key.toJson().encode(), null, requestId)))
            .map(v -> new Created(KEY_PREFIX + prefix + "_" + secretText, key))));
  }

  /** The tenant's keys (no secrets), newest first, with last-use times not yet flushed from Redis. */
  public Future<List<ApiKey>> list(UUID tenantId, UUID before, int limit) {
    return Tenancy.inTenant(pool, tenantId, conn -> repository.page(conn, tenantId, before, limit))
        .compose(keys -> keys.isEmpty()
            ? Future.succeededFuture(keys)
            : redis.send(hmget(keys))
                .map(values -> {
                  List<ApiKey> merged = new ArrayList<>(keys.size());
                  for (int i = 0; i < keys.size(); i++) {
                    Response v = values.get(i);
                    ApiKey k = keys.get(i);
                    Instant cached = v == null ? null : Instant.ofEpochMilli(v.toLong());
                    merged.add(cached != null && (k.lastUsedAt() == null || cached.isAfter(k.lastUsedAt()))
                        ? k.withLastUsedAt(cached) : k);
                  }
                  return merged;
                }));
  }

  /**
   * Revokes a key of the tenant (idempotent) and tells every service ({@code events.api_key.revoked}, at once on the
   * bus and through the outbox). Fails with {@link NotFoundException} when the tenant has no such key.
   */
  public Future<ApiKey> revoke(Principal by, UUID id, String requestId) {
    UUID tenantId = by.tenantId();
    JsonObject payload = new JsonObject().put("tenant_id", tenantId.toString()).put("api_key_id", id.toString())
        .put("revoked_by", by.userId() == null ? null : by.userId().toString());
    return Tenancy.inTenant(pool, tenantId, conn -> repository.revoke(conn, tenantId, id)
            .compose(found -> found.isEmpty()
                ? Future.<ApiKey>failedFuture(new NotFoundException("No such API key"))
                : OutboxWriter.append(conn, EventEnvelope.of("api_key.revoked", tenantId, "api_key", id.toString(),
                        requestId, payload))
                    .compose(v -> AuditLog.append(conn, AuditLog.entry(tenantId, actorType(by), actorId(by),
                        "api_key.revoke", "api_key", id.toString(), payload.encode(), null, requestId)))
                    .map(v -> found.get())))
        .onSuccess(key -> vertx.eventBus().publish(AuthAddresses.EVENT_API_KEY_REVOKED, payload));
  }

  /**
   * The principal of a key: its creator, tenant and scopes, {@code amr ["api_key"]}. Fails with
   * {@link UnauthorizedException} for a malformed, unknown, revoked or expired key.
   */
  public Future<Principal> verify(String key) {
    var m = key == null ? null : KEY.matcher(key);
    if (m == null || !m.matches()) {
      return Future.failedFuture(new UnauthorizedException("Invalid API key"));
    }
    String prefix = m.group(1);
    byte[] secretHash = sha256(m.group(2));
    UUID tenantId;
    try {
      tenantId = bytesUuid(Base32.decode(prefix.substring(0, 26)));
    } catch (RuntimeException e) {
      return Future.failedFuture(new UnauthorizedException("Invalid API key"));
    }
    Instant now = clock.instant();
    return Tenancy.inTenant(pool, tenantId, conn -> repository.findByPrefix(conn, tenantId, prefix))
        .compose(found -> found.isPresent() && MessageDigest.isEqual(found.get().secretHash(), secretHash)
                && found.get().usableAt(now)
            ? Future.succeededFuture(found.get())
            : Future.failedFuture(new UnauthorizedException("Invalid API key")))
        .map(apiKey -> {
          redis.send(Request.cmd(Command.HSET).arg(LAST_USED).arg(tenantId + ":" + apiKey.id()).arg(now.toEpochMilli()))
              .onFailure(err -> LOG.warn("could not record the use of API key {}: {}", apiKey.id(), err.getMessage()));
          return new Principal(apiKey.userId(), tenantId, null, List.of(), apiKey.scopes(), List.of(Principal.API_KEY_AMR),
              false, apiKey.id().toString(), apiKey.expiresAt());
        });
  }

  /** Writes the last-use times collected in Redis to the database; answers how many keys were updated. */
  public Future<Integer> flushLastUsed() {
    return redis.send(Request.cmd(Command.EXISTS).arg(LAST_USED_FLUSHING))
        .compose(pending -> pending.toInteger() > 0
            ? Future.succeededFuture()
            : redis.send(Request.cmd(Command.RENAME).arg(LAST_USED).arg(LAST_USED_FLUSHING))
                .recover(err -> Future.succeededFuture()))
        .compose(v -> redis.send(Request.cmd(Command.HGETALL).arg(LAST_USED_FLUSHING)))
        .compose(all -> {
          List<Future<Void>> writes = new ArrayList<>();
          if (all != null) {
            for (String field : all.getKeys()) {
              String[] parts = field.split(":");
              UUID tenantId = UUID.fromString(parts[0]);
              UUID id = UUID.fromString(parts[1]);
              Instant at = Instant.ofEpochMilli(all.get(field).toLong());
              writes.add(Tenancy.inTenant(pool, tenantId, conn -> repository.touch(conn, tenantId, id, at)));
            }
          }
          return Future.all(writes).map(done -> writes.size());
        })
        .compose(n -> redis.send(Request.cmd(Command.DEL).arg(LAST_USED_FLUSHING)).map(n));
  }

  private static String actorType(Principal p) {
    return p.isApiKey() ? "api_key" : "user";
  }

  private static String actorId(Principal p) {
    return p.isApiKey() ? p.tokenId() : String.valueOf(p.userId());
  }

  private static Request hmget(List<ApiKey> keys) {
    Request r = Request.cmd(Command.HMGET).arg(LAST_USED);
    keys.forEach(k -> r.arg(k.tenantId() + ":" + k.id()));
    return r;
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  private static byte[] uuidBytes(UUID id) {
    return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
  }

  private static UUID bytesUuid(byte[] b) {
    if (b.length != 16) {
      throw new IllegalArgumentException("not a tenant id");
    }
    ByteBuffer buffer = ByteBuffer.wrap(b);
    return new UUID(buffer.getLong(), buffer.getLong());
  }

  static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
