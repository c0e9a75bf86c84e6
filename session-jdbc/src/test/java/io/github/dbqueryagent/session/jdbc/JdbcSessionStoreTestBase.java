package io.github.dbqueryagent.session.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.dbqueryagent.QueryAgentException;
import io.github.dbqueryagent.Stage;
import io.github.dbqueryagent.spi.SessionStore;
import io.github.dbqueryagent.spi.Turn;
import io.github.dbqueryagent.testkit.SessionStoreContract;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link SessionStoreContract} plus the JDBC store's own behaviour, run on one database per
 * subclass. Every test also checks that no connection was left open.
 */
abstract class JdbcSessionStoreTestBase extends SessionStoreContract {
  private static final Instant T0 = Instant.parse("1999-12-31T23:59:59.250Z");

  private TrackingDataSource tracking;

  /** Returns the database under test (set up by the subclass's {@code @BeforeAll}). */
  protected abstract DataSource database();

  /** Returns the table the contract tests share (dropped by the subclass's {@code @AfterAll}). */
  protected abstract String sharedTableName();

  @BeforeEach
  void trackConnections() {
    tracking = new TrackingDataSource(database());
  }

  @AfterEach
  void noConnectionLeft() {
    assertThat(tracking.openConnections()).as("connections left open").isZero();
  }

  @Override
  protected SessionStore createStore() {
    return builder().build();
  }

  @Override
  protected SessionStore createStoreRetainingAtLeast(int turns) {
    return builder().maxTurnsPerSession(Math.max(turns, JdbcSessionStore.DEFAULT_MAX_TURNS_PER_SESSION)).build();
  }

  private JdbcSessionStore.Builder builder() {
    return JdbcSessionStore.builder(tracking).tableName(sharedTableName());
  }

  @Test
  void tableIsCreatedOnFirstUseAndReusedByASecondStore() throws SQLException {
    String table = TestDatabases.uniqueTableName();
    try {
      JdbcSessionStore first = JdbcSessionStore.builder(tracking).tableName(table).build();
      assertThat(TestDatabases.tableExists(database(), table)).as("table before first use").isFalse();
      Turn a = simpleTurn("first", 1);
      Turn b = simpleTurn("second", 2);
      first.append(sessionId("s"), a);
      first.append(sessionId("s"), b);
      assertThat(TestDatabases.tableExists(database(), table)).as("table after first use").isTrue();
      assertThat(TestDatabases.tableExists(database(), table + "_lock")).as("lock table after first use").isTrue();

      JdbcSessionStore second = JdbcSessionStore.builder(tracking).tableName(table).build();
      assertTurns(second.turns(sessionId("s")), List.of(a, b));
      Turn c = simpleTurn("third", 3);
      second.append(sessionId("s"), c);

      assertTurns(first.turns(sessionId("s")), List.of(a, b, c));
    } finally {
      TestDatabases.dropTables(database(), table);
    }
  }

  @Test
  void missingTableWithCreateTableOffIsReported() throws SQLException {
    String table = TestDatabases.uniqueTableName();
    JdbcSessionStore store = JdbcSessionStore.builder(tracking).tableName(table).createTable(false).build();

    QueryAgentException onAppend =
        catchThrowableOfType(QueryAgentException.class, () -> store.append(sessionId("s"), simpleTurn("q", 1)));
    QueryAgentException onRead = catchThrowableOfType(QueryAgentException.class, () -> store.turns(sessionId("s")));

    for (QueryAgentException e : List.of(onAppend, onRead)) {
      assertThat(e).isNotNull();
      assertThat(e.stage()).isEqualTo(Stage.PERSIST);
      assertThat(e.getMessage()).contains(table).contains("does not exist").contains("createTable(true)");
    }
    assertThat(TestDatabases.tableExists(database(), table)).isFalse();
  }

  @Test
  void existingTableWithOtherColumnsIsReported() throws SQLException {
    String table = TestDatabases.uniqueTableName();
    try {
      TestDatabases.execute(database(), "CREATE TABLE " + table + " (id INTEGER)");
      JdbcSessionStore store = JdbcSessionStore.builder(tracking).tableName(table).build();

      assertThatThrownBy(() -> store.turns(sessionId("s")))
          .isInstanceOfSatisfying(QueryAgentException.class, e -> assertThat(e.stage()).isEqualTo(Stage.PERSIST))
          .hasMessageContaining(table)
          .hasMessageContaining("lacks some of the columns");
    } finally {
      TestDatabases.dropTables(database(), table);
    }
  }

