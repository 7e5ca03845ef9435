package io.olympus.auth.login.service;

import io.olympus.auth.account.repository.Account;
import io.vertx.core.Future;

/**
 * Hook between a correct password and the issue of tokens: says whether the account must pass a second factor and,
 * when it must, opens a challenge (the login then answers {@code {mfa_required: true, mfa_token}} instead of tokens).
 * The auth core always consults {@code MfaService} (TOTP enrolment) as well; {@link #NONE} adds no further rule.
 */
@FunctionalInterface
public interface MfaGate {

  MfaGate NONE = account -> Future.succeededFuture(false);

  /** True when {@code account} must complete a second factor before tokens are issued. */
  Future<Boolean> required(Account account);

  /** Opens a second-factor challenge for {@code account}; the answer is the opaque {@code mfa_token}. */
  default Future<String> challenge(Account account, String deviceId, String deviceName) {
    return Future.failedFuture(new io.olympus.common.error.ForbiddenException("A second factor is required"));
  }
}
