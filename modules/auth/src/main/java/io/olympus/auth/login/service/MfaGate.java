package io.olympus.auth.login.service;

import io.olympus.auth.account.repository.Account;
import io.vertx.core.Future;

/**
 * Hook between a correct password and the issue of tokens: says whether the account must pass a second factor.
 * MFA lives on another branch (auth-extras); until it is merged, {@link #NONE} answers "not required" for everyone.
 * The MFA work replaces it with a gate that reads the account's MFA enrolment and, when required, answers with
 * a challenge instead of tokens.
 */
@FunctionalInterface
public interface MfaGate {

  MfaGate NONE = account -> Future.succeededFuture(false);

  /** True when {@code account} must complete a second factor before tokens are issued. */
  Future<Boolean> required(Account account);
}
