package io.olympus.common.http;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import io.vertx.core.internal.ContextInternal;
import org.slf4j.MDC;
import org.slf4j.Marker;

/**
 * Copies the current request's ids ({@code request_id}, {@code tenant_id}, {@code user_id}) from the
 * Vert.x context into the MDC of the logging thread just before each log call, so that every line
 * logged while handling a request carries them, whichever event loop or worker logs it. On a Vert.x
 * thread outside any request the keys are cleared (no stale ids from the previous request); on other
 * threads the MDC is left alone. Registered as a turbo filter in {@code logback.xml}; never denies.
 */
public final class RequestContextLogFilter extends TurboFilter {

  public static final String REQUEST_ID = "request_id";
  public static final String TENANT_ID = "tenant_id";
  public static final String USER_ID = "user_id";

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (ContextInternal.current() == null) {
      return FilterReply.NEUTRAL;
    }
    RequestContext rc = RequestContext.current();
    if (rc == null) {
      MDC.remove(REQUEST_ID);
      MDC.remove(TENANT_ID);
      MDC.remove(USER_ID);
    } else {
      put(REQUEST_ID, rc.requestId());
      put(TENANT_ID, rc.tenantId());
      put(USER_ID, rc.userId());
    }
    return FilterReply.NEUTRAL;
  }

  private static void put(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }
}
