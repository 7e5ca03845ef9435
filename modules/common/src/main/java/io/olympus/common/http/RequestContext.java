package io.olympus.common.http;

import io.vertx.core.internal.ContextInternal;
import java.util.UUID;

/**
 * Per-request identity (request id, tenant id, user id) kept in the Vert.x duplicated context of the
 * request, not in a thread-local: it follows the request across event-loop hops, Future callbacks and
 * {@code executeBlocking}, and every log line written while handling the request carries it.
 */
public final class RequestContext {

  private static final Object KEY = RequestContext.class;

  private final String requestId;
  private volatile String tenantId;
  private volatile String userId;

  private RequestContext(String requestId) {
    this.requestId = requestId;
  }

  /** Starts the request's context on the current duplicated context; returns it. */
  static RequestContext begin(String requestId) {
    RequestContext rc = new RequestContext(requestId);
    ContextInternal ctx = ContextInternal.current();
    if (ctx != null && ctx.isDuplicate()) {
      ctx.putLocal(KEY, rc);
    }
    return rc;
  }

  /** The request being handled on this thread's Vert.x context, or null outside a request. */
  public static RequestContext current() {
    ContextInternal ctx = ContextInternal.current();
    if (ctx == null || !ctx.isDuplicate()) {
      return null;
    }
    Object value = ctx.getLocal(KEY);
    return value instanceof RequestContext rc ? rc : null;
  }

  /** The current request id, or null outside a request. */
  public static String currentRequestId() {
    RequestContext rc = current();
    return rc == null ? null : rc.requestId;
  }

  /** Records the tenant of the current request (for logs); no-op outside a request. */
  public static void setTenantId(UUID tenantId) {
    RequestContext rc = current();
    if (rc != null) {
      rc.tenantId = tenantId == null ? null : tenantId.toString();
    }
  }

  /** Records the authenticated user of the current request (for logs); no-op outside a request. */
  public static void setUserId(UUID userId) {
    RequestContext rc = current();
    if (rc != null) {
      rc.userId = userId == null ? null : userId.toString();
    }
  }

  public String requestId() {
    return requestId;
  }

  public String tenantId() {
    return tenantId;
  }

  public String userId() {
    return userId;
  }
}
