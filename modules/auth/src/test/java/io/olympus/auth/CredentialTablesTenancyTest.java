package io.olympus.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.auth.apikey.repository.ApiKeyRepository;
import io.olympus.auth.mfa.repository.MfaRepository;
import io.olympus.auth.password.repository.PasswordRepository;
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

/** The MFA, password and API key tables are tenant-scoped: another tenant's transaction sees none of their rows. */
@ExtendWith(VertxExtension.class)
class CredentialTablesTenancyTest {

  static final UUID TENANT_A = UUID.fromString("0190a5a0-0000-7000-8000-00000000001a");
  static final UUID TENANT_B = UUID.fromString("0190a5a0-0000-7000-8000-00000000001b");
  static final UUID USER_A = UUID.fromString("0190a5a0-0000-7000-8000-0000000001a1");
  static final List<String> TABLES = List.of("auth_mfa_totp", "auth_mfa_backup_codes", "auth_password_reset_tokens",
      "auth_password_history", "auth_api_keys");

  private Pool pool;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestInfra infra = TestInfra.get();
    infra.truncateAll();
    infra.executeAsOwner("""
        INSERT INTO auth_users (id, tenant_id, email, roles) VALUES ('%1$s', '%2$s', 'a@example.com', '{}');
        INSERT INTO auth_mfa_totp (tenant_id, user_id, secret_enc, confirmed_at) VALUES ('%2$s', '%1$s', '\\x01', now());
        INSERT INTO auth_mfa_backup_codes (code_hash, tenant_id, user_id) VALUES (decode(repeat('ab', 32), 'hex'), '%2$s', '%1$s');
        INSERT INTO auth_password_reset_tokens (token_hash, tenant_id, user_id, expires_at)
          VALUES (decode(repeat('cd', 32), 'hex'), '%2$s', '%1$s', now() + interval '1 hour');
        INSERT INTO auth_password_history (id, tenant_id, user_id, password_hash) VALUES (gen_random_uuid(), '%2$s', '%1$s', 'h');
        INSERT INTO auth_api_keys (id, tenant_id, user_id, name, prefix, secret_hash, scopes)
          VALUES (gen_random_uuid(), '%2$s', '%1$s', 'k', 'prefix-a', decode(repeat('ef', 32), 'hex'), '{products:read}');
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
  void shouldNotReadAnotherTenantsRowsThroughTheRepositories(VertxTestContext ctx) {
    MfaRepository mfa = new MfaRepository();
    PasswordRepository passwords = new PasswordRepository();
    ApiKeyRepository apiKeys = new ApiKeyRepository();
    // tenant B's transaction asking, explicitly, for tenant A's rows
    Tenancy.inTenant(pool, TENANT_B, conn -> mfa.find(conn, TENANT_A, USER_A)
            .compose(totp -> passwords.recentHashes(conn, TENANT_A, USER_A, 5)
                .compose(history -> apiKeys.findByPrefix(conn, TENANT_A, "prefix-a")
                    .compose(key -> apiKeys.page(conn, TENANT_A, null, 10)
                        .map(page -> List.of(totp.isPresent(), !history.isEmpty(), key.isPresent(), !page.isEmpty()))))))
        .onComplete(ctx.succeeding(found -> ctx.verify(() -> {
          assertThat(found).containsExactly(false, false, false, false);
          ctx.completeNow();
        })));
  }

  private Future<Long> count(UUID tenant, String table) {
    return Tenancy.inTenant(pool, tenant, conn -> conn.query("SELECT count(*) AS n FROM " + table).execute())
        .map(rows -> rows.iterator().next().getLong("n"));
  }
}
