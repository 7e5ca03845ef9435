package io.olympus.auth.account.repository;

import java.time.Instant;
import java.util.UUID;

/** A device a user signed in from. */
public record Device(
    UUID id,
    UUID tenantId,
    UUID userId,
    String deviceKey,
    String name,
    String userAgent,
    Instant firstSeenAt,
    Instant lastSeenAt,
    String lastIp,
    Instant revokedAt) {}
