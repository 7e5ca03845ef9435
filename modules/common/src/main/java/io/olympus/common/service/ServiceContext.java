package io.olympus.common.service;

import io.olympus.common.config.OlympusConfig;
import io.olympus.common.db.DatabaseUrl;
import io.olympus.common.redis.RedisUrl;

/**
 * What a service needs from the process it runs in: the configuration, the runtime-role database
 * address (row-level security applies to it), the Redis address, and the process-wide readiness flag
 * that graceful shutdown turns off first.
 */
public record ServiceContext(OlympusConfig config, DatabaseUrl appDatabase, RedisUrl redis, Readiness readiness) {}
