package io.olympus.common.health;

import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.ext.healthchecks.Status;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Extra readiness checks of one process, added by components outside the HTTP verticles (for example the outbox
 * relay, the event-bus breakers). Every service's {@code /health/ready} runs them next to its built-in checks, also
 * when they are registered after the HTTP verticles started. One per process: the launcher builds it with the
 * process's {@link io.olympus.common.service.ServiceContext} and every service gets it from there. Thread-safe
 * (a concurrent map), as every event loop reads it.
 */
public final class HealthRegistry {

  /** A named check with its time limit. */
  public record Check(String name, long timeoutMs, Handler<Promise<Status>> procedure) {}

  private final Map<String, Check> checks = new ConcurrentHashMap<>();

  /**
   * Registers (or replaces) a readiness check. The procedure completes its promise with {@code Status.OK(data)}
   * or {@code Status.KO(data)}; a failed promise or a time-out counts as down.
   */
  public HealthRegistry register(String name, long timeoutMs, Handler<Promise<Status>> procedure) {
    checks.put(name, new Check(name, timeoutMs, procedure));
    return this;
  }

  public HealthRegistry unregister(String name) {
    checks.remove(name);
    return this;
  }

  /** A snapshot of the registered checks. */
  public Map<String, Check> checks() {
    return Map.copyOf(checks);
  }
}
