package io.olympus.common.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.common.testing.TestInfra;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Row-level security checked from the catalog, after every migration: each table with a {@code tenant_id} column
 * has RLS enabled and forced and a policy that admits a row only when its tenant is the transaction's, for reading
 * and for writing. A table added later is checked without anyone remembering to list it; a table that is
 * deliberately different must be listed in {@link #DIFFERENT} with the reason.
 */
@ExtendWith(VertxExtension.class)
class TenantTableCatalogTest {

  /** The tenant clause every tenant policy holds (read and write). */
  private static final String TENANT_CLAUSE = "tenant_id = olympus_current_tenant()";

  /** Tables with a tenant_id column whose policy is deliberately not the plain tenant policy, and why. */
  private static final Map<String, String> DIFFERENT = Map.of();

  private static final String TENANT_TABLES = """
      SELECT c.relname AS table_name, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
             coalesce((SELECT array_agg(p.polcmd::text || ' ' || coalesce(pg_get_expr(p.polqual, p.polrelid), '-') || ' | '
                                        || coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '-'))
                       FROM pg_policy p WHERE p.polrelid = c.oid), '{}') AS policies
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname NOT LIKE 'rls_probe%'
      ORDER BY c.relname""";

  private Pool owner;
  private Pool app;

  @BeforeEach
  void setUp(Vertx vertx) {
    owner = TestInfra.get().ownerPool(vertx);
    app = TestInfra.get().appPool(vertx);
  }

  @AfterEach
  void tearDown() {
    owner.close().await();
    app.close().await();
  }

  @Test
  void shouldEnableForceAndGuardEveryTableWithATenantIdColumn() {
    List<Row> tables = new ArrayList<>();
    owner.query(TENANT_TABLES).execute().await().forEach(tables::add);
    List<String> unguarded = new ArrayList<>();
    for (Row row : tables) {
      String table = row.getString("table_name");
      if (DIFFERENT.containsKey(table)) {
        continue;
      }
      List<String> policies = List.of(row.getArrayOfStrings("policies"));
      // "<cmd> <using> | <with check>": reading needs an ALL or SELECT policy on the tenant, writing an ALL policy
      // whose check (its USING when it has none) is the tenant; any other policy may only open the system path
      boolean reads = policies.stream().anyMatch(p -> (p.startsWith("* ") || p.startsWith("r "))
          && using(p).contains(TENANT_CLAUSE));
      boolean writes = policies.stream().anyMatch(p -> p.startsWith("* ")
          && (check(p).equals("-") ? using(p) : check(p)).contains(TENANT_CLAUSE));
      boolean noOtherDoor = policies.stream().allMatch(p -> guarded(using(p)) && guarded(check(p)));
      if (!row.getBoolean("enabled") || !row.getBoolean("forced") || !reads || !writes || !noOtherDoor) {
        unguarded.add(table + " enabled=" + row.getBoolean("enabled") + " forced=" + row.getBoolean("forced")
            + " policies=" + policies);
      }
    }

    assertThat(tables).extracting(r -> r.getString("table_name")).contains("outbox_event", "event_dead_letter");
    assertThat(unguarded).as("tables with a tenant_id column without the tenant policy").isEmpty();
  }

  private static String using(String policy) {
    return policy.substring(2, policy.indexOf(" | "));
  }

  private static String check(String policy) {
    return policy.substring(policy.indexOf(" | ") + 3);
  }

  private static boolean guarded(String expression) {
    return expression.equals("-") || expression.contains(TENANT_CLAUSE)
        || expression.replaceAll("[() ]", "").equals("olympus_system_context");
  }

  @Test
  void shouldShowTheRuntimeRoleNoRowOfAnyTenantTableWithoutATenantAndNoneOfAnotherTenant() {
    UUID tenant = UUID.fromString("00000000-0000-7000-8000-0000000000c1");
    UUID other = UUID.fromString("00000000-0000-7000-8000-0000000000c2");
    TestInfra.get().executeAsOwner("INSERT INTO outbox_event (id, type, tenant_id, aggregate_type, aggregate_id, "
        + "occurred_at, payload) VALUES ('" + UUID.randomUUID() + "', 'catalog_test.seen', '" + tenant + "', 't', 'a', "
        + "now(), '{\"email\":\"someone@example.com\"}'), ('" + UUID.randomUUID() + "', 'catalog_test.seen', NULL, 't', "
        + "'a', now(), '{}');"
        + "INSERT INTO event_dead_letter (event_id, consumer, event_type, tenant_id, occurred_at, envelope, attempts) "
        + "VALUES ('" + UUID.randomUUID() + "', 'c', 'catalog_test.seen', '" + tenant + "', now(), '{}', 1)");
    List<String> leaks = new ArrayList<>();
    for (Row row : owner.query(TENANT_TABLES).execute().await()) {
      String table = row.getString("table_name");
      if (DIFFERENT.containsKey(table)) {
        continue;
      }
      // rows without a tenant may be shared reference data (built-in roles); tenant rows must stay hidden
      long unset = app.withTransaction(c -> c.query("SELECT count(*) FROM " + table
          + " WHERE tenant_id IS NOT NULL").execute()).await()
          .iterator().next().getLong(0);
      long foreign = Tenancy.inTenant(app, other, c -> c.preparedQuery("SELECT count(*) FROM " + table
          + " WHERE tenant_id <> $1").execute(Tuple.of(other))).await().iterator().next().getLong(0);
      if (unset != 0 || foreign != 0) {
        leaks.add(table + ": " + unset + " rows without a tenant, " + foreign + " rows of another tenant");
      }
    }
    long systemSees = Tenancy.asSystem(app, c -> c.query("SELECT count(*) FROM outbox_event WHERE type = "
        + "'catalog_test.seen'").execute()).await().iterator().next().getLong(0);

    assertThat(leaks).isEmpty();
    assertThat(systemSees).as("the system path sees tenant and platform-wide events").isEqualTo(2);
  }
}
