package io.olympus.common.account;

import io.olympus.common.error.ConflictException;
import io.olympus.common.error.ValidationException;
import io.olympus.common.event.Uuids;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shared fake of the auth service's {@link OwnerSignUp}, for platform tests that cannot deploy auth. Served on the
 * bus through the real {@link OwnerSignUpBusAdapter} and checked against auth by the same {@link OwnerSignUpContract}
 * suite: it refuses an email without {@code @} (400 {@code email}), a password under 12 characters (400
 * {@code password}: auth's length rule; auth also refuses common passwords, which the fake does not know) and an email
 * already registered in the tenant (409); otherwise it answers made-up tokens for the given user id.
 */
public final class FakeOwnerSignUp implements OwnerSignUp {

  private final Set<String> registered = ConcurrentHashMap.newKeySet();

  /** A fake answering {@code auth.users.register_owner} on {@code vertx}'s bus. */
  public static FakeOwnerSignUp install(Vertx vertx) {
    FakeOwnerSignUp fake = new FakeOwnerSignUp();
    OwnerSignUpBusAdapter.register(vertx, fake);
    return fake;
  }

  @Override
  public Future<SignedIn> registerOwner(NewOwner owner) {
    if (owner.email() == null || owner.email().isBlank()) {
      return Future.failedFuture(new ValidationException("email", "is required"));
    }
    int at = owner.email().strip().lastIndexOf('@');
    if (at <= 0 || at == owner.email().strip().length() - 1) {
      return Future.failedFuture(new ValidationException("email", "must be an email address"));
    }
    if (owner.password() == null || owner.password().codePointCount(0, owner.password().length()) < 12) {
      return Future.failedFuture(new ValidationException("password", "must be at least 12 characters"));
    }
    if (!registered.add(owner.tenantId() + "/" + owner.email().strip().toLowerCase(Locale.ROOT))) {
      return Future.failedFuture(new ConflictException("An account with this email already exists"));
    }
    UUID userId = owner.userId() != null ? owner.userId() : Uuids.v7();
    return Future.succeededFuture(new SignedIn("fake." + userId + ".token", "Bearer", 900, "fake-refresh-" + userId,
        Uuids.v7().toString(), userId));
  }
}
