package io.olympus.common.security;

import io.vertx.core.Future;
import java.util.UUID;

/** Answers whether a session was revoked before its tokens expire; checked on every token use. */
public interface SessionRevocations {

  /** Nothing is ever revoked: for tests and for services that run without Redis. */
  SessionRevocations NONE = sessionId -> Future.succeededFuture(false);

  /** True when the session is revoked; fails when the answer cannot be had (callers must then refuse). */
  Future<Boolean> isRevoked(UUID sessionId);
}
