package io.olympus.common.testing;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP proxy in front of a test server (PostgreSQL, Redis) that can misbehave as a sick dependency does:
 * {@link #freeze()} stops forwarding in both directions and holds every connection open (a server stopped with
 * SIGSTOP, a silent network: nothing fails, nothing answers); {@link #cut()} closes every connection and refuses new
 * ones (a killed server); {@link #restore()} forwards again (a frozen connection delivers what it held). Point a
 * service's database or Redis address at {@link #port()} on 127.0.0.1. All state lives on one event loop.
 */
public final class FaultProxy {

  private enum Mode { FORWARD, FROZEN, CUT }

  /** One proxied connection: the client's side and, once connected, the server's. */
  private static final class Link {
    final NetSocket client;
    NetSocket server;

    Link(NetSocket client) {
      this.client = client;
    }
  }

  private final Vertx vertx;
  private final String targetHost;
  private final int targetPort;
  private final List<Link> links = new ArrayList<>();
  private Context context;
  private NetServer server;
  private NetClient upstream;
  private Mode mode = Mode.FORWARD;

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
      link.client.handler(buffer -> server.write(buffer));
      server.handler(buffer -> link.client.write(buffer));
      if (mode == Mode.FROZEN) {
        server.pause();
      } else {
        link.client.resume();
      }
    });
  }

  private void close(Link link) {
    if (links.remove(link)) {
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
