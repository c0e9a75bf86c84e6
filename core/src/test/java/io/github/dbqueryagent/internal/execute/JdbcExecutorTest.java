package io.github.dbqueryagent.internal.execute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbqueryagent.QueryCancelledException;
import io.github.dbqueryagent.ResultColumn;
import io.github.dbqueryagent.SqlExecutionException;
import io.github.dbqueryagent.Stage;
import io.github.dbqueryagent.spi.Cancellation;
import io.github.dbqueryagent.spi.ExecutionRequest;
import io.github.dbqueryagent.spi.ExecutionResult;
import io.github.dbqueryagent.spi.Executor;
import io.github.dbqueryagent.support.FakeDataSources;
import io.github.dbqueryagent.support.TestDatabases;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class JdbcExecutorTest {
  /** About 10^11 rows on H2: minutes of work, so it is still running when cancelled or timed out. */
  static final String ENDLESS = "SELECT SUM(a.X * b.X) FROM SYSTEM_RANGE(1, 100000000) a, SYSTEM_RANGE(1, 1000) b";

  @TempDir Path dir;

  static ExecutionRequest request(String sql, int maxRows) {
    return new ExecutionRequest(sql, maxRows, Duration.ofSeconds(30), Cancellation.none());
  }

  @Test
  void returnsRowsWithColumnLabelsAndTypesOnH2() {
    Executor executor = Executor.jdbc(TestDatabases.h2Shop());

    ExecutionResult r =
        executor.execute(request(
            "SELECT customer_id AS id, first_name, country FROM customer WHERE country = 'Brazil' ORDER BY customer_id", 100));

    assertThat(r.columns()).extracting(ResultColumn::name).containsExactly("ID", "FIRST_NAME", "COUNTRY");
    assertThat(r.columns()).extracting(ResultColumn::jdbcType).containsExactly(Types.INTEGER, Types.VARCHAR, Types.VARCHAR);
    assertThat(r.columns().get(0).type()).isEqualTo("INTEGER");
    assertThat(r.rows()).containsExactly(List.of(1, "Ana", "Brazil"), List.of(2, "Bruno", "Brazil"));
    assertThat(r.truncated()).isFalse();
  }

  @Test
  void returnsRowsWithColumnLabelsAndTypesOnSqlite() {
    Executor executor = Executor.jdbc(TestDatabases.sqliteShop(dir));

    ExecutionResult r =
        executor.execute(request(
            "SELECT c.first_name AS name, COUNT(o.order_id) AS orders FROM customer c LEFT JOIN orders o"
                + " ON o.customer_id = c.customer_id GROUP BY c.first_name ORDER BY orders DESC, name",
            100));

    assertThat(r.columns()).extracting(ResultColumn::name).containsExactly("name", "orders");
    assertThat(r.rows()).hasSize(5);
    assertThat(r.rows().get(0)).containsExactly("Ana", 2);
    assertThat(r.rows().get(4)).containsExactly("Eva", 0);
  }

  @Test
  void keepsNullsAndDecimals() {
    Executor executor = Executor.jdbc(TestDatabases.h2Shop());

    ExecutionResult r =
        executor.execute(request("SELECT total, CAST(NULL AS VARCHAR(10)) AS nothing FROM orders WHERE order_id = 10", 10));

    assertThat(r.rows()).hasSize(1);
    assertThat(r.rows().get(0).get(0)).isEqualTo(new BigDecimal("211.50"));
    assertThat(r.rows().get(0).get(1)).isNull();
  }

  @Test
  void anEmptyResultHasColumnsButNoRows() {
    ExecutionResult r =
        Executor.jdbc(TestDatabases.h2Shop()).execute(request("SELECT first_name FROM customer WHERE 1 = 0", 10));

    assertThat(r.columns()).extracting(ResultColumn::name).containsExactly("FIRST_NAME");
    assertThat(r.rows()).isEmpty();
    assertThat(r.truncated()).isFalse();
  }

  @Test
  void truncatesAtMaxRowsAndSaysSo() {
    Executor executor = Executor.jdbc(TestDatabases.h2Shop());

    ExecutionResult capped = executor.execute(request("SELECT X FROM SYSTEM_RANGE(1, 1000) ORDER BY X", 100));
    assertThat(capped.rows()).hasSize(100);
    assertThat(capped.rows().get(99)).containsExactly(100L);
    assertThat(capped.truncated()).isTrue();

    ExecutionResult exact = executor.execute(request("SELECT customer_id FROM customer", 5));
    assertThat(exact.rows()).hasSize(5);
    assertThat(exact.truncated()).isFalse();

    ExecutionResult oneShort = executor.execute(request("SELECT customer_id FROM customer", 4));
    assertThat(oneShort.rows()).hasSize(4);
    assertThat(oneShort.truncated()).isTrue();

    ExecutionResult single = executor.execute(request("SELECT customer_id FROM customer", 1));
    assertThat(single.rows()).hasSize(1);
    assertThat(single.truncated()).isTrue();
  }

  @Test
  void truncatesOnSqliteToo() {
    ExecutionResult r = Executor.jdbc(TestDatabases.sqliteShop(dir)).execute(request("SELECT * FROM order_item", 3));

    assertThat(r.rows()).hasSize(3);
    assertThat(r.truncated()).isTrue();
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void cancellingStopsARunningQueryAndTheDatabaseStillWorks() throws Exception {
    DataSource ds = TestDatabases.h2Shop();
    Executor executor = Executor.jdbc(ds);
    Cancellation cancellation = new Cancellation();

    CompletableFuture<ExecutionResult> running =
        CompletableFuture.supplyAsync(() ->
            executor.execute(new ExecutionRequest(ENDLESS, 10, Duration.ofMinutes(10), cancellation)));
    awaitRunning(ds, "SYSTEM_RANGE");
    cancellation.cancel();

    assertThatThrownBy(() -> running.get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(QueryCancelledException.class)
        .satisfies(e -> assertThat(((QueryCancelledException) e).stage()).isEqualTo(Stage.EXECUTE));
    ExecutionResult after = executor.execute(request("SELECT COUNT(*) FROM customer", 10));
    assertThat(after.rows()).containsExactly(List.of(5L));
  }

  @Test
  void aCancelledRequestDoesNotRun() {
    DataSource ds = TestDatabases.h2Shop();
    Cancellation cancelled = new Cancellation();
    cancelled.cancel();

    assertThatThrownBy(() -> Executor.jdbc(ds).execute(new ExecutionRequest(ENDLESS, 10, Duration.ofMinutes(10), cancelled)))
        .isInstanceOf(QueryCancelledException.class);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void theStatementTimeoutStopsALongQuery() {
    DataSource ds = TestDatabases.h2Shop();
    Executor executor = Executor.jdbc(ds);

    assertThatThrownBy(() -> executor.execute(new ExecutionRequest(ENDLESS, 10, Duration.ofSeconds(1), Cancellation.none())))
        .isInstanceOf(SqlExecutionException.class)
        .satisfies(e -> {
          SqlExecutionException x = (SqlExecutionException) e;
          assertThat(x.sql()).isEqualTo(ENDLESS);
          assertThat(x.sqlState()).contains("57014");
          assertThat(x.isConnectionFailure()).isFalse();
          assertThat(x.getMessage()).contains("cancelled or timed out");
          assertThat(x.getCause()).isInstanceOf(SQLException.class);
        });
    assertThat(executor.execute(request("SELECT COUNT(*) FROM orders", 10)).rows()).containsExactly(List.of(4L));
  }

  @Test
  void aConnectionFailureIsReportedAsSuch() {
    // nothing listens on port 1
    Executor executor =
        Executor.jdbc(new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/shop?connectTimeout=5", "app", "s3cret-pw"));

    assertThatThrownBy(() -> executor.execute(request("SELECT 1", 10)))
        .isInstanceOf(SqlExecutionException.class)
        .satisfies(e -> {
          SqlExecutionException x = (SqlExecutionException) e;
          assertThat(x.isConnectionFailure()).isTrue();
          assertThat(x.sqlState()).hasValueSatisfying(s -> assertThat(s).startsWith("08"));
          assertThat(x.sql()).isEmpty();
          assertThat(x.stage()).isEqualTo(Stage.EXECUTE);
          assertThat(x.getMessage()).startsWith("cannot connect to the database").contains("127.0.0.1:1")
              .doesNotContain("s3cret-pw");
        });
  }

  @Test
  void aRejectedQueryCarriesTheSqlAndSqlState() {
    Executor executor = Executor.jdbc(TestDatabases.h2Shop());

    assertThatThrownBy(() -> executor.execute(request("SELECT no_such_column FROM customer", 10)))
        .isInstanceOf(SqlExecutionException.class)
        .satisfies(e -> {
          SqlExecutionException x = (SqlExecutionException) e;
          assertThat(x.sql()).isEqualTo("SELECT no_such_column FROM customer");
          assertThat(x.sqlState()).contains("42S22");
          assertThat(x.isConnectionFailure()).isFalse();
          assertThat(x.getMessage()).contains("H2", "42S22", "NO_SUCH_COLUMN").doesNotContain("\n");
        });
  }

  @Test
  void sqliteQueryOnlyIsResetSoThePooledConnectionCanWriteAgain() throws SQLException {
    DataSource file = TestDatabases.sqliteShop(dir);
    String url = ((DriverManagerDataSource) file).url();
    try (Connection pooled = DriverManager.getConnection(url)) {
      DataSource single = FakeDataSources.singleConnection(pooled);
      Executor executor = Executor.jdbc(single);

      assertThat(executor.execute(request("SELECT COUNT(*) FROM region", 10)).rows()).containsExactly(List.of(2));
      // the write the executor refuses ...
      assertThatThrownBy(() -> executor.execute(request("INSERT INTO region VALUES (8, 'Refused') RETURNING region_id", 10)))
          .isInstanceOf(SqlExecutionException.class);

      // ... then the application's own write through the same connection works and commits
      assertThat(pooled.getAutoCommit()).isTrue();
      assertThat(queryOnly(pooled)).isZero();
      try (Statement s = pooled.createStatement()) {
        s.executeUpdate("INSERT INTO region VALUES (3, 'Asia')");
      }
    }
    assertThat(TestDatabases.count(file, "region")).isEqualTo(3);
    assertThat(TestDatabases.count(file, "region WHERE name = 'Refused'")).isZero();
  }

  static int queryOnly(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA query_only")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  void clobValuesComeBackAsStrings() {
    DataSource ds = TestDatabases.h2Shop();
    TestDatabases.run(ds, List.of(
        "CREATE TABLE note (id INTEGER PRIMARY KEY, body CLOB)",
        "INSERT INTO note VALUES (1, '" + "long text ".repeat(500) + "'), (2, NULL)"));

    ExecutionResult r = Executor.jdbc(ds).execute(request("SELECT body FROM note ORDER BY id", 10));

    assertThat(r.columns().get(0).jdbcType()).isEqualTo(Types.CLOB);
    assertThat(r.rows().get(0).get(0)).isInstanceOf(String.class).isEqualTo("long text ".repeat(500));
    assertThat(r.rows().get(1).get(0)).isNull();
  }

  @Test
  void blobValuesComeBackAsBytes() {
    DataSource ds = TestDatabases.h2Shop();
    TestDatabases.run(ds, List.of(
        "CREATE TABLE pic (id INTEGER PRIMARY KEY, data BLOB)", "INSERT INTO pic VALUES (1, X'CAFE01')"));

    ExecutionResult r = Executor.jdbc(ds).execute(request("SELECT data FROM pic", 10));

    assertThat(r.rows().get(0).get(0)).isInstanceOf(byte[].class).isEqualTo(new byte[] {(byte) 0xCA, (byte) 0xFE, 1});
  }

  /** Waits until another session of the H2 database runs a statement containing {@code marker}. */
  static void awaitRunning(DataSource ds, String marker) throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      while (System.nanoTime() < deadline) {
        try (ResultSet rs = s.executeQuery(
            "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE SESSION_ID <> SESSION_ID()"
                + " AND EXECUTING_STATEMENT LIKE '%" + marker + "%'")) {
          rs.next();
          if (rs.getInt(1) > 0) return;
        }
        Thread.sleep(10);
      }
    }
    throw new AssertionError("the statement did not start within 30 s");
  }
}
