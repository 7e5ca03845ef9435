package io.olympus.common.net;

import java.net.InetAddress;
import java.util.List;

/**
 * A tenant's IP allow and deny lists, parsed once (it travels inside the cached {@code TenantInfo}). Deny wins over
 * allow; an empty allow list allows every address not denied. With any list set, an unknown client address is
 * refused.
 */
public record IpAccessList(List<String> allow, List<String> deny, CidrSet allowSet, CidrSet denySet) {

  public static final IpAccessList NONE = new IpAccessList(List.of(), List.of(), CidrSet.EMPTY, CidrSet.EMPTY);

  /** Parses both lists; throws IllegalArgumentException naming the first bad entry. */
  public static IpAccessList of(List<String> allow, List<String> deny) {
    if (allow.isEmpty() && deny.isEmpty()) {
      return NONE;
    }
    return new IpAccessList(List.copyOf(allow), List.copyOf(deny), CidrSet.parse(allow), CidrSet.parse(deny));
  }

  public boolean isUnrestricted() {
    return allowSet.isEmpty() && denySet.isEmpty();
  }

  /** Whether a client at {@code address} may act for the tenant. */
  public boolean permits(InetAddress address) {
    if (isUnrestricted()) {
      return true;
    }
    if (address == null || denySet.contains(address)) {
      return false;
    }
    return allowSet.isEmpty() || allowSet.contains(address);
  }
}
