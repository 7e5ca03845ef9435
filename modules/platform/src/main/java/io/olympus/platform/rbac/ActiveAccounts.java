package io.olympus.platform.rbac;

import io.vertx.core.Future;
import java.util.List;
import java.util.UUID;

/** Which accounts are active: the accounts live in the auth service, the last-owner rule needs to know. */
@FunctionalInterface
public interface ActiveAccounts {

  /** Without the auth service nothing can be known: a change that needs it fails (closed). */
  ActiveAccounts UNKNOWN = (tenantId, userIds) -> Future.failedFuture(
      new io.olympus.common.error.UnavailableException("The accounts service cannot be reached", 1));

  /** True when at least one of {@code userIds} is an active account of the tenant. */
  Future<Boolean> anyActive(UUID tenantId, List<UUID> userIds);
}
