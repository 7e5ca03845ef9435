package io.olympus.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.auth.account.repository.DeviceRepository;
import io.olympus.auth.account.repository.SecurityEventRepository;
import io.olympus.common.db.Tenancy;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The auth flow tables are tenant-scoped: another tenant's transaction sees none of their rows, even without a filter. */
@ExtendWith(VertxExtension.class)
class AuthTablesTenancyTest {

  static final UUID TENANT_A = UUID.fromString("0190a5a0-0000-7000-8000-00000000000a");
  static final UUID TENANT_B = UUID.fromString("0190a5a0-0000-7000-8000-00000000000b");
  static final UUID USER_A = UUID.fromString("0190a5a0-0000-7000-8000-0000000000a1");
  static final List<String> TABLES = List.of("auth_email_tokens", "auth_devices", "auth_security_events");

  private Pool pool;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestInfra infra = TestInfra.get();
    infra.truncateAll();
    infra.executeAsOwner("""
        INSERT INTO auth_users (id, tenant_id, email, roles) VALUES ('%1$s', '%2$s', 'a@example.com', '{}');
        INSERT INTO auth_email_tokens (token_hash, tenant_id, user_id, purpose, expires_at)
          VALUES (decode(repeat('ab', 32), 'hex'), '%2$s', '%1$s', 'verify_email', now() + interval '1 day');
        INSERT INTO auth_devices (id, tenant_id, user_id, device_key) VALUES (gen_random_uuid(), '%2$s', '%1$s', 'k');
        INSERT INTO auth_security_events (id, tenant_id, user_id, type) VALUES (gen_random_uuid(), '%2$s', '%1$s', 'login_succeeded');
        """.formatted(USER_A, TENANT_A));
    pool = infra.appPool(vertx);
  }

  @AfterEach
  void tearDown() {
    pool.close().await();
  }

  @Test
  void shouldHideEveryRowFromAnotherTenantEvenWithoutAFilter(VertxTestContext ctx) {
    Future.all(TABLES.stream().map(t -> Future.all(count(TENANT_A, t), count(TENANT_B, t))
            .map(both -> List.<Object>of(t, both.<Long>resultAt(0), both.<Long>resultAt(1)))).toList())
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          for (int i = 0; i < TABLES.size(); i++) {
            List<?> row = all.resultAt(i);
            assertThat(row.get(1)).as(row.get(0) + " seen by its tenant").isEqualTo(1L);
            assertThat(row.get(2)).as(row.get(0) + " seen by another tenant").isEqualTo(0L);
          }
          ctx.completeNow();
        })));
  }

  @Test
  void shouldNotListAnotherTenantsDevicesOrEventsThroughTheRepositories(VertxTestContext ctx) {
    DeviceRepository devices = new DeviceRepository();
    SecurityEventRepository events = new SecurityEventRepository();
    // tenant B's transaction asking, explicitly, for tenant A's user
    Tenancy.inTenant(pool, TENANT_B, conn -> devices.list(conn, TENANT_A, USER_A)
            .compose(d -> events.page(conn, TENANT_A, USER_A, null, 10).map(e -> List.of(d.size(), e.size()))))
        .onComplete(ctx.succeeding(sizes -> ctx.verify(() -> {
          assertThat(sizes).containsExactly(0, 0);
          ctx.completeNow();
        })));
  }

  private Future<Long> count(UUID tenant, String table) {
    return Tenancy.inTenant(pool, tenant, conn -> conn.query("SELECT count(*) AS n FROM " + table).execute())
        .map(rows -> rows.iterator().next().getLong("n"));
  }
}
