package io.olympus.common.account;

import io.olympus.common.audit.Actor;
import io.olympus.common.error.ConflictException;
import io.olympus.common.error.NotFoundException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shared fake of the auth service's {@link UserAccounts}, for module tests that cannot deploy auth. Served on the
 * bus through the real {@link UserAccountsBusAdapter} and checked against auth by the same {@link UserAccountsContract}
 * suite. Accounts are the ones a test {@link #add}s; pages are in id order (creation order for time-ordered ids), as
 * auth's. It has no plan seats: reactivation never meets a user limit.
 */
public final class FakeUserAccounts implements UserAccounts {

  private record Key(UUID tenantId, UUID userId) {}

  private final Map<Key, AccountUser> users = new ConcurrentHashMap<>();

  /** A fake not yet on any bus. */
  public static FakeUserAccounts inMemory() {
    return new FakeUserAccounts();
  }

  /** A fake answering the {@code auth.users.*} addresses on {@code vertx}'s bus. */
  public static FakeUserAccounts install(Vertx vertx) {
    FakeUserAccounts fake = new FakeUserAccounts();
    UserAccountsBusAdapter.register(vertx, fake);
    return fake;
  }

  /** An active, verified account of the tenant. */
  public AccountUser add(UUID tenantId, UUID userId, String email, String displayName) {
    Instant now = Instant.now();
    AccountUser user = new AccountUser(userId, email, displayName, AccountUser.ACTIVE, true, now, now, null, null, null);
    users.put(new Key(tenantId, userId), user);
    return user;
  }

  /** An active account of the tenant with a made-up email. */
  public AccountUser add(UUID tenantId, UUID userId) {
    return add(tenantId, userId, userId + "@example.test", "User " + userId.toString().substring(0, 8));
  }

  /** The account is deactivated (set-up). */
  public void deactivate(UUID tenantId, UUID userId) {
    deactivate(tenantId, userId, List.of(), Actor.SYSTEM);
  }

  /** The account's status now, or null when the tenant has no such account. */
  public String status(UUID tenantId, UUID userId) {
    AccountUser user = users.get(new Key(tenantId, userId));
    return user == null ? null : user.status();
  }

  @Override
  public Future<Page> list(UUID tenantId, Query query) {
    int limit = query.limit() == null ? DEFAULT_LIMIT : query.limit();
    String search = query.search() == null ? null : query.search().toLowerCase(Locale.ROOT);
    List<AccountUser> matching = users.entrySet().stream()
        .filter(e -> e.getKey().tenantId().equals(tenantId))
        .map(Map.Entry::getValue)
        .filter(u -> search == null || u.email().toLowerCase(Locale.ROOT).contains(search)
            || (u.displayName() != null && u.displayName().toLowerCase(Locale.ROOT).contains(search)))
        .filter(u -> query.status() == null || query.status().equals(u.status()))
        .filter(u -> query.userIds() == null || query.userIds().contains(u.id()))
        // PostgreSQL orders uuids byte by byte, as their text
        .filter(u -> query.cursor() == null || u.id().toString().compareTo(query.cursor()) > 0)
        .sorted(Comparator.comparing(u -> u.id().toString()))
        .limit(limit + 1L)
        .toList();
    if (matching.size() <= limit) {
      return Future.succeededFuture(new Page(matching, null));
    }
    List<AccountUser> page = matching.subList(0, limit);
    return Future.succeededFuture(new Page(page, page.get(limit - 1).id().toString()));
  }

  @Override
  public Future<AccountUser> get(UUID tenantId, UUID userId) {
    AccountUser user = users.get(new Key(tenantId, userId));
    return user != null ? Future.succeededFuture(user) : Future.failedFuture(new NotFoundException("No such user"));
  }

  @Override
  public Future<AccountUser> updateDisplayName(UUID tenantId, UUID userId, String displayName, Actor actor) {
    return change(tenantId, userId, u -> new AccountUser(u.id(), u.email(), displayName, u.status(), u.emailVerified(),
        u.createdAt(), Instant.now(), u.deactivatedAt(), u.lastLoginAt(), u.lastSeenAt()));
  }

  @Override
  public Future<AccountUser> deactivate(UUID tenantId, UUID userId, List<UUID> ownerIds, Actor actor) {
    boolean anotherActiveOwner = ownerIds.stream()
        .anyMatch(owner -> !owner.equals(userId) && AccountUser.ACTIVE.equals(status(tenantId, owner)));
    if (ownerIds.contains(userId) && !anotherActiveOwner) {
      return Future.failedFuture(new ConflictException("The tenant's last active owner cannot be deactivated"));
    }
    return change(tenantId, userId, u -> !u.active() ? u : new AccountUser(u.id(), u.email(), u.displayName(),
        AccountUser.DEACTIVATED, u.emailVerified(), u.createdAt(), Instant.now(), Instant.now(), u.lastLoginAt(),
        u.lastSeenAt()));
  }

  @Override
  public Future<AccountUser> reactivate(UUID tenantId, UUID userId, Actor actor) {
    return change(tenantId, userId, u -> u.active() ? u : new AccountUser(u.id(), u.email(), u.displayName(),
        AccountUser.ACTIVE, u.emailVerified(), u.createdAt(), Instant.now(), null, u.lastLoginAt(), u.lastSeenAt()));
  }

  @Override
  public Future<Counts> count(UUID tenantId) {
    long active = users.entrySet().stream().filter(e -> e.getKey().tenantId().equals(tenantId) && e.getValue().active())
        .count();
    long all = users.keySet().stream().filter(k -> k.tenantId().equals(tenantId)).count();
    return Future.succeededFuture(new Counts(active, all - active));
  }

  private Future<AccountUser> change(UUID tenantId, UUID userId, java.util.function.UnaryOperator<AccountUser> change) {
    AccountUser changed = users.computeIfPresent(new Key(tenantId, userId), (k, u) -> change.apply(u));
    return changed != null ? Future.succeededFuture(changed) : Future.failedFuture(new NotFoundException("No such user"));
  }
}
