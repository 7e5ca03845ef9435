package io.olympus.common.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Strict parsing of IP address literals (IPv4 dotted quads, IPv6 in any RFC 4291 text form, IPv4-mapped IPv6
 * becomes IPv4). Never resolves a name: anything that is not a literal is refused without a DNS lookup.
 */
public final class IpAddresses {

  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  private IpAddresses() {}

  /** The address of a literal, or empty when it is not an IP literal. */
  public static Optional<InetAddress> parse(String literal) {
    if (literal == null) {
      return Optional.empty();
    }
    String text = literal.strip();
    try {
      if (text.indexOf(':') < 0) {
        var m = IPV4.matcher(text);
        if (!m.matches()) {
          return Optional.empty();
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
          String part = m.group(i + 1);
          int value = Integer.parseInt(part);
          if (value > 255 || part.length() > 1 && part.charAt(0) == '0') {
            return Optional.empty();
          }
          bytes[i] = (byte) value;
        }
        return Optional.of(InetAddress.getByAddress(bytes));
      }
      // only hex digits, ':' and '.' reach InetAddress, and with a ':' it is parsed as a literal (no lookup)
      if (!IPV6_CHARS.matcher(text).matches() || Character.digit(text.charAt(0), 16) < 0 && text.charAt(0) != ':') {
        return Optional.empty();
      }
      return Optional.of(InetAddress.getByName(text));
    } catch (UnknownHostException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The canonical text of a literal ({@code ::1} → {@code 0:0:0:0:0:0:0:1}), or the input when it is not one. */
  public static String canonical(String literal) {
    return parse(literal).map(InetAddress::getHostAddress).orElse(literal);
  }
}
