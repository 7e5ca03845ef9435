package io.olympus.platform.rbac;

import io.olympus.common.audit.Actor;
import io.olympus.common.event.EventEnvelope;
import io.olympus.common.outbox.Backoff;
import io.olympus.common.outbox.EventConsumer;
import io.olympus.platform.PlatformChanges;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.UUID;

/**
 * Gives every self-registered user (auth's {@code user.registered} with role {@code customer}) the built-in customer
 * role, tenant-wide, once (through the inbox): what a customer may do is then decided like every other role, by the
 * platform's RBAC. The assignment is audited as the system's and publishes {@code user.role_changed}, so a permission
 * set cached before it arrived is dropped.
 */
public final class CustomerRoleVerticle extends VerticleBase {

  /** The built-in customer role. */
  public static final UUID CUSTOMER_ROLE = UUID.fromString("00000000-0000-7000-8000-000000000105");
  static final String CONSUMER = "platform.customer-role";

  private final Pool pool;
  private final Backoff backoff;
  private final RbacRepository repository = new RbacRepository();
  private EventConsumer consumer;

  public CustomerRoleVerticle(Pool pool, Backoff backoff) {
    this.pool = pool;
    this.backoff = backoff;
  }

  @Override
  public Future<?> start() {
    return EventConsumer.transactional(vertx, pool, CONSUMER, List.of("user.registered"), backoff, this::registered)
        .onSuccess(started -> consumer = started);
  }

  @Override
  public Future<?> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.stop();
  }

  private Future<Void> registered(SqlConnection conn, EventEnvelope event) {
    JsonArray roles = event.payload().getJsonArray("roles", new JsonArray());
    String user = event.payload().getString("user_id");
    if (event.tenantId() == null || user == null || !roles.contains("customer")) {
      return Future.succeededFuture();
    }
    UUID userId = UUID.fromString(user);
    return repository.assign(conn, event.tenantId(), userId, CUSTOMER_ROLE, null, null)
        .compose(added -> !added ? Future.<Void>succeededFuture()
            : PlatformChanges.record(conn, event.tenantId(), Actor.SYSTEM, "user.role.assign", "user", user,
                new JsonObject().put("user_id", user).put("role_id", CUSTOMER_ROLE.toString()).putNull("location_id")
                    .put("change", "assigned"), "user.role_changed"));
  }
}
