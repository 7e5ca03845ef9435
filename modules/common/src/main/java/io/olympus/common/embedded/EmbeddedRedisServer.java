package io.olympus.common.embedded;

import io.olympus.common.redis.RedisUrl;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import redis.embedded.RedisServer;

/**
 * A real redis-server (binary from a Maven Central package) bound to loopback, with append-only
 * persistence in a folder that survives restarts. Blocking: start and stop it from a worker thread or
 * {@code main}.
 */
public final class EmbeddedRedisServer implements AutoCloseable {

  private final Path dataDir;
  private final int port;
  private RedisServer server;

  private EmbeddedRedisServer(Path dataDir, int port) {
    this.dataDir = dataDir;
    this.port = port;
  }

  /** Starts on {@code port} (0 picks a free one) with its files in {@code dataDir}. */
  public static EmbeddedRedisServer start(Path dataDir, int port) throws IOException {
    Files.createDirectories(dataDir);
    EmbeddedRedisServer redis = new EmbeddedRedisServer(dataDir, port > 0 ? port : freePort());
    redis.startServer();
    return redis;
  }

  /** The file the server writes its process id to, so a later start can find it if it is left running. */
  static final String PID_FILE = "redis.pid";

  private void startServer() throws IOException {
    // a server of this folder left running by a process that died (kill -9) holds its files and port: stop it first
    StaleServer.stop(dataDir.resolve(PID_FILE), "Redis", List.of("redis-server"));
    server = RedisServer.newRedisServer()
        .port(port)
        .bind("127.0.0.1")
        .setting("dir " + dataDir.toAbsolutePath())
        .setting("pidfile " + dataDir.toAbsolutePath().resolve(PID_FILE))
        .setting("appendonly yes")
        .setting("appendfsync everysec")
        .setting("save 60 1000")
        .setting("protected-mode yes")
        .build();
    server.start();
  }

  /** Stops the server process (data stays in the folder); {@link #restart()} brings it back on the same port. */
  public void stop() throws IOException {
    if (server != null) {
      server.stop();
      server = null;
    }
  }

  public void restart() throws IOException {
    stop();
    startServer();
  }

  public boolean isRunning() {
    return server != null && server.isActive();
  }

  public RedisUrl url() {
    return RedisUrl.local(port);
  }

  public int port() {
    return port;
  }

  @Override
  public void close() throws IOException {
    stop();
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
