package io.olympus.auth.account.repository;

/** Where a request came from, recorded with security events, audit entries and devices. */
public record RequestMeta(String ip, String userAgent, String requestId) {

  public static final RequestMeta INTERNAL = new RequestMeta(null, null, null);

  public RequestMeta {
    userAgent = userAgent != null && userAgent.length() > 512 ? userAgent.substring(0, 512) : userAgent;
  }
}
