package io.olympus.common.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.olympus.common.db.DatabaseUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The test harness itself: set-up must not wait for ever on a session an earlier test left open. */
class TestInfraTest {

  @Test
  void shouldEmptyTheTablesEvenWhileASessionLeftInATransactionHoldsALockOnOne() throws SQLException {
    TestInfra infra = TestInfra.get();
    infra.truncateAll();
    DatabaseUrl owner = infra.ownerUrl();
    Connection leftOver = DriverManager.getConnection(owner.jdbcUrl(), owner.user(), owner.password());
    try {
      leftOver.setAutoCommit(false);
      try (Statement st = leftOver.createStatement()) {
        st.execute("INSERT INTO event_inbox (consumer, event_id) VALUES ('left-over', '" + UUID.randomUUID() + "')");
      }
      try (Connection other = DriverManager.getConnection(owner.jdbcUrl(), owner.user(), owner.password());
          Statement st = other.createStatement()) {
        st.execute("INSERT INTO event_inbox (consumer, event_id) VALUES ('committed', '" + UUID.randomUUID() + "')");
      }

      infra.truncateAll();

      try (Connection check = DriverManager.getConnection(owner.jdbcUrl(), owner.user(), owner.password());
          Statement st = check.createStatement();
          ResultSet rs = st.executeQuery("SELECT count(*) FROM event_inbox")) {
        rs.next();
        assertThat(rs.getLong(1)).as("rows left after set-up").isZero();
      }
      // the session that held the lock was ended, its insert rolled back
      assertThatThrownBy(leftOver::commit).isInstanceOf(SQLException.class);
    } finally {
      leftOver.close();
    }
  }
}
