package io.olympus.common.service;

import io.olympus.common.bus.BusClient;
import io.olympus.common.config.OlympusConfig;
import io.olympus.common.db.DatabaseUrl;
import io.olympus.common.health.HealthRegistry;
import io.olympus.common.redis.RedisUrl;
import io.olympus.common.security.Security;
import io.vertx.core.Vertx;

/**
 * What a service needs from the process it runs in: the configuration, the runtime-role database
 * address (row-level security applies to it), the Redis address, the process-wide readiness flag
 * that graceful shutdown turns off first, and the parts every service of the process shares, each built once by
 * {@link #create}: the extra readiness checks ({@link HealthRegistry}), the event-bus client with its breakers
 * ({@link BusClient}) and the security state ({@link Security}). Each service's composition root
 * ({@link OlympusService#deploy}) builds its own object graph on top of these and hands the pieces to its verticles.
 */
public record ServiceContext(OlympusConfig config, DatabaseUrl appDatabase, RedisUrl redis, Readiness readiness,
                             HealthRegistry health, BusClient bus, Security security) {

  /**
   * The process's context: builds the shared parts once (called by the launcher, and by tests that stand for a
   * process). Called outside any verticle; see {@link Security} for what that means for its timers and consumers.
   */
  public static ServiceContext create(Vertx vertx, OlympusConfig config, DatabaseUrl appDatabase, RedisUrl redis,
      Readiness readiness) {
    HealthRegistry health = new HealthRegistry();
    BusClient bus = new BusClient(vertx, config.bus(), health);
    Security security = new Security(vertx, config, redis, bus);
    return new ServiceContext(config, appDatabase, redis, readiness, health, bus, security);
  }
}
