package io.olympus.platform;

import io.olympus.common.config.Settings;
import io.vertx.core.json.JsonObject;

/**
 * Platform settings from the environment: {@code PLATFORM_TENANT_PURGE_GRACE_HOURS}=720 (30 days a
 * soft-deleted tenant can be restored before it is purged), {@code PLATFORM_TENANT_PURGE_INTERVAL_SECONDS}=3600
 * (how often each process sweeps for tenants due), {@code PLATFORM_TENANT_PURGE_BATCH}=20 (tenants per sweep).
 */
public record PlatformConfig(int purgeGraceHours, long purgeIntervalMs, int purgeBatch) {

  public static PlatformConfig from(JsonObject source) {
    Settings s = new Settings(source);
    int grace = s.integer("PLATFORM_TENANT_PURGE_GRACE_HOURS", 720, 0, 87_600);
    int interval = s.integer("PLATFORM_TENANT_PURGE_INTERVAL_SECONDS", 3600, 1, 7 * 24 * 3600);
    int batch = s.integer("PLATFORM_TENANT_PURGE_BATCH", 20, 1, 1000);
    s.validate();
    return new PlatformConfig(grace, interval * 1000L, batch);
  }

  public static PlatformConfig defaults() {
    return from(new JsonObject());
  }
}
