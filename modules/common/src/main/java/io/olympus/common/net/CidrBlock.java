package io.olympus.common.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;

/** One IPv4 or IPv6 network in CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/32}; a bare address is /32 or /128). */
public final class CidrBlock {

  private final byte[] network;
  private final int prefix;
  private final String text;

  private CidrBlock(byte[] network, int prefix, String text) {
    this.network = network;
    this.prefix = prefix;
    this.text = text;
  }

  /**
   * Parses a CIDR block. Throws IllegalArgumentException whose message says what is expected: an IP literal, a prefix
   * length within the family's bits, and no host bits set ({@code 10.1.2.3/8} is refused: it is {@code 10.0.0.0/8}).
   */
  public static CidrBlock parse(String text) {
    if (text == null || text.isBlank() || text.length() > 64) {
      throw new IllegalArgumentException("a CIDR block such as 10.0.0.0/8 or 2001:db8::/32");
    }
    String value = text.strip();
    int slash = value.indexOf('/');
    String addressPart = slash < 0 ? value : value.substring(0, slash);
    InetAddress address = IpAddresses.parse(addressPart)
        .orElseThrow(() -> new IllegalArgumentException("a CIDR block such as 10.0.0.0/8 or 2001:db8::/32 ('"
            + addressPart + "' is not an IP address)"));
    byte[] bytes = address.getAddress();
    int bits = bytes.length * 8;
    // an IPv4-mapped IPv6 literal parses as IPv4: its prefix counts the 96 mapping bits
    int offset = address instanceof Inet4Address && addressPart.indexOf(':') >= 0 ? 96 : 0;
    int prefix = bits;
    if (slash >= 0) {
      String prefixPart = value.substring(slash + 1);
      if (!prefixPart.matches("\\d{1,3}")) {
        throw new IllegalArgumentException("a prefix length from 0 to " + (bits + offset) + " after '/'");
      }
      prefix = Integer.parseInt(prefixPart) - offset;
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException("a prefix length from " + offset + " to " + (bits + offset) + " after '/'");
      }
    }
    byte[] network = mask(bytes, prefix);
    if (!Arrays.equals(network, bytes)) {
      String suggestion = addressOf(network).getHostAddress() + "/" + (prefix + offset);
      throw new IllegalArgumentException("a network address without host bits (did you mean " + suggestion + "?)");
    }
    return new CidrBlock(network, prefix, addressOf(network).getHostAddress() + "/" + prefix);
  }

  /** Whether the address lies in this block (an IPv4 block never contains an IPv6 address and the reverse). */
  public boolean contains(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (bytes.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (bytes[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int maskByte = (0xFF << (8 - rest)) & 0xFF;
    return (bytes[full] & maskByte) == (network[full] & maskByte);
  }

  public int prefix() {
    return prefix;
  }

  @Override
  public String toString() {
    return text;
  }

  private static byte[] mask(byte[] bytes, int prefix) {
    byte[] out = bytes.clone();
    for (int i = 0; i < out.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - i * 8));
      out[i] = (byte) (out[i] & ((0xFF << (8 - keep)) & 0xFF));
    }
    return out;
  }

  private static InetAddress addressOf(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
