package io.github.dbqueryagent.session.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbqueryagent.QueryAgentException;
import io.github.dbqueryagent.Stage;
import io.github.dbqueryagent.spi.Turn;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The builder's checks and the failures that need no database. */
class JdbcSessionStoreBuilderTest {
  private static final String SECRET = "hunter2";
  private final AtomicInteger connectionAttempts = new AtomicInteger();
  private final DataSource unreachable =
      new TestDatabases.UrlDataSource("jdbc:unused") {
        @Override
        public java.sql.Connection getConnection() throws SQLException {
          connectionAttempts.incrementAndGet();
          throw new SQLException(
              "Connection to jdbc:postgresql://db:5432/app?user=app&password=" + SECRET + " refused", "08001");
        }
      };

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "1turns",
        "turn-table",
        "turn table",
        "turns;DROP TABLE users",
        "turns--",
        "\"quoted\"",
        "`ticks`",
        "a.b.c",
        ".turns",
        "turns.",
        "t\u00e9",
        "select",
        "app.order",
        "a123456789a123456789a123456789a123456789a123456789a12345678",
        "a123456789a123456789a123456789a123456789a123456789a123456789abcd.turns"
      })
  void invalidTableNameIsRejectedAtBuild(String name) {
    JdbcSessionStore.Builder builder = JdbcSessionStore.builder(unreachable).tableName(name);

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tableName");
    assertThat(connectionAttempts).hasValue(0);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "dbqa_session_turn",
        "DBQA_TURNS",
        "_turns2",
        "app.dbqa_session_turn",
        "a123456789a123456789a123456789a123456789a123456789a1234567",
        "a123456789a123456789a123456789a123456789a123456789a123456789abc.turns"
      })
  void validTableNameIsAcceptedWithoutConnecting(String name) {
    JdbcSessionStore store = JdbcSessionStore.builder(unreachable).tableName(name).build();

    assertThat(store.tableName()).isEqualTo(name);
    assertThat(connectionAttempts).hasValue(0);
  }

  @Test
  void everyInvalidSettingIsNamedAtOnce() {
    JdbcSessionStore.Builder builder =
        JdbcSessionStore.builder(unreachable).tableName("bad name").maxTurnsPerSession(0);

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tableName 'bad name'")
        .hasMessageContaining("maxTurnsPerSession must be at least 1, was 0");
  }

  @Test
  void nullArgumentsAreRejected() {
    assertThatThrownBy(() -> JdbcSessionStore.builder(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("dataSource");
    assertThatThrownBy(() -> JdbcSessionStore.builder(unreachable).tableName(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("tableName");
  }

  @Test
  void defaults() {
    JdbcSessionStore store = JdbcSessionStore.builder(unreachable).build();

    assertThat(store.tableName()).isEqualTo("dbqa_session_turn");
    assertThat(store.maxTurnsPerSession()).isEqualTo(50);
    assertThat(store).hasToString("JdbcSessionStore[table=dbqa_session_turn, maxTurnsPerSession=50, createTable=true]");
  }

  @Test
  void unreachableDatabaseFailsWithPersistStageAndNoCredentials() {
    JdbcSessionStore store = JdbcSessionStore.builder(unreachable).build();
    Turn turn = new Turn("q", "SELECT 1", List.of("x"), 1, "one", "", Instant.now());

    for (Runnable call :
        List.<Runnable>of(
            () -> store.append("session-1", turn),
            () -> store.turns("session-1"),
            () -> store.deleteSession("session-1"),
            () -> store.deleteTurnsBefore(Instant.now()))) {
      assertThatThrownBy(call::run)
          .isInstanceOfSatisfying(
              QueryAgentException.class,
              e -> {
                assertThat(e.stage()).isEqualTo(Stage.PERSIST);
                assertThat(e.getCause()).isInstanceOf(SQLException.class);
              })
          .hasMessageContaining("dbqa_session_turn")
          .hasMessageContaining("08001")
          .hasMessageContaining("could not be reached")
          .hasMessageNotContaining(SECRET)
          .hasMessageNotContaining("session-1");
    }
  }

  @Test
  void turnTimeOutsideEpochMillisecondsIsRejected() {
    JdbcSessionStore store = JdbcSessionStore.builder(unreachable).build();
    Turn turn = new Turn("q", "", List.of(), 0, "", "", Instant.MAX);

    assertThatThrownBy(() -> store.append("s", turn))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("epoch milliseconds");
    assertThat(connectionAttempts).hasValue(0);
  }
}
