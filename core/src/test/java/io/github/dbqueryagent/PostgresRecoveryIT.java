package io.github.dbqueryagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.dbqueryagent.spi.GeneratedSql;
import io.github.dbqueryagent.spi.SqlGenerator;
import io.github.dbqueryagent.spi.ValidatedSql;
import io.github.dbqueryagent.spi.Validator;
import io.github.dbqueryagent.support.TestDatabases;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The agent over a HikariCP pool on PostgreSQL when the database goes away under it, and when a query
 * runs into the statement timeout. A restart is simulated the way clients see one: the pool's backends
 * are ended with {@code pg_terminate_backend} from a separate admin connection (the pool's connections
 * carry an {@code ApplicationName} of their own). Skipped with a message without the server; under
 * {@code CI=true} an absent server fails the build.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PostgresRecoveryIT {
  private static final String SLEEP_QUESTION = "sleep for a while";

  private TestDatabases.ServerDatabase db;
  private HikariDataSource pool;
  private String applicationName;
  private final AtomicInteger sleepsGenerated = new AtomicInteger();

  @BeforeEach
  void setUp() {
    db = TestDatabases.serverShop(TestDatabases.PG_URL, true);
    applicationName = "dbqa-it-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void tearDown() {
    if (pool != null) pool.close();
    if (db != null) db.drop().run();
  }

  private HikariDataSource pool(int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(db.url());
    config.setPoolName(applicationName);
    config.setMaximumPoolSize(size);
    config.setConnectionTimeout(10_000);
    config.addDataSourceProperty("ApplicationName", applicationName);
    pool = new HikariDataSource(config);
    return pool;
  }

  /** The offline generator, except that {@link #SLEEP_QUESTION} becomes {@code SELECT pg_sleep(seconds)}. */
  private SqlGenerator sleepingOr(SqlGenerator generator, int seconds) {
    return request -> {
      if (!request.question().equals(SLEEP_QUESTION)) return generator.generate(request);
      sleepsGenerated.incrementAndGet();
      return GeneratedSql.of("SELECT pg_sleep(" + seconds + ")", "", 1);
    };
  }

  /** The default validator, except that it lets {@code pg_sleep} through (which it rightly refuses). */
  private static Validator lettingSleepThrough() {
    Validator strict = Validator.jsqlparser();
    return (sql, context) -> sql.startsWith("SELECT pg_sleep(") ? new ValidatedSql(sql, List.of()) : strict.validate(sql, context);
  }

  @Test
  void idleConnectionsEndedBetweenQuestionsAreReplacedAndTheNextQuestionWorks() throws Exception {
    DatabaseQueryAgent agent = DatabaseQueryAgent.builder().dataSource(pool(4)).build();
    assertThat(agent.query("How many customers are from Brazil?").rows()).containsExactly(List.of(2L));
    List<Integer> before = backends();
    assertThat(before).isNotEmpty();

    terminateBackends();
    // a restart takes longer than HikariCP's 500 ms alive-bypass window: borrowed connections are checked
    Thread.sleep(1000);

    assertThat(agent.query("How many customers are from Brazil?").rows()).containsExactly(List.of(2L));
    assertThat(agent.query("How many products are there?").rows()).containsExactly(List.of(4L));
    assertThat(backends()).isNotEmpty().doesNotContainAnyElementsOf(before);
    awaitNoActiveConnections();
  }

  @Test
  void aQuestionRunningWhileTheServerEndsItsConnectionGetsAConnectionFailureAndTheNextWorks() throws Exception {
    DatabaseQueryAgent agent = DatabaseQueryAgent.builder()
        .dataSource(pool(4))
        .sqlGenerator(sleepingOr(SqlGenerator.ruleBased(), 60))
        .validator(lettingSleepThrough())
        .statementTimeout(java.time.Duration.ofMinutes(2))
        .build();
    assertThat(agent.query("How many customers are from Brazil?").rows()).containsExactly(List.of(2L));

    CompletableFuture<QueryResult> sleeping = agent.queryAsync(SLEEP_QUESTION);
    awaitRunning("pg_sleep");
    terminateBackends();

    assertThatThrownBy(() -> sleeping.get(60, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(SqlExecutionException.class)
        .satisfies(e -> {
          SqlExecutionException x = (SqlExecutionException) e;
          assertThat(x.isConnectionFailure()).isTrue();
          assertThat(x.sqlState()).contains("57P01");
          assertThat(x.stage()).isEqualTo(Stage.EXECUTE);
          assertThat(x.sql()).isEqualTo("SELECT pg_sleep(60)");
          assertThat(x.getMessage()).startsWith("the connection to the database was lost").doesNotContain("\n");
        });
    assertThat(sleepsGenerated).as("a lost connection is not sent back to the generator").hasValue(1);

    Thread.sleep(1000);
    assertThat(agent.query("How many customers are from Brazil?").rows()).containsExactly(List.of(2L));
    awaitNoActiveConnections();
  }

  @Test
  void aQueryOverTheStatementTimeoutIsCancelledAndItsConnectionReturnsHealthy() throws Exception {
    HikariDataSource single = pool(1);
    List<String> statesAtClose = new CopyOnWriteArrayList<>();
    DatabaseQueryAgent agent = DatabaseQueryAgent.builder()
        .dataSource(recordingStateAtClose(single, statesAtClose))
        .sqlGenerator(sleepingOr(SqlGenerator.ruleBased(), 30))
        .validator(lettingSleepThrough())
        .statementTimeout(java.time.Duration.ofSeconds(1))
        .build();
    assertThat(agent.query("How many customers are from Brazil?").rows()).containsExactly(List.of(2L));
    int pid = backendPid(single);

    assertThatThrownBy(() -> agent.query(SLEEP_QUESTION))
        .isInstanceOf(SqlExecutionException.class)
        .satisfies(e -> {
          SqlExecutionException x = (SqlExecutionException) e;
          assertThat(x.isConnectionFailure()).isFalse();
          assertThat(x.sqlState()).contains("57014");
          assertThat(x.stage()).isEqualTo(Stage.EXECUTE);
          assertThat(x.getMessage()).contains("timed out", "statement timeout 1 s", "statementTimeout").doesNotContain("\n");
        });

    // the same physical connection is back in the pool, writable, auto-committing, outside a transaction
    try (Connection c = single.getConnection(); Statement s = c.createStatement()) {
      assertThat(c.isReadOnly()).isFalse();
      assertThat(c.getAutoCommit()).isTrue();
      try (ResultSet rs = s.executeQuery("SELECT pg_backend_pid(), current_setting('transaction_read_only')")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(pid);
        assertThat(rs.getString(2)).isEqualTo("off");
      }
      s.execute("CREATE TEMP TABLE scratch (x INTEGER)");
      assertThat(s.executeUpdate("INSERT INTO scratch VALUES (1)")).isEqualTo(1);
      s.execute("DROP TABLE scratch");
    }
    // the agent itself restored every connection it used, before the pool saw it again
    assertThat(statesAtClose).isNotEmpty().allMatch(state -> state.equals("readOnly=false autoCommit=true"));
    assertThat(agent.query("How many products are there?").rows()).containsExactly(List.of(4L));
    assertThat(backendPid(single)).isEqualTo(pid);
    awaitNoActiveConnections();
  }

  /** Wraps a data source so that each connection's read-only and auto-commit state is recorded at close. */
  private static DataSource recordingStateAtClose(DataSource target, List<String> states) {
    return (DataSource) Proxy.newProxyInstance(
        DataSource.class.getClassLoader(),
        new Class<?>[] {DataSource.class},
        (proxy, method, args) -> {
          Object result = invoke(method, target, args);
          if (!(result instanceof Connection)) return result;
          Connection connection = (Connection) result;
          return Proxy.newProxyInstance(
              Connection.class.getClassLoader(),
              new Class<?>[] {Connection.class},
              (p, m, a) -> {
                if (m.getName().equals("close") && !connection.isClosed()) {
                  states.add("readOnly=" + connection.isReadOnly() + " autoCommit=" + connection.getAutoCommit());
                }
                return invoke(m, connection, a);
              });
        });
  }

  private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static int backendPid(DataSource ds) throws SQLException {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static Connection admin() throws SQLException {
    return DriverManager.getConnection(TestDatabases.PG_URL);
  }

  /** Returns the pids of the pool's backends. */
  private List<Integer> backends() throws SQLException {
    try (Connection c = admin();
        PreparedStatement s = c.prepareStatement("SELECT pid FROM pg_stat_activity WHERE application_name = ?")) {
      s.setString(1, applicationName);
      List<Integer> pids = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) pids.add(rs.getInt(1));
      }
      return pids;
    }
  }

  /** Ends every backend of the pool, as a server restart does, and waits until they are gone. */
  private void terminateBackends() throws Exception {
    List<Integer> pids = backends();
    try (Connection c = admin();
        PreparedStatement s = c.prepareStatement(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?")) {
      s.setString(1, applicationName);
      s.executeQuery().close();
    }
    for (int i = 0; i < 300; i++) {
      List<Integer> alive = backends();
      alive.retainAll(pids);
      if (alive.isEmpty()) return;
      Thread.sleep(100);
    }
    throw new AssertionError("the pool's backends " + pids + " did not end");
  }

  private void awaitRunning(String fragment) throws Exception {
    for (int i = 0; i < 300; i++) {
      try (Connection c = admin();
          PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = ?"
              + " AND state = 'active' AND query LIKE ?")) {
        s.setString(1, applicationName);
        s.setString(2, "%" + fragment + "%");
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          if (rs.getInt(1) > 0) return;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no query containing " + fragment + " started");
  }

  /** Waits until the pool has lent out no connection (a leak would keep it above zero). */
  private void awaitNoActiveConnections() throws InterruptedException {
    for (int i = 0; i < 100 && pool.getHikariPoolMXBean().getActiveConnections() > 0; i++) {
      Thread.sleep(100);
    }
    assertThat(pool.getHikariPoolMXBean().getActiveConnections()).as("connections still lent out").isZero();
    assertThat(pool.getHikariPoolMXBean().getThreadsAwaitingConnection()).isZero();
  }
}
