package io.olympus.app;

import io.olympus.common.config.ConfigException;
import io.olympus.common.config.OlympusConfig;
import io.olympus.common.config.Settings;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything the launcher needs: the shared {@link OlympusConfig} plus the launcher's own settings
 * (shutdown grace, cluster discovery, embedded server ports), parsed once from the same source.
 */
public record LaunchConfig(
    OlympusConfig olympus,
    long shutdownGraceMs,
    String clusterName,
    Discovery clusterDiscovery,
    Optional<String> kubernetesServiceDns,
    int embeddedPostgresPort,
    int embeddedRedisPort) {

  /** How Hazelcast members find each other. */
  public enum Discovery { TCP, KUBERNETES }

  /**
   * Parses and validates every key; throws {@link ConfigException} listing every bad variable (those of
   * {@link OlympusConfig} first) with its expected form.
   */
  public static LaunchConfig from(JsonObject source) {
    List<String> problems = new ArrayList<>();
    OlympusConfig olympus = null;
    try {
      olympus = OlympusConfig.from(source);
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    Settings s = new Settings(source);
    long grace = s.integer("OLYMPUS_SHUTDOWN_GRACE_MS", 2_000, 0, 600_000);
    String clusterName = s.string("OLYMPUS_CLUSTER_NAME", "olympus");
    if (!clusterName.matches("[A-Za-z0-9._-]{1,64}")) {
      s.problem("OLYMPUS_CLUSTER_NAME", clusterName, "1-64 letters, digits, '.', '_' or '-'");
    }
    Discovery discovery = Discovery.TCP;
    String rawDiscovery = s.string("OLYMPUS_CLUSTER_DISCOVERY", "tcp");
    switch (rawDiscovery.toLowerCase()) {
      case "tcp" -> discovery = Discovery.TCP;
      case "kubernetes" -> discovery = Discovery.KUBERNETES;
      default -> s.problem("OLYMPUS_CLUSTER_DISCOVERY", rawDiscovery, "tcp or kubernetes");
    }
    Optional<String> serviceDns = s.optional("OLYMPUS_CLUSTER_K8S_SERVICE_DNS");
    if (discovery == Discovery.KUBERNETES && serviceDns.isEmpty()) {
      s.problem("OLYMPUS_CLUSTER_K8S_SERVICE_DNS is required with OLYMPUS_CLUSTER_DISCOVERY=kubernetes: "
          + "expected the DNS name of a headless Service, e.g. olympus-cluster.olympus.svc.cluster.local");
    }
    int pgPort = s.port("OLYMPUS_EMBEDDED_POSTGRES_PORT", 0);
    int redisPort = s.port("OLYMPUS_EMBEDDED_REDIS_PORT", 0);
    try {
      s.validate();
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new LaunchConfig(olympus, grace, clusterName, discovery, serviceDns, pgPort, redisPort);
  }
}
