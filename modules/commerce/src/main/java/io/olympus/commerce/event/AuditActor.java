package io.olympus.commerce.event;

import io.vertx.core.internal.ContextInternal;

/**
 * Who performs the change the current request makes, kept in the request's Vert.x duplicated context
 * (it follows the request through Future callbacks) so that {@link OutboxEventSink} can audit the change
 * in the transaction that makes it without every service method taking an extra parameter.
 */
public record AuditActor(String actorType, String actorId, String ip, String requestId) {

  private static final Object KEY = AuditActor.class;

  /** Attaches this actor to the current request; no-op outside a request's duplicated context. */
  public void attach() {
    ContextInternal ctx = ContextInternal.current();
    if (ctx != null && ctx.isDuplicate()) {
      ctx.putLocal(KEY, this);
    }
  }

  /** The actor of the request being handled on this context, or null (background work, tests of services). */
  public static AuditActor current() {
    ContextInternal ctx = ContextInternal.current();
    if (ctx == null || !ctx.isDuplicate()) {
      return null;
    }
    return ctx.getLocal(KEY) instanceof AuditActor actor ? actor : null;
  }
}