  @Test
  void maxTurnsPerSessionReturnsTheLastTurnsOldestFirst() {
    JdbcSessionStore store = builder().maxTurnsPerSession(3).build();
    String id = sessionId("bounded");
    List<Turn> appended = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Turn turn = simpleTurn("question " + i, i);
      appended.add(turn);
      store.append(id, turn);
    }

    assertTurns(store.turns(id), appended.subList(2, 5));
    assertTurns(builder().build().turns(id), appended);
    assertTurns(builder().maxTurnsPerSession(1).build().turns(id), appended.subList(4, 5));
  }

  @Test
  void concurrentAppendsFromTwoStoreInstancesLoseNothing() throws Exception {
    int threadsPerStore = 4;
    int turnsPerThread = 25;
    JdbcSessionStore[] stores = {
      builder().maxTurnsPerSession(1000).build(), builder().maxTurnsPerSession(1000).build()
    };
    String id = sessionId("two-instances");
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2 * threadsPerStore);
    List<Future<?>> futures = new ArrayList<>();
    try {
      for (int s = 0; s < stores.length; s++) {
        for (int t = 0; t < threadsPerStore; t++) {
          JdbcSessionStore store = stores[s];
          String prefix = "s" + s + "t" + t + "#";
          futures.add(
              pool.submit(
                  () -> {
                    start.await();
                    for (int i = 0; i < turnsPerThread; i++) {
                      store.append(id, simpleTurn(prefix + i, i));
                    }
                    return null;
                  }));
        }
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }

    List<Turn> turns = stores[0].turns(id);

    assertThat(turns).hasSize(2 * threadsPerStore * turnsPerThread);
    Set<String> questions = new HashSet<>();
    java.util.Map<String, Integer> lastOfWriter = new java.util.HashMap<>();
    for (Turn turn : turns) {
      assertThat(questions.add(turn.question())).as("duplicate %s", turn.question()).isTrue();
      String writer = turn.question().substring(0, turn.question().indexOf('#'));
      int i = Integer.parseInt(turn.question().substring(turn.question().indexOf('#') + 1));
      assertSameTurn(turn, simpleTurn(turn.question(), i));
      assertThat(i).as("order of %s", writer).isGreaterThan(lastOfWriter.getOrDefault(writer, -1));
      lastOfWriter.put(writer, i);
    }
  }

  @Test
  void failedCommitRecordsNothingAndKeepsCredentialsOutOfTheMessage() {
    JdbcSessionStore store = builder().build();
    String id = sessionId("failed-commit");
    store.turns(id); // prepares the table before commits start failing

    tracking.failCommits("HY000");
    int before = tracking.commits();
    QueryAgentException e =
        catchThrowableOfType(QueryAgentException.class, () -> store.append(id, simpleTurn("lost", 1)));
    tracking.failCommits(null);

    assertThat(e).isNotNull();
    assertThat(e.stage()).isEqualTo(Stage.PERSIST);
    assertThat(e.getMessage()).contains("append a turn").contains(sharedTableName()).contains("HY000")
        .doesNotContain(TrackingDataSource.SECRET).doesNotContain(id);
    assertThat(e.getCause()).isInstanceOf(SQLException.class);
    assertThat(tracking.commits() - before).as("attempts for a non-retriable failure").isEqualTo(1);
    assertThat(store.turns(id)).isEmpty();

    Turn kept = simpleTurn("kept", 2);
    store.append(id, kept);
    assertTurns(store.turns(id), List.of(kept));
  }

  @Test
  void conflictsAreRetriedAFewTimesThenReported() {
    JdbcSessionStore store = builder().build();
    String id = sessionId("conflicts");
    store.turns(id);

    tracking.failCommits("40001");
    int before = tracking.commits();
    QueryAgentException e =
        catchThrowableOfType(QueryAgentException.class, () -> store.append(id, simpleTurn("lost", 1)));
    tracking.failCommits(null);

    assertThat(e).isNotNull();
    assertThat(e.stage()).isEqualTo(Stage.PERSIST);
    assertThat(e.getMessage()).contains("after " + JdbcSessionStore.MAX_ATTEMPTS + " attempts")
        .doesNotContain(TrackingDataSource.SECRET);
    assertThat(tracking.commits() - before).isEqualTo(JdbcSessionStore.MAX_ATTEMPTS);
    assertThat(store.turns(id)).isEmpty();
  }

  @Test
  void sessionIdOfTheMaximumLengthRoundTripsAndLongerIsRejected() {
    JdbcSessionStore store = builder().build();
    String longest = "\u6f22".repeat(JdbcSessionStore.MAX_SESSION_ID_LENGTH - 9) + sessionId("").substring(0, 9);
    assertThat(longest).hasSize(JdbcSessionStore.MAX_SESSION_ID_LENGTH);
    Turn turn = simpleTurn("long id", 1);

    store.append(longest, turn);

    assertTurns(store.turns(longest), List.of(turn));
    assertThatThrownBy(() -> store.append(longest + "x", turn))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most " + JdbcSessionStore.MAX_SESSION_ID_LENGTH);
  }

  @Test
  void nullTextWrittenByOtherToolsReadsAsEmpty() throws SQLException {
    JdbcSessionStore store = builder().build();
    String id = sessionId("nulls");
    store.turns(id);
    try (Connection c = database().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO " + sharedTableName() + " (session_id, seq, row_count, created_at) VALUES (?, 1, 0, 0)")) {
      ps.setString(1, id);
      ps.executeUpdate();
      if (!c.getAutoCommit()) {
        c.commit();
      }
    }

    assertTurns(store.turns(id), List.of(new Turn("", "", List.of(), 0, "", "", Instant.EPOCH)));
  }

  @Test
  void deleteSessionAndDeleteTurnsBeforeRemoveHistory() throws SQLException {
    String table = TestDatabases.uniqueTableName();
    try {
      JdbcSessionStore store = JdbcSessionStore.builder(tracking).tableName(table).build();
      String a = sessionId("a");
      String b = sessionId("b");
      Turn a1 = turnAt("a1", T0);
      Turn a2 = turnAt("a2", T0.plusSeconds(3600));
      Turn a3 = turnAt("a3", T0.plusSeconds(7200));
      Turn b1 = turnAt("b1", T0.minusMillis(1));
      store.append(a, a1);
      store.append(a, a2);
      store.append(a, a3);
      store.append(b, b1);

      assertThat(TestDatabases.queryLong(database(), "SELECT COUNT(*) FROM " + table + "_lock")).isEqualTo(2);

      assertThat(store.deleteTurnsBefore(T0.plusSeconds(3600))).isEqualTo(2);
      assertTurns(store.turns(a), List.of(a2, a3));
      assertThat(store.turns(b)).isEmpty();
      assertThat(TestDatabases.queryLong(database(), "SELECT COUNT(*) FROM " + table + "_lock"))
          .as("lock rows of sessions left without turns are deleted")
          .isEqualTo(1);

      assertThat(store.deleteSession(a)).isEqualTo(2);
      assertThat(store.deleteSession(a)).isZero();
      assertThat(store.turns(a)).isEmpty();
      assertThat(TestDatabases.queryLong(database(), "SELECT COUNT(*) FROM " + table + "_lock")).isZero();

      Turn again = turnAt("again", T0);
      store.append(a, again);
      assertTurns(store.turns(a), List.of(again));
    } finally {
      TestDatabases.dropTables(database(), table);
    }
  }

  @Test
  void emptiedLockTableDoesNotBreakTheSequence() throws SQLException {
    String table = TestDatabases.uniqueTableName();
    try {
      JdbcSessionStore store = JdbcSessionStore.builder(tracking).tableName(table).build();
      String id = sessionId("relock");
      Turn first = simpleTurn("first", 1);
      Turn second = simpleTurn("second", 2);
      store.append(id, first);
      store.append(id, second);

      TestDatabases.execute(database(), "DELETE FROM " + table + "_lock");
      Turn third = simpleTurn("third", 3);
      store.append(id, third);

      assertTurns(store.turns(id), List.of(first, second, third));
      assertThat(TestDatabases.queryLong(database(), "SELECT MAX(seq) FROM " + table)).isEqualTo(3);
    } finally {
      TestDatabases.dropTables(database(), table);
    }
  }

  private static Turn turnAt(String question, Instant at) {
    return new Turn(question, "SELECT 1", List.of("x"), 1, "one", "", at);
  }
}
