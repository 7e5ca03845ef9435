package io.olympus.platform.flag;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.olympus.common.audit.Actor;
import io.olympus.common.audit.AuditLog;
import io.olympus.common.db.Tenancy;
import io.olympus.common.error.NotFoundException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.backends.BackendRegistries;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Feature flags of a tenant: audited changes and bulk evaluation, counted in /metrics. */
public final class FlagService {

  static final String COLUMNS = "key, description, enabled, rollout_percent, variants, target_roles, "
      + "target_locations, version";
  static final String UPSERT = "INSERT INTO feature_flags (tenant_id, key, description, enabled, rollout_percent, "
      + "variants, target_roles, target_locations) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
      + "ON CONFLICT (tenant_id, key) DO UPDATE SET description = EXCLUDED.description, enabled = EXCLUDED.enabled, "
      + "rollout_percent = EXCLUDED.rollout_percent, variants = EXCLUDED.variants, "
      + "target_roles = EXCLUDED.target_roles, target_locations = EXCLUDED.target_locations, "
      + "version = feature_flags.version + 1, updated_at = now() RETURNING " + COLUMNS;
  static final String LIST = "SELECT " + COLUMNS + " FROM feature_flags WHERE tenant_id = $1 ORDER BY key";
  static final String DELETE = "DELETE FROM feature_flags WHERE tenant_id = $1 AND key = $2";

  private final Pool pool;
  private final MeterRegistry registry = BackendRegistries.getDefaultNow();

  public FlagService(Pool pool) {
    this.pool = pool;
  }

  /** Creates or replaces a flag; the change is audited in the same transaction. */
  public Future<FeatureFlag> upsert(UUID tenantId, FlagInput input, Actor actor) {
    return Tenancy.inTenant(pool, tenantId, conn -> conn.preparedQuery(UPSERT)
        .execute(Tuple.from(new Object[] {tenantId, input.key(), input.description(), input.enabled(),
            input.rolloutPercent(), input.variants(), input.targetRoles().toArray(String[]::new),
            input.targetLocations().toArray(UUID[]::new)}))
        .map(rows -> FeatureFlag.MAPPER.apply(rows.iterator().next()))
        .compose(flag -> AuditLog.append(conn, actor.entry(tenantId, "flag.upsert", "feature_flag", flag.key(),
                flag.toJson().encode()))
            .map(seq -> flag)));
  }

  public Future<List<FeatureFlag>> list(UUID tenantId) {
    return Tenancy.inTenant(pool, tenantId, conn -> conn.preparedQuery(LIST).execute(Tuple.of(tenantId)))
        .map(rows -> {
          List<FeatureFlag> flags = new ArrayList<>();
          for (Row row : rows) {
            flags.add(FeatureFlag.MAPPER.apply(row));
          }
          return flags;
        });
  }

  /** Deletes a flag; NotFoundException when there is none. Audited. */
  public Future<Void> delete(UUID tenantId, String key, Actor actor) {
    return Tenancy.inTenant(pool, tenantId, conn -> conn.preparedQuery(DELETE)
        .execute(Tuple.of(tenantId, key))
        .compose(rows -> rows.rowCount() == 0
            ? Future.failedFuture(new NotFoundException("flag '" + key + "' not found"))
            : AuditLog.append(conn, actor.entry(tenantId, "flag.delete", "feature_flag", key,
                new JsonObject().encode())).mapEmpty()));
  }

  /** Evaluates every flag of the tenant for one user; flags evaluate to off when absent. */
  public Future<Map<String, FeatureFlag.Evaluation>> evaluateAll(UUID tenantId, UUID userId, List<String> roles,
                                                                 UUID locationId) {
    return list(tenantId).map(flags -> {
      Map<String, FeatureFlag.Evaluation> result = new LinkedHashMap<>();
      for (FeatureFlag flag : flags) {
        FeatureFlag.Evaluation evaluation = flag.evaluate(userId, roles, locationId);
        result.put(flag.key(), evaluation);
        count(flag.key(), evaluation.enabled());
      }
      return result;
    });
  }

  private void count(String flag, boolean enabled) {
    if (registry != null) {
      Counter.builder("olympus_flag_evaluations")
          .description("Feature flag evaluations by flag and result")
          .tag("flag", flag)
          .tag("result", enabled ? "on" : "off")
          .register(registry)
          .increment();
    }
  }
}
