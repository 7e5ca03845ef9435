package io.olympus.common.testing;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP proxy in front of a test server (PostgreSQL, Redis) that can misbehave as a sick dependency does:
 * {@link #freeze()} stops forwarding in both directions and holds every connection open (a server stopped with
 * SIGSTOP, a silent network: nothing fails, nothing answers); {@link #cut()} closes every connection and refuses new
 * ones (a killed server); {@link #restore()} forwards again (a frozen connection delivers what it held);
 * {@link #delay(long)} adds latency: every chunk, in either direction, is forwarded that many milliseconds after it
 * arrived, in order (a slow network or an overloaded server: everything answers, late). Point a service's database or
 * Redis address at {@link #port()} on 127.0.0.1. All state lives on one event loop.
 */
public final class FaultProxy {

  private enum Mode { FORWARD, FROZEN, CUT }

  /** One proxied connection: the client's side and, once connected, the server's. */
  private static final class Link {
    final NetSocket client;
    NetSocket server;
    final Delayed toServer = new Delayed();
    final Delayed toClient = new Delayed();

    Link(NetSocket client) {
      this.client = client;
    }
  }

  /** Chunks of one direction waiting for their time, oldest first; one timer at a time, so order is kept. */
  private static final class Delayed {
    final ArrayDeque<Buffer> chunks = new ArrayDeque<>();
    final ArrayDeque<Long> due = new ArrayDeque<>();
    long timer = -1;
  }

  private final Vertx vertx;
  private final String targetHost;
  private final int targetPort;
  private final List<Link> links = new ArrayList<>();
  private Context context;
  private NetServer server;
  private NetClient upstream;
  private Mode mode = Mode.FORWARD;
  private long latencyMs;

  private FaultProxy(Vertx vertx, String targetHost, int targetPort) {
    this.vertx = vertx;
    this.targetHost = targetHost;
    this.targetPort = targetPort;
  }

  /** Starts a proxy to {@code targetHost:targetPort} on a free loopback port. */
  public static Future<FaultProxy> start(Vertx vertx, String targetHost, int targetPort) {
    FaultProxy proxy = new FaultProxy(vertx, targetHost, targetPort);
    Context context = vertx.getOrCreateContext();
    Promise<FaultProxy> started = Promise.promise();
    context.runOnContext(v -> {
      proxy.context = context;
      proxy.upstream = vertx.createNetClient(new NetClientOptions().setConnectTimeout(5_000));
      proxy.server = vertx.createNetServer();
      proxy.server.connectHandler(proxy::accept)
          .listen(0, "127.0.0.1")
          .map(s -> proxy)
          .onComplete(started);
    });
    return started.future();
  }

  public int port() {
    return server.actualPort();
  }

  /** Stops forwarding; connections stay open and new ones are accepted, but nothing reaches either side. */
  public Future<Void> freeze() {
    return onContext(() -> {
      mode = Mode.FROZEN;
      for (Link link : links) {
        link.client.pause();
        if (link.server != null) {
          link.server.pause();
        }
      }
    });
  }

  /**
   * Forwards every chunk (both directions, every connection, new connections' handshakes too) {@code millis} after it
   * arrived; 0 forwards at once again (chunks already waiting keep their time and their order).
   */
  public Future<Void> delay(long millis) {
    return onContext(() -> latencyMs = Math.max(0, millis));
  }

  /** Closes every connection and refuses new ones until {@link #restore()}. */
  public Future<Void> cut() {
    return onContext(() -> {
      mode = Mode.CUT;
      for (Link link : List.copyOf(links)) {
        close(link);
      }
    });
  }

  /** Forwards again: frozen connections deliver what they held, new connections go through. */
  public Future<Void> restore() {
    return onContext(() -> {
      mode = Mode.FORWARD;
      for (Link link : List.copyOf(links)) {
        if (link.server == null) {
          connect(link);
        } else {
          link.client.resume();
          link.server.resume();
        }
      }
    });
  }

  public Future<Void> close() {
    return onContext(() -> {
      for (Link link : List.copyOf(links)) {
        close(link);
      }
    }).compose(v -> server.close()).compose(v -> upstream.close());
  }

  private void accept(NetSocket client) {
    if (mode == Mode.CUT) {
      client.close();
      return;
    }
    Link link = new Link(client);
    links.add(link);
    client.pause();
    client.closeHandler(v -> close(link));
    if (mode == Mode.FORWARD) {
      connect(link);
    }
  }

  private void connect(Link link) {
    upstream.connect(targetPort, targetHost).onComplete(connected -> {
      if (connected.failed() || !links.contains(link)) {
        if (connected.succeeded()) {
          connected.result().close();
        }
        close(link);
        return;
      }
      NetSocket server = connected.result();
      link.server = server;
      server.closeHandler(v -> close(link));
      link.client.handler(buffer -> forward(link, link.toServer, server, buffer));
      server.handler(buffer -> forward(link, link.toClient, link.client, buffer));
      if (mode == Mode.FROZEN) {
        server.pause();
      } else {
        link.client.resume();
      }
    });
  }

  /** Writes {@code buffer} to {@code to} now, or after the latency when one is set or earlier chunks still wait. */
  private void forward(Link link, Delayed queue, NetSocket to, Buffer buffer) {
    if (latencyMs == 0 && queue.chunks.isEmpty()) {
      to.write(buffer);
      return;
    }
    queue.chunks.add(buffer);
    queue.due.add(System.nanoTime() + latencyMs * 1_000_000);
    if (queue.timer < 0) {
      schedule(link, queue, to);
    }
  }

  private void schedule(Link link, Delayed queue, NetSocket to) {
    long waitMs = Math.max(1, (queue.due.peek() - System.nanoTime() + 999_999) / 1_000_000);
    queue.timer = vertx.setTimer(waitMs, id -> {
      queue.timer = -1;
      if (!links.contains(link)) {
        return;
      }
      long now = System.nanoTime();
      while (!queue.chunks.isEmpty() && queue.due.peek() <= now) {
        queue.due.poll();
        to.write(queue.chunks.poll());
      }
      if (!queue.chunks.isEmpty()) {
        schedule(link, queue, to);
      }
    });
  }

  private void close(Link link) {
    if (links.remove(link)) {
      for (Delayed queue : List.of(link.toServer, link.toClient)) {
        if (queue.timer >= 0) {
          vertx.cancelTimer(queue.timer);
        }
      }
      link.client.close();
      if (link.server != null) {
        link.server.close();
      }
    }
  }

  private Future<Void> onContext(Runnable action) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      action.run();
      done.complete();
    });
    return done.future();
  }
}
