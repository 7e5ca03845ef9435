/**
 * Calls between services over the event bus. {@link io.olympus.common.bus.BusClient} is the one way to ask (deadline,
 * circuit breaker per address), {@link io.olympus.common.bus.BusEndpoints} the one way to answer, and
 * {@link io.olympus.common.bus.BusErrors} carries failures both ways: the HTTP status as the failure code, a JSON
 * problem {@code {type, detail, errors?: [{field, message}]}} as the message, turned back into the same
 * {@code ApiException} by the client.
 *
 * <p>Each service that answers on the bus has one contract in {@code common}: an interface whose Javadoc gives the wire
 * format (addresses, JSON field names, failure codes), request and response records with explicit JSON mapping, one
 * client implementing the interface over {@code BusClient}, and one bus adapter serving any implementation of it:
 * {@link io.olympus.common.tenant.Tenants}, {@link io.olympus.common.authz.Authz}, {@link io.olympus.common.flag.Flags}
 * (platform); {@link io.olympus.common.security.AuthKeys}, {@link io.olympus.common.account.UserAccounts},
 * {@link io.olympus.common.account.OwnerSignUp} (auth); {@link io.olympus.common.commerce.CommerceUsage} (commerce).
 * Their shared fakes and consumer contract suites live in common's test-jar.
 */
package io.olympus.common.bus;
