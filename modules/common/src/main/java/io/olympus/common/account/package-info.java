/**
 * The auth service's account contracts for other services: {@link io.olympus.common.account.UserAccounts} (the
 * platform's users admin view, {@code auth.users.*}) and {@link io.olympus.common.account.OwnerSignUp} (a new tenant's
 * owner, {@code auth.users.register_owner}); wire formats in their Javadoc.
 */
package io.olympus.common.account;
