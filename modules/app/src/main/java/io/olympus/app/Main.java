package io.olympus.app;

import ch.qos.logback.classic.LoggerContext;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@code java -jar olympus.jar [--services=auth,platform,commerce] [--config=settings.json]}: loads the
 * configuration, starts Olympus, and stops it gracefully on SIGTERM/SIGINT (exit status 0). Exits non-zero
 * when start-up fails.
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  /** Exit status for a bad setting or failed start-up. */
  static final int EXIT_START_FAILED = 1;
  /** Exit status for an unknown command-line argument. */
  static final int EXIT_USAGE = 2;

  private Main() {}

  public static void main(String[] args) {
    JsonObject flags;
    try {
      flags = CommandLine.parse(args);
    } catch (IllegalArgumentException e) {
      LOG.error("{}\n{}", e.getMessage(), CommandLine.USAGE);
      exit(EXIT_USAGE);
      return;
    }
    if (flags.containsKey(CommandLine.HELP)) {
      LOG.info("{}", CommandLine.USAGE);
      exit(0);
      return;
    }
    LaunchConfig config;
    try {
      config = loadConfig(flags);
    } catch (RuntimeException e) {
      LOG.error("Olympus cannot start: {}", e.getMessage());
      exit(EXIT_START_FAILED);
      return;
    }
    Olympus olympus = new Olympus(config);
    try {
      olympus.start().await();
    } catch (RuntimeException e) {
      LOG.error("Olympus failed to start: {}", e.getMessage());
      exit(EXIT_START_FAILED);
      return;
    }
    long bound = config.shutdownGraceMs() + config.olympus().shutdownTimeoutMs() + 60_000;
    // SIGTERM/SIGINT are handled here rather than by the JVM: the embedded PostgreSQL and Redis libraries
    // register their own shutdown hooks, which would kill the servers while requests are still draining.
    SignalHandler onSignal = signal -> {
      LOG.info("SIG{} received", signal.getName());
      exit(stopGracefully(olympus, bound));
    };
    Signal.handle(new Signal("TERM"), onSignal);
    Signal.handle(new Signal("INT"), onSignal);
    // any other exit (System.exit, SIGHUP) still stops gracefully, alongside the libraries' hooks
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stopGracefully(olympus, bound), "olympus-shutdown-hook"));
  }

  /** Reads the settings with a short-lived Vert.x instance: the real one is built from them. */
  private static LaunchConfig loadConfig(JsonObject flags) {
    Vertx bootstrap = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    try {
      return ConfigLoader.load(bootstrap, flags).await();
    } finally {
      bootstrap.close().await();
    }
  }

  /** Runs the graceful stop; returns the exit status (0 when every step completed). */
  private static int stopGracefully(Olympus olympus, long boundMs) {
    try {
      olympus.stop().await(boundMs, TimeUnit.MILLISECONDS);
      return 0;
    } catch (Exception e) {
      LOG.error("graceful shutdown failed: {}", e.toString());
      return EXIT_START_FAILED;
    }
  }

  private static void exit(int status) {
    flushLogs();
    System.exit(status);
  }

  /** Stops Logback so the asynchronous appender writes out what it queued. */
  private static void flushLogs() {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (factory instanceof LoggerContext context) {
      context.stop();
    }
  }
}
