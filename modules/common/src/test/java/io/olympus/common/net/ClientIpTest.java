package io.olympus.common.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.net.SocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientIpTest {

  static final CidrSet PROXIES = CidrSet.parse(List.of("10.0.0.0/8", "2001:db8:ffff::/48"));
  static final ClientIp XFF = new ClientIp(PROXIES, ClientIp.Header.X_FORWARDED_FOR);
  static final ClientIp FORWARDED = new ClientIp(PROXIES, ClientIp.Header.FORWARDED);

  @Test
  void shouldIgnoreForwardedForFromAnUntrustedPeer() {
    assertThat(XFF.resolve(peer("198.51.100.7"), List.of("203.0.113.9")).ip()).isEqualTo("198.51.100.7");
    assertThat(new ClientIp(CidrSet.EMPTY, ClientIp.Header.X_FORWARDED_FOR)
        .resolve(peer("10.0.0.1"), List.of("203.0.113.9")).ip()).isEqualTo("10.0.0.1");
  }

  @Test
  void shouldTakeTheRightmostUntrustedHopBehindTrustedProxies() {
    // the client claims to be 1.1.1.1; the first proxy saw it come from 203.0.113.9; a second proxy saw the first
    assertThat(XFF.resolve(peer("10.0.0.2"), List.of("1.1.1.1, 203.0.113.9, 10.0.0.1")).ip()).isEqualTo("203.0.113.9");
    assertThat(XFF.resolve(peer("10.0.0.2"), List.of("1.1.1.1", "203.0.113.9")).ip()).isEqualTo("203.0.113.9");
    assertThat(XFF.resolve(peer("10.0.0.2"), List.of()).ip()).isEqualTo("10.0.0.2");
    assertThat(XFF.resolve(peer("10.0.0.2"), List.of("10.0.0.5, 10.0.0.1")).ip()).isEqualTo("10.0.0.5");
    assertThat(XFF.resolve(peer("10.0.0.2"), List.of("2001:db8::7")).ip()).isEqualTo("2001:db8:0:0:0:0:0:7");
    assertThat(XFF.resolve(peer("2001:db8:ffff::1"), List.of("[2001:db8::7]:443")).ip()).isEqualTo("2001:db8:0:0:0:0:0:7");
    assertThat(XFF.resolve(peer("10.0.0.2"), List.of("203.0.113.9:51234")).ip()).isEqualTo("203.0.113.9");
  }

  @Test
  void shouldStopAtGarbageAndKeepTheLastTrustedHop() {
    assertThat(XFF.resolve(peer("10.0.0.2"), List.of("evil.example.com")).ip()).isEqualTo("10.0.0.2");
    assertThat(XFF.resolve(peer("10.0.0.2"), List.of("nonsense, 10.0.0.3")).ip()).isEqualTo("10.0.0.3");
  }

  @Test
  void shouldReadRfc7239ForwardedWhenConfigured() {
    assertThat(FORWARDED.resolve(peer("10.0.0.2"),
        List.of("for=1.1.1.1, for=\"[2001:db8::17]:4711\";proto=https;by=10.0.0.2")).ip())
        .isEqualTo("2001:db8:0:0:0:0:0:17");
    assertThat(FORWARDED.resolve(peer("10.0.0.2"), List.of("For=203.0.113.9;proto=http")).ip()).isEqualTo("203.0.113.9");
    assertThat(FORWARDED.resolve(peer("10.0.0.2"), List.of("for=_hidden")).ip()).isEqualTo("10.0.0.2");
    assertThat(FORWARDED.resolve(peer("198.51.100.7"), List.of("for=203.0.113.9")).ip()).isEqualTo("198.51.100.7");
  }

  private static SocketAddress peer(String ip) {
    return SocketAddress.inetSocketAddress(40000, ip);
  }
}
