package io.olympus.common.testing;

import io.olympus.common.db.DatabaseUrl;
import io.olympus.common.redis.RedisUrl;
import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * PostgreSQL and Redis in containers (Testcontainers), used by {@link TestInfra} when a Docker engine
 * answers and no external server is named. Only this class touches Testcontainers, so machines without
 * Docker never load it.
 */
final class ContainerServers {

  private ContainerServers() {}

  /** True when a Docker engine looks reachable and containers are not switched off with TEST_CONTAINERS=false. */
  static boolean dockerAvailable() {
    if ("false".equalsIgnoreCase(System.getenv("TEST_CONTAINERS"))) {
      return false;
    }
    if (System.getenv("DOCKER_HOST") == null && !Files.exists(Path.of("/var/run/docker.sock"))) {
      return false;
    }
    try {
      return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Starts PostgreSQL 16; the returned address is its superuser (the owner of the migrations). */
  static DatabaseUrl postgres() {
    PostgreSQLContainer<?> container = new PostgreSQLContainer<>(DockerImageName.parse("postgres:16-alpine"))
        .withDatabaseName("olympus")
        .withUsername("postgres")
        .withPassword("postgres");
    container.start();
    return new DatabaseUrl(container.getHost(), container.getMappedPort(5432), "olympus", "postgres", "postgres");
  }

  /** Starts Redis 7. */
  static RedisUrl redis() {
    GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse("redis:7-alpine"))
        .withExposedPorts(6379);
    container.start();
    String host = container.getHost();
    int port = container.getMappedPort(6379);
    return new RedisUrl("redis://" + host + ":" + port, host, port);
  }
}
