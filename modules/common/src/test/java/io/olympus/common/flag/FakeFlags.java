package io.olympus.common.flag;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shared fake of the platform's {@link Flags}, for module tests that cannot deploy the platform. Served on the bus
 * through the real {@link FlagsBusAdapter} and checked against the platform by the same {@link FlagsContract} suite.
 * Flags are on or off, optionally for some roles only, always fully rolled out and without variants.
 */
public final class FakeFlags implements Flags {

  private record Flag(boolean enabled, List<String> targetRoles) {}

  private final Map<UUID, Map<String, Flag>> flags = new ConcurrentHashMap<>();

  /** A fake answering {@link FlagAddresses#EVALUATE} on {@code vertx}'s bus. */
  public static FakeFlags install(Vertx vertx) {
    FakeFlags fake = new FakeFlags();
    FlagsBusAdapter.register(vertx, fake);
    return fake;
  }

  /** The tenant's flag {@code key}, on or off, for users holding one of {@code targetRoles} (empty: everyone). */
  public void flag(UUID tenantId, String key, boolean enabled, List<String> targetRoles) {
    flags.computeIfAbsent(tenantId, k -> new ConcurrentHashMap<>()).put(key, new Flag(enabled, List.copyOf(targetRoles)));
  }

  @Override
  public Future<Map<String, FlagEvaluation>> evaluate(Evaluate request) {
    Map<String, FlagEvaluation> result = new LinkedHashMap<>();
    flags.getOrDefault(request.tenantId(), Map.of()).forEach((key, flag) -> result.put(key, !flag.enabled()
        ? new FlagEvaluation(false, null, "disabled")
        : !flag.targetRoles().isEmpty() && request.roles().stream().noneMatch(flag.targetRoles()::contains)
            ? new FlagEvaluation(false, null, "role not targeted")
            : new FlagEvaluation(true, null, "rollout")));
    return Future.succeededFuture(result);
  }
}
