package io.olympus.app;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.NetworkConfig;
import io.olympus.common.config.OlympusConfig;
import io.olympus.common.metrics.MetricsSupport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/** Builds the process's Vert.x instance: plain, or clustered over Hazelcast when {@code OLYMPUS_CLUSTER=true}. */
public final class VertxFactory {

  /** {@code OLYMPUS_CLUSTER_HOST=0.0.0.0}: let Hazelcast choose the interface (containers with one network). */
  static final String ANY_ADDRESS = "0.0.0.0";

  private VertxFactory() {}

  /** A Vert.x instance with metrics on; clustered ones complete once this member has joined the cluster. */
  public static Future<Vertx> create(LaunchConfig config) {
    OlympusConfig.Cluster cluster = config.olympus().cluster();
    VertxOptions options = new VertxOptions()
        .setWorkerPoolSize(config.olympus().workerPoolSize())
        .setPreferNativeTransport(false);
    if (cluster.enabled() && !ANY_ADDRESS.equals(cluster.host())) {
      // with 0.0.0.0 Vert.x takes the address Hazelcast picked, which other members can reach
      options.getEventBusOptions()
          .setHost(cluster.host())
          .setClusterPublicHost(cluster.host());
    }
    VertxBuilder builder = MetricsSupport.configure(Vertx.builder().with(options));
    if (!cluster.enabled()) {
      return Future.succeededFuture(builder.build());
    }
    return builder
        .withClusterManager(new HazelcastClusterManager(hazelcast(config)))
        .buildClustered();
  }

  /**
   * Programmatic Hazelcast member configuration: multicast off, no phone-home, bound to
   * {@code OLYMPUS_CLUSTER_HOST:OLYMPUS_CLUSTER_PORT}, joining either the TCP-IP member list
   * ({@code OLYMPUS_CLUSTER_MEMBERS}) or the pods behind a headless Kubernetes Service.
   */
  public static Config hazelcast(LaunchConfig config) {
    OlympusConfig.Cluster cluster = config.olympus().cluster();
    Config hz = new Config();
    hz.setClusterName(config.clusterName());
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    hz.setProperty("hazelcast.logging.type", "slf4j");
    // the launcher's own shutdown hook leaves the cluster after draining; Hazelcast must not leave first
    hz.setProperty("hazelcast.shutdownhook.enabled", "false");
    hz.setProperty("hazelcast.wait.seconds.before.join", "1");

    NetworkConfig network = hz.getNetworkConfig();
    network.setPort(cluster.port());
    network.setPortAutoIncrement(false);
    if (!ANY_ADDRESS.equals(cluster.host())) {
      hz.setProperty("hazelcast.local.localAddress", cluster.host());
      hz.setProperty("hazelcast.socket.bind.any", "false");
    }

    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    if (config.clusterDiscovery() == LaunchConfig.Discovery.KUBERNETES) {
      join.getTcpIpConfig().setEnabled(false);
      join.getKubernetesConfig()
          .setEnabled(true)
          .setProperty("service-dns", config.kubernetesServiceDns().orElseThrow())
          .setProperty("service-port", String.valueOf(cluster.port()));
    } else {
      join.getTcpIpConfig()
          .setEnabled(true)
          .setMembers(cluster.members());
    }

    // the maps Vert.x keeps its cluster state in (as in vertx-hazelcast's default-cluster.xml)
    hz.addMultiMapConfig(new MultiMapConfig("__vertx.subs")
        .setBackupCount(1)
        .setValueCollectionType(MultiMapConfig.ValueCollectionType.SET));
    hz.addMapConfig(new MapConfig("__vertx.haInfo").setBackupCount(1));
    hz.addMapConfig(new MapConfig("__vertx.nodeInfo").setBackupCount(1));
    return hz;
  }
}
