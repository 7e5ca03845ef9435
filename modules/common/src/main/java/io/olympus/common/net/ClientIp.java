package io.olympus.common.net;

import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The client's IP address of a request, the one value every per-IP decision uses (rate limits, lockout, security
 * events, devices, audit, tenant IP lists). By default it is the TCP peer. When the peer is one of the trusted
 * proxies ({@code OLYMPUS_TRUSTED_PROXIES}), the forwarding header the proxies write
 * ({@code OLYMPUS_FORWARDED_HEADER}: {@code X-Forwarded-For} or RFC 7239 {@code Forwarded}) is read from the right:
 * the client is the rightmost hop that is not itself a trusted proxy. A forwarding header from an untrusted peer is
 * ignored, so a client cannot choose its own address. Installed as a root handler by {@code ServiceHttpVerticle}.
 */
public final class ClientIp implements PlatformHandler {

  /** Which forwarding header the trusted proxies write. */
  public enum Header {
    X_FORWARDED_FOR("X-Forwarded-For"),
    FORWARDED("Forwarded");

    private final String name;

    Header(String name) {
      this.name = name;
    }

    public String headerName() {
      return name;
    }

    /** Parses {@code x-forwarded-for} or {@code forwarded}; IllegalArgumentException otherwise. */
    public static Header parse(String text) {
      return switch (text.strip().toLowerCase(Locale.ROOT)) {
        case "x-forwarded-for" -> X_FORWARDED_FOR;
        case "forwarded" -> FORWARDED;
        default -> throw new IllegalArgumentException("x-forwarded-for or forwarded");
      };
    }
  }

  static final String KEY = "olympus.client_ip";
  static final String RESOLVER_KEY = "olympus.client_ip.resolver";

  /** The resolved client: its canonical text and address (null address when the peer is not an IP socket). */
  public record Resolved(String ip, InetAddress address) {}

  private final CidrSet trustedProxies;
  private final Header header;

  public ClientIp(CidrSet trustedProxies, Header header) {
    this.trustedProxies = trustedProxies;
    this.header = header;
  }

  @Override
  public void handle(RoutingContext ctx) {
    // resolved on first use: most requests of a tenant without IP lists never need the address
    ctx.put(RESOLVER_KEY, this);
    ctx.next();
  }

  /** The client's IP as canonical text ({@code 203.0.113.7}, {@code 0:0:0:0:0:0:0:1}); null when unknown. */
  public static String of(RoutingContext ctx) {
    return resolved(ctx).ip();
  }

  /** The client's address; null when unknown. */
  public static InetAddress address(RoutingContext ctx) {
    return resolved(ctx).address();
  }

  private static Resolved resolved(RoutingContext ctx) {
    Resolved resolved = ctx.get(KEY);
    if (resolved == null) {
      ClientIp resolver = ctx.get(RESOLVER_KEY);
      // without the handler (a route outside the shared stack) the client is the TCP peer
      resolved = resolver == null
          ? peer(ctx.request().remoteAddress())
          : resolver.resolve(ctx.request().remoteAddress(), ctx.request().headers().getAll(resolver.header.headerName()));
      ctx.put(KEY, resolved);
    }
    return resolved;
  }

  /** Resolves the client from the TCP peer and the forwarding header lines (in the order received). */
  public Resolved resolve(SocketAddress remote, List<String> headerLines) {
    Resolved peer = peer(remote);
    if (peer.address() == null || trustedProxies.isEmpty() || !trustedProxies.contains(peer.address())
        || headerLines.isEmpty()) {
      return peer;
    }
    List<String> hops = header == Header.FORWARDED ? forwardedFor(headerLines) : xForwardedFor(headerLines);
    Resolved client = peer;
    for (int i = hops.size() - 1; i >= 0; i--) {
      Optional<InetAddress> hop = IpAddresses.parse(hops.get(i));
      if (hop.isEmpty()) {
        // garbage (or an obfuscated RFC 7239 node) written by the previous hop: trust stops at the last good one
        return client;
      }
      client = new Resolved(hop.get().getHostAddress(), hop.get());
      if (!trustedProxies.contains(hop.get())) {
        return client;
      }
    }
    return client;
  }

  private static Resolved peer(SocketAddress remote) {
    if (remote == null || remote.hostAddress() == null) {
      return new Resolved(null, null);
    }
    return IpAddresses.parse(remote.hostAddress())
        .map(a -> new Resolved(a.getHostAddress(), a))
        .orElse(new Resolved(remote.hostAddress(), null));
  }

  private static List<String> xForwardedFor(List<String> lines) {
    List<String> hops = new ArrayList<>();
    for (String line : lines) {
      for (String part : line.split(",")) {
        hops.add(stripPort(part.strip()));
      }
    }
    return hops;
  }

  /** The {@code for=} values of RFC 7239 elements, in order (quoted, bracketed IPv6 and ports removed). */
  private static List<String> forwardedFor(List<String> lines) {
    List<String> hops = new ArrayList<>();
    for (String line : lines) {
      for (String element : line.split(",")) {
        String node = "";
        for (String pair : element.split(";")) {
          int eq = pair.indexOf('=');
          if (eq > 0 && pair.substring(0, eq).strip().equalsIgnoreCase("for")) {
            node = pair.substring(eq + 1).strip();
          }
        }
        if (node.length() >= 2 && node.startsWith("\"") && node.endsWith("\"")) {
          node = node.substring(1, node.length() - 1);
        }
        hops.add(stripPort(node));
      }
    }
    return hops;
  }

  /** {@code [2001:db8::1]:443} → {@code 2001:db8::1}; {@code 192.0.2.1:80} → {@code 192.0.2.1}; bare IPv6 unchanged. */
  private static String stripPort(String hop) {
    if (hop.startsWith("[")) {
      int end = hop.indexOf(']');
      return end > 0 ? hop.substring(1, end) : hop;
    }
    int colon = hop.indexOf(':');
    if (colon > 0 && colon == hop.lastIndexOf(':')) {
      return hop.substring(0, colon);
    }
    return hop;
  }
}
