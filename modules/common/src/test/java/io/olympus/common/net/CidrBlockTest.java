package io.olympus.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class CidrBlockTest {

  @Test
  void shouldMatchIpv4AddressesInsideTheBlockOnly() {
    CidrBlock block = CidrBlock.parse("10.0.0.0/8");

    assertThat(block.contains(ip("10.255.1.2"))).isTrue();
    assertThat(block.contains(ip("11.0.0.1"))).isFalse();
    assertThat(block.contains(ip("::ffff:10.1.1.1"))).isTrue();
    assertThat(CidrBlock.parse("192.168.1.128/25").contains(ip("192.168.1.200"))).isTrue();
    assertThat(CidrBlock.parse("192.168.1.128/25").contains(ip("192.168.1.127"))).isFalse();
    assertThat(CidrBlock.parse("0.0.0.0/0").contains(ip("203.0.113.9"))).isTrue();
    assertThat(CidrBlock.parse("203.0.113.9").contains(ip("203.0.113.9"))).isTrue();
    assertThat(CidrBlock.parse("203.0.113.9").contains(ip("203.0.113.10"))).isFalse();
  }

  @Test
  void shouldMatchIpv6AddressesAndNeverMixFamilies() {
    CidrBlock block = CidrBlock.parse("2001:db8::/32");

    assertThat(block.contains(ip("2001:db8:ffff::1"))).isTrue();
    assertThat(block.contains(ip("2001:db9::1"))).isFalse();
    assertThat(CidrBlock.parse("::1/128").contains(ip("0:0:0:0:0:0:0:1"))).isTrue();
    assertThat(CidrBlock.parse("::/0").contains(ip("10.0.0.1"))).isFalse();
    assertThat(CidrBlock.parse("0.0.0.0/0").contains(ip("::1"))).isFalse();
    assertThat(CidrBlock.parse("2001:db8:0:0:8000::/65").contains(ip("2001:db8::8000:0:0:1"))).isTrue();
    assertThat(CidrBlock.parse("::ffff:10.0.0.0/104").contains(ip("10.2.3.4"))).isTrue();
  }

  @Test
  void shouldRefuseMalformedBlocksSayingWhatIsExpected() {
    for (String bad : List.of("", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0/8", "256.0.0.0/8", "010.0.0.0/8",
        "example.com", "localhost/8", "2001:db8::/129", "2001:db8::g/32", "10.0.0.0/8/8", "10.0.0.0/x",
        "fe80::1%eth0", ".:1", "1.2.3.4.5")) {
      assertThatThrownBy(() -> CidrBlock.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> CidrBlock.parse("10.1.2.3/8")).hasMessageContaining("did you mean 10.0.0.0/8");
    assertThatThrownBy(() -> CidrBlock.parse("2001:db8::1/32")).hasMessageContaining("did you mean 2001:db8:0:0:0:0:0:0/32");
  }

  @Test
  void shouldLetDenyWinOverAllowAndTreatAnEmptyAllowListAsEveryone() {
    IpAccessList denyOnly = IpAccessList.of(List.of(), List.of("127.0.0.0/8"));
    IpAccessList both = IpAccessList.of(List.of("10.0.0.0/8"), List.of("10.1.0.0/16"));

    assertThat(IpAccessList.NONE.permits(null)).isTrue();
    assertThat(denyOnly.permits(ip("127.0.0.1"))).isFalse();
    assertThat(denyOnly.permits(ip("203.0.113.9"))).isTrue();
    assertThat(denyOnly.permits(null)).isFalse();
    assertThat(both.permits(ip("10.2.0.1"))).isTrue();
    assertThat(both.permits(ip("10.1.0.1"))).isFalse();
    assertThat(both.permits(ip("192.168.0.1"))).isFalse();
  }

  private static InetAddress ip(String literal) {
    return IpAddresses.parse(literal).orElseThrow();
  }
}
