package io.olympus.common.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.common.testing.TestInfra;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class RowLevelSecurityTest {

  private static final UUID TENANT_A = UUID.fromString("00000000-0000-7000-8000-00000000000a");
  private static final UUID TENANT_B = UUID.fromString("00000000-0000-7000-8000-00000000000b");

  private static TestInfra infra;
  private Pool appPool;
  /** One connection as the runtime role: what a transaction leaves on it, the next user sees. */
  private Pool single;

  @BeforeAll
  static void createProbeTable() {
    infra = TestInfra.get();
    infra.executeAsOwner("""
        CREATE TABLE IF NOT EXISTS rls_probe (
          id bigserial PRIMARY KEY,
          tenant_id uuid NOT NULL,
          label text NOT NULL
        );
        GRANT SELECT, INSERT, UPDATE, DELETE ON rls_probe TO olympus_app;
        GRANT USAGE ON SEQUENCE rls_probe_id_seq TO olympus_app;
        SELECT olympus_enable_tenant_rls('rls_probe');
        """);
  }

  @BeforeEach
  void seed(Vertx vertx) {
    infra.executeAsOwner("TRUNCATE rls_probe; "
        + "INSERT INTO rls_probe (tenant_id, label) VALUES "
        + "('" + TENANT_A + "', 'a1'), ('" + TENANT_A + "', 'a2'), ('" + TENANT_B + "', 'b1')");
    appPool = infra.appPool(vertx);
    single = io.vertx.pgclient.PgBuilder.pool()
        .with(new io.vertx.sqlclient.PoolOptions().setMaxSize(1))
        .connectingTo(PgPools.connectOptions(infra.appUrl()))
        .using(vertx)
        .build();
  }

  @AfterEach
  void close() {
    appPool.close().await();
    single.close().await();
  }

  @Test
  void runtimeRoleIsNotSuperuserAndCannotBypassRls(VertxTestContext ctx) {
    appPool.query("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user").execute()
        .onComplete(ctx.succeeding(rows -> ctx.verify(() -> {
          Row row = rows.iterator().next();
          assertThat(row.getBoolean("rolsuper")).isFalse();
          assertThat(row.getBoolean("rolbypassrls")).isFalse();
          ctx.completeNow();
        })));
  }

  @Test
  void shouldSeeNoRowsWhenNoTenantIsSet(VertxTestContext ctx) {
    appPool.withTransaction(conn -> conn.query("SELECT count(*) FROM rls_probe").execute())
        .onComplete(ctx.succeeding(rows -> ctx.verify(() -> {
          assertThat(rows.iterator().next().getLong(0)).isZero();
          ctx.completeNow();
        })));
  }

  @Test
  void shouldSeeOnlyTheTenantsOwnRows(VertxTestContext ctx) {
    Tenancy.inTenant(appPool, TENANT_A, conn -> conn.query("SELECT label FROM rls_probe ORDER BY label").execute())
        .onComplete(ctx.succeeding(rows -> ctx.verify(() -> {
          assertThat(rows).extracting(r -> r.getString("label")).containsExactly("a1", "a2");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldRejectInsertForAnotherTenant(VertxTestContext ctx) {
    Tenancy.inTenant(appPool, TENANT_A, conn -> conn
            .preparedQuery("INSERT INTO rls_probe (tenant_id, label) VALUES ($1, 'sneaky')")
            .execute(Tuple.of(TENANT_B)))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(err).isInstanceOf(PgException.class);
          assertThat(((PgException) err).getSqlState()).isEqualTo("42501");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldNotLeakTenantToTheNextTransactionOnTheSameConnection(VertxTestContext ctx) {
    appPool.getConnection()
        .compose(conn -> conn.begin()
            .compose(tx -> Tenancy.setTenant(conn, TENANT_A).compose(v -> tx.commit()))
            .compose(v -> conn.query("SELECT count(*) FROM rls_probe").execute())
            .eventually(conn::close))
        .onComplete(ctx.succeeding(rows -> ctx.verify(() -> {
          assertThat(rows.iterator().next().getLong(0)).isZero();
          ctx.completeNow();
        })));
  }

  @Test
  void shouldPipelineATenantsReadsInOneTransactionAndSeeOnlyItsRows() {
    var labels = Tenancy.readInTenant(appPool, TENANT_A, conn -> {
      var rows = conn.query("SELECT label FROM rls_probe ORDER BY label").execute();
      var tenant = conn.query("SELECT current_setting('app.tenant_id', true), 0, "
          + "current_setting('transaction_read_only')").execute();
      return io.vertx.core.Future.all(rows, tenant).map(both -> {
        var setting = tenant.result().iterator().next();
        return java.util.List.of(rows.result().size() + " rows", setting.getString(0), setting.getString(2));
      });
    }).await();

    assertThat(labels).containsExactly("2 rows", TENANT_A.toString(), "on");
  }

  @Test
  void shouldEndThePipelinedTransactionWhenAReadFailsAndLeakNoTenant() {
    Throwable failure = failureOf(Tenancy.readInTenant(single, TENANT_A, conn -> io.vertx.core.Future.all(
        conn.query("SELECT no_such_column FROM rls_probe").execute(),
        conn.query("SELECT label FROM rls_probe").execute())));

    // the pool's one connection is back outside any transaction and without a tenant
    Row row = single.query("SELECT current_setting('app.tenant_id', true), (SELECT count(*) FROM rls_probe), "
        + "current_setting('transaction_read_only')").execute().await().iterator().next();
    assertThat(failure).isInstanceOf(PgException.class).hasMessageContaining("no_such_column");
    assertThat(row.getString(0)).isNullOrEmpty();
    assertThat(row.getLong(1)).isZero();
    assertThat(row.getString(2)).isEqualTo("off");
  }

  @Test
  void shouldRollBackATenantTransactionWhoseWorkFailsAndLeakNoTenant() {
    Throwable failure = failureOf(Tenancy.inTenant(single, TENANT_A, conn -> insertA(conn, "rolled back")
        .compose(inserted -> io.vertx.core.Future.failedFuture(new IllegalStateException("work failed")))));

    assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessage("work failed");
    assertNoTransactionNorTenantLeft();
    assertThat(labelsOfTenantA()).doesNotContain("rolled back");
  }

  @Test
  void shouldNotCommitATenantTransactionInWhichAStatementFailedUnnoticed() {
    Throwable failure = failureOf(Tenancy.inTenant(single, TENANT_A, conn -> insertA(conn, "half done")
        .map(inserted -> {
          // a statement whose failure the work never looks at: the transaction must still not commit
          conn.query("SELECT no_such_column FROM rls_probe").execute();
          return "done";
        })));

    assertThat(failure).isNotNull();
    assertNoTransactionNorTenantLeft();
    assertThat(labelsOfTenantA()).doesNotContain("half done");
  }

  @Test
  void shouldCommitATenantTransactionAndSetTheTenantBeforeTheWork() {
    String seen = Tenancy.inTenant(single, TENANT_A, conn -> insertA(conn, "committed")
            .compose(inserted -> conn.query("SELECT current_setting('app.tenant_id')").execute())
            .map(rows -> rows.iterator().next().getString(0)))
        .await();

    assertThat(seen).isEqualTo(TENANT_A.toString());
    assertNoTransactionNorTenantLeft();
    assertThat(labelsOfTenantA()).contains("committed");
  }

  @Test
  void shouldSetTransactionSettingsInTheTenantsStatementForBothFormsAndForgetThemAtTheEnd() {
    Tenancy.Setting quiet = new Tenancy.Setting("olympus.probe_setting", "quiet");
    List<Boolean> knownInside = new java.util.ArrayList<>();
    String seen = Tenancy.inTenant(single, TENANT_A, List.of(quiet), conn -> {
      knownInside.add(Tenancy.isSet(conn, quiet));
      return conn.query("SELECT current_setting('app.tenant_id') || ' ' || current_setting('olympus.probe_setting')")
          .execute().map(rows -> rows.iterator().next().getString(0));
    }).await();
    String seenInTwoSteps = Tenancy.inTenant(single, TENANT_A, List.of(quiet), conn -> {
      knownInside.add(Tenancy.isSet(conn, quiet));
      knownInside.add(Tenancy.isSet(conn, new Tenancy.Setting("olympus.probe_setting", "loud")));
      return insertA(conn, "with a setting");
    }, (conn, inserted) -> conn.query("SELECT current_setting('olympus.probe_setting')").execute()
        .map(rows -> rows.iterator().next().getString(0))).await();
    Tenancy.inTenant(single, TENANT_A, List.of(quiet), conn -> {
      knownInside.add(Tenancy.isSet(conn, quiet));
      return io.vertx.core.Future.succeededFuture();
    }).await();
    boolean knownAfter = single.withConnection(conn -> io.vertx.core.Future.succeededFuture(Tenancy.isSet(conn, quiet)))
        .await();
    String left = single.query("SELECT coalesce(current_setting('olympus.probe_setting', true), '')").execute().await()
        .iterator().next().getString(0);

    assertThat(seen).isEqualTo(TENANT_A + " quiet");
    assertThat(seenInTwoSteps).isEqualTo("quiet");
    assertThat(knownInside).containsExactly(true, true, false, true);
    assertThat(knownAfter).isFalse();
    assertThat(left).isEmpty();
    assertThat(Tenancy.setTenantSql(List.of(quiet)))
        .isEqualTo("SELECT set_config('app.tenant_id', $1, true), set_config($2, $3, true)");
    assertNoTransactionNorTenantLeft();
    assertThat(labelsOfTenantA()).contains("with a setting");
  }

  @Test
  void shouldCommitWritesLeftToTheCommitWithTheLastStepInBothFormsAndRefuseThemInAPipelinedOne() {
    List<Boolean> answeredWhenWorkDone = new java.util.ArrayList<>();
    List<Boolean> registered = new java.util.ArrayList<>();
    String last = Tenancy.inTenant(single, TENANT_A, conn -> {
      var write = insertA(conn, "left to the two-step commit");
      registered.add(Tenancy.awaitAtCommit(conn, write));
      answeredWhenWorkDone.add(write.isComplete());
      return io.vertx.core.Future.succeededFuture("first done");
    }, (conn, first) -> insertA(conn, "last step after " + first).map(first)).await();
    Tenancy.inTenant(single, TENANT_A, conn -> {
      var write = insertA(conn, "left to the commit");
      registered.add(Tenancy.awaitAtCommit(conn, write));
      answeredWhenWorkDone.add(write.isComplete());
      return io.vertx.core.Future.succeededFuture();
    }).await();
    Tenancy.writeInTenant(single, TENANT_A, conn -> {
      var write = insertA(conn, "pipelined, awaited by its work");
      registered.add(Tenancy.awaitAtCommit(conn, write));
      return write;
    }).await();

    assertThat(last).isEqualTo("first done");
    assertThat(registered).containsExactly(true, true, false);
    assertThat(answeredWhenWorkDone).containsExactly(false, false);
    assertNoTransactionNorTenantLeft();
    assertThat(labelsOfTenantA()).contains("left to the two-step commit", "last step after first done",
        "left to the commit", "pipelined, awaited by its work");
  }

  @Test
  void shouldRollBackAndFailWithAWriteLeftToTheCommitThatFailsInBothForms() {
    java.util.concurrent.atomic.AtomicBoolean lastRan = new java.util.concurrent.atomic.AtomicBoolean();
    Throwable twoSteps = failureOf(Tenancy.inTenant(single, TENANT_A, conn -> {
      var kept = insertA(conn, "before the failing write");
      Tenancy.awaitAtCommit(conn, kept);
      Tenancy.awaitAtCommit(conn, conn.query("SELECT no_such_column FROM rls_probe").execute());
      return io.vertx.core.Future.succeededFuture();
    }, (conn, nothing) -> {
      lastRan.set(true);
      return insertA(conn, "last step of a failed write");
    }));
    Throwable oneStep = failureOf(Tenancy.inTenant(single, TENANT_A, conn -> insertA(conn, "work of a failed write")
        .map(inserted -> Tenancy.awaitAtCommit(conn, conn.query("SELECT other_missing_column FROM rls_probe").execute()))));

    // the write's own error, not the aborted transaction's refusal of the last step's statement
    assertThat(twoSteps).isInstanceOf(PgException.class).hasMessageContaining("no_such_column");
    assertThat(lastRan).isTrue();
    assertThat(oneStep).isInstanceOf(PgException.class).hasMessageContaining("other_missing_column");
    assertNoTransactionNorTenantLeft();
    assertThat(labelsOfTenantA()).doesNotContain("before the failing write", "last step of a failed write",
        "work of a failed write");
  }

  @Test
  void shouldCommitATwoStepTenantTransactionWhoseLastStatementsUseTheFirstAnswers() {
    String seen = Tenancy.inTenant(single, TENANT_A,
            conn -> insertA(conn, "first step").compose(inserted -> conn.query("SELECT count(*) FROM rls_probe").execute())
                .map(rows -> rows.iterator().next().getLong(0)),
            (conn, count) -> {
              var inserted = insertA(conn, "last step after " + count);
              var tenant = conn.query("SELECT current_setting('app.tenant_id')").execute();
              return io.vertx.core.Future.all(inserted, tenant).map(both -> tenant.result().iterator().next().getString(0));
            })
        .await();

    assertThat(seen).isEqualTo(TENANT_A.toString());
    assertNoTransactionNorTenantLeft();
    // tenant A had two rows; the first step's insert made three
    assertThat(labelsOfTenantA()).contains("first step", "last step after 3");
  }

  @Test
  void shouldRollBackBothStepsWhenAStatementOfTheLastStepFails() {
    Throwable failure = failureOf(Tenancy.inTenant(single, TENANT_A, conn -> insertA(conn, "first of two"),
        (conn, inserted) -> io.vertx.core.Future.all(insertA(conn, "last of two"),
            conn.query("SELECT no_such_column FROM rls_probe").execute())));

    assertThat(failure).isInstanceOf(PgException.class).hasMessageContaining("no_such_column");
    assertNoTransactionNorTenantLeft();
    assertThat(labelsOfTenantA()).doesNotContain("first of two", "last of two");
  }

  @Test
  void shouldRollBackWithoutTheLastStepWhenTheFirstStepDecidesToFail() {
    java.util.concurrent.atomic.AtomicBoolean lastRan = new java.util.concurrent.atomic.AtomicBoolean();
    Throwable failure = failureOf(Tenancy.inTenant(single, TENANT_A,
        conn -> insertA(conn, "refused").compose(inserted ->
            io.vertx.core.Future.failedFuture(new IllegalStateException("account not active"))),
        (conn, nothing) -> {
          lastRan.set(true);
          return insertA(conn, "never");
        }));

    assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessage("account not active");
    assertThat(lastRan).isFalse();
    assertNoTransactionNorTenantLeft();
    assertThat(labelsOfTenantA()).doesNotContain("refused", "never");
  }

  @Test
  void shouldTellTheEndOfATransactionWhoseCommitIsPipelinedOnlyOnceItCommittedOrRolledBack() {
    java.util.List<io.vertx.core.Future<Void>> ends = new java.util.ArrayList<>();
    java.util.List<Boolean> endedBeforeCommit = new java.util.ArrayList<>();
    Tenancy.inTenant(single, TENANT_A, conn -> insertA(conn, "told after commit"), (conn, inserted) -> {
      io.vertx.core.Future<Void> end = Tenancy.completion(conn);
      ends.add(end);
      endedBeforeCommit.add(end.isComplete());
      return insertA(conn, "last step told after commit");
    }).await();
    failureOf(Tenancy.writeInTenant(single, TENANT_A, conn -> {
      ends.add(Tenancy.completion(conn));
      return io.vertx.core.Future.all(insertA(conn, "never told"),
          conn.query("SELECT no_such_column FROM rls_probe").execute());
    }));
    ends.add(single.withConnection(conn -> io.vertx.core.Future.succeededFuture(Tenancy.completion(conn))).await());

    assertThat(endedBeforeCommit).containsExactly(false);
    assertThat(ends.get(0).succeeded()).isTrue();
    assertThat(ends.get(1).failed()).isTrue();
    // outside a transaction a statement commits on its own: there is no end to wait for
    assertThat(ends.get(2)).isNull();
  }

  @Test
  void shouldCommitAPipelinedWriteInOneGoWithTheTenantSet() {
    String seen = Tenancy.writeInTenant(single, TENANT_A, conn -> {
      var inserted = insertA(conn, "pipelined write");
      var tenant = conn.query("SELECT current_setting('app.tenant_id')").execute();
      return io.vertx.core.Future.all(inserted, tenant).map(both -> tenant.result().iterator().next().getString(0));
    }).await();

    assertThat(seen).isEqualTo(TENANT_A.toString());
    assertNoTransactionNorTenantLeft();
    assertThat(labelsOfTenantA()).contains("pipelined write");
  }

  @Test
  void shouldRollBackAPipelinedWriteWhenOneOfItsStatementsFails() {
    Throwable failure = failureOf(Tenancy.writeInTenant(single, TENANT_A, conn -> io.vertx.core.Future.all(
        insertA(conn, "not kept"), conn.query("SELECT no_such_column FROM rls_probe").execute())));

    assertThat(failure).isInstanceOf(PgException.class).hasMessageContaining("no_such_column");
    assertNoTransactionNorTenantLeft();
    assertThat(labelsOfTenantA()).doesNotContain("not kept");
  }

  private static io.vertx.core.Future<?> insertA(io.vertx.sqlclient.SqlConnection conn, String label) {
    return conn.preparedQuery("INSERT INTO rls_probe (tenant_id, label) VALUES ($1, $2)").execute(Tuple.of(TENANT_A, label));
  }

  private static Throwable failureOf(io.vertx.core.Future<?> future) {
    return future.transform(done -> io.vertx.core.Future.succeededFuture(done.cause())).await();
  }

  /** The pool's one connection is outside any transaction (a new one sees no rows) and carries no tenant. */
  private void assertNoTransactionNorTenantLeft() {
    Row row = single.query("SELECT current_setting('app.tenant_id', true), (SELECT count(*) FROM rls_probe), "
        + "now() = statement_timestamp()").execute().await().iterator().next();
    assertThat(row.getString(0)).isNullOrEmpty();
    assertThat(row.getLong(1)).isZero();
    assertThat(row.getBoolean(2)).as("a new transaction, not one left open").isTrue();
  }

  private List<String> labelsOfTenantA() {
    return Tenancy.readInTenant(appPool, TENANT_A, conn -> conn.query("SELECT label FROM rls_probe").execute())
        .map(rows -> {
          List<String> labels = new java.util.ArrayList<>();
          rows.forEach(r -> labels.add(r.getString(0)));
          return labels;
        })
        .await();
  }
}
