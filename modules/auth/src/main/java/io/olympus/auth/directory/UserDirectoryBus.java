package io.olympus.auth.directory;

import io.olympus.common.account.AccountUser;
import io.olympus.common.account.UserAccounts;
import io.olympus.common.account.UserAccountsBusAdapter;
import io.olympus.common.audit.Actor;
import io.olympus.common.bus.BusEndpoints;
import io.olympus.common.security.AuthAddresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.UUID;

/** Serves the {@code auth.users.*} addresses of {@link AuthAddresses} from a {@link UserDirectory}: auth's {@link UserAccounts}. */
public final class UserDirectoryBus implements UserAccounts {

  private final UserDirectory directory;

  public UserDirectoryBus(UserDirectory directory) {
    this.directory = directory;
  }

  /** Registers the consumers; the caller unregisters them on close. */
  public static BusEndpoints.Registration register(Vertx vertx, UserDirectory directory) {
    return UserAccountsBusAdapter.register(vertx, new UserDirectoryBus(directory));
  }

  @Override
  public Future<Page> list(UUID tenantId, Query query) {
    UUID after = query.cursor() == null ? null : UUID.fromString(query.cursor());
    int limit = query.limit() == null ? DEFAULT_LIMIT : query.limit();
    return directory.list(tenantId, new UserDirectory.Query(query.search(), query.status(), query.userIds(), after, limit))
        .map(page -> new Page(page.users().stream().map(DirectoryUser::toAccount).toList(), page.nextCursor()));
  }

  @Override
  public Future<AccountUser> get(UUID tenantId, UUID userId) {
    return directory.get(tenantId, userId).map(DirectoryUser::toAccount);
  }

  @Override
  public Future<AccountUser> updateDisplayName(UUID tenantId, UUID userId, String displayName, Actor actor) {
    return directory.updateDisplayName(tenantId, userId, displayName, actor).map(DirectoryUser::toAccount);
  }

  @Override
  public Future<AccountUser> deactivate(UUID tenantId, UUID userId, List<UUID> ownerIds, Actor actor) {
    return directory.deactivate(tenantId, userId, ownerIds, actor).map(DirectoryUser::toAccount);
  }

  @Override
  public Future<AccountUser> reactivate(UUID tenantId, UUID userId, Actor actor) {
    return directory.reactivate(tenantId, userId, actor).map(DirectoryUser::toAccount);
  }

  @Override
  public Future<Counts> count(UUID tenantId) {
    return directory.count(tenantId).map(counts -> new Counts(counts.active(), counts.deactivated()));
  }
}
