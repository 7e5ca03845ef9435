package io.olympus.platform.setting;

import io.olympus.common.audit.Actor;
import io.olympus.common.db.Tenancy;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.error.ValidationException;
import io.olympus.platform.audit.SystemAudit;
import io.vertx.core.Future;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Global settings, changed only by system administrators. Two kinds of key: every tenant setting
 * (scope {@code tenant_default}: the platform-wide default a tenant's own value overrides) and
 * platform keys (scope {@code platform}, e.g. {@code signup.enabled}). Values are typed and checked like
 * tenant settings; every change is recorded in the system audit chain ({@link SystemAudit}). The tenant IP
 * lists ({@code security.ip_allow} / {@code security.ip_deny}) have no global value: they are enforced from
 * the tenant's own rows only, and a platform-wide allow list would lock every tenant out at once.
 */
public final class GlobalSettingService {

  /** Keys that exist only globally. */
  public static final Map<String, SettingDefinition> PLATFORM = Map.of(
      "signup.enabled", new SettingDefinition("signup.enabled", "Public tenant sign-up is open", true,
          SettingDefinition::bool));

  /** Every global key with its schema, in key order. */
  public static final Map<String, SettingDefinition> ALL;

  static {
    Map<String, SettingDefinition> all = new TreeMap<>(SettingDefinition.ALL);
    all.remove(SettingDefinition.IP_ALLOW);
    all.remove(SettingDefinition.IP_DENY);
    all.putAll(PLATFORM);
    ALL = Collections.unmodifiableMap(all);
  }

  static final String LIST = "SELECT key, value::text AS value, updated_by, updated_at FROM global_settings";
  static final String ONE = LIST + " WHERE key = $1";
  static final String LOCK = "SELECT value::text AS value FROM global_settings WHERE key = $1 FOR UPDATE";
  static final String UPSERT = "INSERT INTO global_settings (key, value, updated_by) VALUES ($1, $2::text::jsonb, $3) "
      + "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_by = EXCLUDED.updated_by, updated_at = now()";
  static final String DELETE = "DELETE FROM global_settings WHERE key = $1 RETURNING value::text AS value";

  private final Pool pool;

  public GlobalSettingService(Pool pool) {
    this.pool = pool;
  }

  /** Every global setting, in key order. */
  public Future<List<GlobalSetting>> list() {
    return pool.query(LIST).execute().map(rows -> {
      Map<String, Row> stored = new HashMap<>();
      rows.forEach(row -> stored.put(row.getString("key"), row));
      List<GlobalSetting> all = new ArrayList<>();
      ALL.forEach((key, def) -> all.add(map(def, stored.get(key))));
      return all;
    });
  }

  /** One global setting; NotFoundException for an unknown key. */
  public Future<GlobalSetting> get(String key) {
    SettingDefinition def = ALL.get(key);
    if (def == null) {
      return Future.failedFuture(new NotFoundException("global setting '" + key + "' not found"));
    }
    return pool.preparedQuery(ONE).execute(Tuple.of(key))
        .map(rows -> map(def, rows.size() == 0 ? null : rows.iterator().next()));
  }

  /**
   * Sets a global value from {@code {"value": ...}}; ValidationException naming {@code key} (unknown)
   * or {@code value} (missing or not of the key's type). Audited with the previous value.
   */
  public Future<GlobalSetting> put(String key, JsonObject body, Actor actor) {
    SettingDefinition def = ALL.get(key);
    if (def == null) {
      return Future.failedFuture(new ValidationException("key", "is not a known global setting"));
    }
    if (!body.containsKey("value")) {
      return Future.failedFuture(new ValidationException("value", "is required"));
    }
    Object value = body.getValue("value");
    String expected = def.check().apply(value);
    if (expected != null) {
      return Future.failedFuture(new ValidationException("value", "must be " + expected));
    }
    String json = Json.encode(value);
    return Tenancy.asSystem(pool, conn -> conn.preparedQuery(LOCK).execute(Tuple.of(key))
            .compose(previous -> conn.preparedQuery(UPSERT).execute(Tuple.of(key, json, actor.id()))
                .compose(done -> SystemAudit.record(conn, actor, "global_setting.update", "global_setting", key,
                    new JsonObject().put("value", value).put("previous", previous.size() == 0 ? null
                        : Json.decodeValue(previous.iterator().next().getString("value")))))))
        .compose(seq -> get(key));
  }

  /** Removes the global value (back to the built-in default); NotFoundException for an unknown key. */
  public Future<Void> reset(String key, Actor actor) {
    if (!ALL.containsKey(key)) {
      return Future.failedFuture(new NotFoundException("global setting '" + key + "' not found"));
    }
    return Tenancy.asSystem(pool, conn -> conn.preparedQuery(DELETE).execute(Tuple.of(key))
        .compose(removed -> removed.size() == 0
            ? Future.<Void>succeededFuture()
            : SystemAudit.record(conn, actor, "global_setting.reset", "global_setting", key, new JsonObject()
                .put("previous", Json.decodeValue(removed.iterator().next().getString("value")))).<Void>mapEmpty()));
  }

  /** The {@code signup.enabled} value (true unless a system administrator closed sign-up). */
  public Future<Boolean> signUpEnabled() {
    return get("signup.enabled").map(setting -> Boolean.TRUE.equals(setting.value()));
  }

  private static GlobalSetting map(SettingDefinition def, Row stored) {
    boolean overridden = stored != null;
    return new GlobalSetting(def.key(), PLATFORM.containsKey(def.key()) ? "platform" : "tenant_default",
        def.description(),
        overridden ? Json.decodeValue(stored.getString("value")) : def.defaultValue(),
        def.defaultValue(),
        overridden,
        overridden ? stored.getString("updated_by") : null,
        overridden ? stored.getOffsetDateTime("updated_at").toInstant() : null);
  }
}
