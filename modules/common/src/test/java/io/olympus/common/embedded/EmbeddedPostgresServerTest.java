package io.olympus.common.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.common.db.PgPools;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class EmbeddedPostgresServerTest {

  @Test
  void shouldRunWithDurableCommits(Vertx vertx, @TempDir Path dataDir) throws Exception {
    // the embedding library starts PostgreSQL with -F and synchronous_commit=off unless told otherwise: a commit
    // would then return before its WAL is on disk, and a crash could lose transactions already answered
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir, 0)) {
      SqlClient client = PgBuilder.client().connectingTo(PgPools.connectOptions(server.ownerUrl())).using(vertx).build();
      try {
        Row row = client.query("SELECT current_setting('fsync') AS fsync, "
                + "current_setting('synchronous_commit') AS synchronous_commit, "
                + "current_setting('full_page_writes') AS full_page_writes")
            .execute().await().iterator().next();
        assertThat(row.getString("fsync")).isEqualTo("on");
        assertThat(row.getString("synchronous_commit")).isEqualTo("on");
        assertThat(row.getString("full_page_writes")).isEqualTo("on");
      } finally {
        client.close().await();
      }
    }
  }
}
