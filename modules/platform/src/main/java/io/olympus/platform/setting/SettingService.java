package io.olympus.platform.setting;

import io.olympus.common.audit.Actor;
import io.olympus.common.audit.AuditLog;
import io.olympus.common.db.Tenancy;
import io.olympus.common.error.FieldError;
import io.olympus.common.error.ValidationException;
import io.olympus.common.event.EventEnvelope;
import io.olympus.common.net.IpAccessList;
import io.olympus.common.net.IpAddresses;
import io.olympus.common.outbox.OutboxWriter;
import io.vertx.core.Future;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Typed tenant settings: every write is checked against {@link SettingDefinition#ALL} and audited; reads
 * fall back to the global value ({@link GlobalSettingService}) and then the built-in default. A change of the
 * IP lists ({@code security.ip_allow} / {@code security.ip_deny}) also publishes {@code tenant.updated} (every
 * service drops its cached tenant) and is refused when it would refuse the caller's own address.
 */
public final class SettingService {

  /** Global values (platform-wide defaults) first, then the tenant's own, which override them. */
  static final String LIST = "SELECT key, value::text AS value, 1 AS layer FROM global_settings "
      + "UNION ALL SELECT key, value::text, 2 FROM tenant_settings WHERE tenant_id = $1 ORDER BY layer";
  static final String UPSERT = "INSERT INTO tenant_settings (tenant_id, key, value, updated_by) "
      + "VALUES ($1, $2, $3::text::jsonb, $4) ON CONFLICT (tenant_id, key) DO UPDATE SET value = EXCLUDED.value, "
      + "updated_by = EXCLUDED.updated_by, updated_at = now()";

  private final Pool pool;

  public SettingService(Pool pool) {
    this.pool = pool;
  }

  /**
   * Every defined setting with the tenant's value, else the global value a system administrator set,
   * else the built-in default.
   */
  public Future<Map<String, Object>> effective(UUID tenantId) {
    return Tenancy.inTenant(pool, tenantId, conn -> conn.preparedQuery(LIST).execute(Tuple.of(tenantId)))
        .map(rows -> {
          Map<String, Object> values = new TreeMap<>();
          SettingDefinition.ALL.forEach((key, def) -> values.put(key, def.defaultValue()));
          for (Row row : rows) {
            if (SettingDefinition.ALL.containsKey(row.getString("key"))) {
              values.put(row.getString("key"), Json.decodeValue(row.getString("value")));
            }
          }
          return values;
        });
  }

  /**
   * Applies a partial update ({@code {"store.timezone": "Europe/Berlin", ...}}) atomically. Fails with
   * ValidationException naming every unknown key or bad value; nothing is written then.
   */
  public Future<Map<String, Object>> update(UUID tenantId, JsonObject changes, Actor actor) {
    List<FieldError> errors = new ArrayList<>();
    changes.forEach(entry -> {
      SettingDefinition def = SettingDefinition.ALL.get(entry.getKey());
      if (def == null) {
        errors.add(new FieldError(entry.getKey(), "is not a known setting"));
      } else {
        String expected = def.check().apply(entry.getValue());
        if (expected != null) {
          errors.add(new FieldError(entry.getKey(), "must be " + expected));
        }
      }
    });
    if (changes.isEmpty()) {
      errors.add(new FieldError("body", "must name at least one setting"));
    }
    if (!errors.isEmpty()) {
      return Future.failedFuture(new ValidationException("Invalid settings", errors));
    }
    boolean ipListsChange = changes.containsKey(SettingDefinition.IP_ALLOW) || changes.containsKey(SettingDefinition.IP_DENY);
    Future<Void> checked = ipListsChange
        ? effective(tenantId).compose(current -> notLockingOut(current, changes, actor))
        : Future.succeededFuture();
    return checked.compose(ok -> write(tenantId, changes, actor, ipListsChange));
  }

  private Future<Map<String, Object>> write(UUID tenantId, JsonObject changes, Actor actor, boolean ipListsChange) {
    return Tenancy.inTenant(pool, tenantId, conn -> {
      Future<Void> chain = Future.succeededFuture();
      for (Map.Entry<String, Object> entry : changes) {
        String json = Json.encode(entry.getValue());
        chain = chain.compose(v -> conn.preparedQuery(UPSERT)
            .execute(Tuple.of(tenantId, entry.getKey(), json, actor.id()))
            .mapEmpty());
      }
      return chain.compose(v -> AuditLog.append(conn, actor.entry(tenantId, "settings.update", "tenant_settings",
              tenantId.toString(), changes.encode())))
          // the IP lists travel with the cached tenant in every service: tenant.updated drops those caches
          .compose(seq -> ipListsChange
              ? OutboxWriter.append(conn, EventEnvelope.of("tenant.updated", tenantId, "tenant", tenantId.toString(),
                  actor.requestId(), new JsonObject()
                      .put("tenant_id", tenantId.toString())
                      .put("changed_settings", new JsonArray(changes.fieldNames().stream()
                          .filter(k -> k.startsWith("security.")).sorted().toList()))))
              : Future.succeededFuture());
    }).compose(v -> effective(tenantId));
  }

  /**
   * Refuses IP lists that would refuse the caller's own address (a tenant admin cannot lock the tenant out by
   * mistake; an administrator who really wants that changes the lists from an address that stays allowed).
   */
  private static Future<Void> notLockingOut(Map<String, Object> current, JsonObject changes, Actor actor) {
    Optional<InetAddress> caller = IpAddresses.parse(actor.ip());
    if (caller.isEmpty()) {
      return Future.succeededFuture();
    }
    List<String> allow = strings(changes.containsKey(SettingDefinition.IP_ALLOW)
        ? changes.getValue(SettingDefinition.IP_ALLOW) : current.get(SettingDefinition.IP_ALLOW));
    List<String> deny = strings(changes.containsKey(SettingDefinition.IP_DENY)
        ? changes.getValue(SettingDefinition.IP_DENY) : current.get(SettingDefinition.IP_DENY));
    IpAccessList lists;
    try {
      lists = IpAccessList.of(allow, deny);
    } catch (IllegalArgumentException storedEntryBroken) {
      // only a database edit stores a bad entry; do not stand in the way of the change that repairs it
      return Future.succeededFuture();
    }
    if (lists.permits(caller.get())) {
      return Future.succeededFuture();
    }
    String ip = caller.get().getHostAddress();
    String field = lists.denySet().contains(caller.get()) ? SettingDefinition.IP_DENY : SettingDefinition.IP_ALLOW;
    return Future.failedFuture(new ValidationException("Invalid settings", List.of(new FieldError(field,
        "would refuse your own address " + ip + " and lock you out; "
            + (field.equals(SettingDefinition.IP_DENY) ? "leave it out of the deny list" : "include it in the allow list")
            + " or make the change from an address that stays allowed"))));
  }

  private static List<String> strings(Object value) {
    List<String> out = new ArrayList<>();
    if (value instanceof JsonArray array) {
      array.forEach(v -> out.add(String.valueOf(v)));
    } else if (value instanceof List<?> list) {
      list.forEach(v -> out.add(String.valueOf(v)));
    }
    return out;
  }
}
