package io.olympus.common.error;

/** The client's IP address is not allowed for the tenant (403, type {@code ip-not-allowed}); never names the lists. */
public final class IpNotAllowedException extends ApiException {

  public IpNotAllowedException() {
    super(403, "ip-not-allowed", "IP address not allowed",
        "requests from this IP address are not allowed for this tenant");
  }
}
