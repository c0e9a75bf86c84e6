package io.github.dbqueryagent.session.jdbc;

import static org.junit.jupiter.api.Assertions.fail;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.UUID;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;

/** Test databases: unique table names, reachability checks that skip (or fail on CI), clean-up. */
final class TestDatabases {
  private TestDatabases() {}

  /** Returns a table name unique to this run, such as {@code dbqa_turn_1a2b3c4d5e6f}. */
  static String uniqueTableName() {
    return "dbqa_turn_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  /**
   * Returns a connection pool for the server at the URL in {@code envVar} (or {@code defaultUrl}). When the
   * server cannot be reached, aborts the calling {@code @BeforeAll} so that the class is reported as
   * skipped with the reason, and prints the reason; when the environment variable {@code CI} is
   * {@code "true"}, fails instead.
   */
  static HikariDataSource serverOrSkip(String product, String envVar, String defaultUrl) {
    String configured = System.getenv(envVar);
    String url = configured == null || configured.isBlank() ? defaultUrl : configured;
    try (Connection c = new UrlDataSource(url).getConnection()) {
      if (!c.isValid(5)) {
        throw new SQLException("connection is not valid");
      }
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(url);
      config.setMaximumPoolSize(12);
      config.setPoolName("dbqa-test-" + product);
      return new HikariDataSource(config);
    } catch (SQLException e) {
      String reason =
          product
              + " is not reachable at "
              + redact(url)
              + " ("
              + e.getClass().getSimpleName()
              + ", SQLState "
              + e.getSQLState()
              + "); set "
              + envVar
              + " to a reachable JDBC URL";
      if ("true".equals(System.getenv("CI"))) {
        fail(reason + " -- failing because CI=true", e);
      }
      System.err.println("[session-jdbc] SKIPPED: " + reason + " (set CI=true to fail instead)");
      Assumptions.abort(reason);
      throw new AssertionError("unreachable");
    }
  }

  /** Drops a store's turn table and lock table if they exist, for clean-up after a run. */
  static void dropTables(DataSource ds, String table) {
    if (ds == null) {
      return;
    }
    for (String t : new String[] {table, table + "_lock"}) {
      try (Connection c = ds.getConnection();
          Statement s = c.createStatement()) {
        s.executeUpdate("DROP TABLE IF EXISTS " + t);
        if (!c.getAutoCommit()) {
          c.commit();
        }
      } catch (SQLException e) {
        System.err.println("[session-jdbc] could not drop test table " + t + ": " + e.getMessage());
      }
    }
  }

  /** Returns the single number a query returns. */
  static long queryLong(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Returns whether a table can be queried. */
  static boolean tableExists(DataSource ds, String table) throws SQLException {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(true);
      try (Statement s = c.createStatement()) {
        s.executeQuery("SELECT 1 FROM " + table + " WHERE 1 = 0").close();
        return true;
      } catch (SQLException e) {
        return false;
      }
    }
  }

  /** Runs one statement in auto-commit mode. */
  static void execute(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** Masks passwords in a JDBC URL ({@code password=...}, {@code user:password@}). */
  static String redact(String url) {
    return url.replaceAll("(?i)((?:password|pwd)=)[^&;]*", "$1***").replaceAll("//([^/:@]+):[^/@]*@", "//$1:***@");
  }

  /** A data source over {@link DriverManager} for a URL (tests only; no pooling). */
  static class UrlDataSource implements DataSource {
    private final String url;

    UrlDataSource(String url) {
      this.url = url;
    }

    @Override
    public Connection getConnection() throws SQLException {
      return DriverManager.getConnection(url);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      return DriverManager.getConnection(url, username, password);
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      if (iface.isInstance(this)) {
        return iface.cast(this);
      }
      throw new SQLException("not a wrapper for " + iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return iface.isInstance(this);
    }

    @Override
    public String toString() {
      return "UrlDataSource[" + redact(url) + "]";
    }
  }
}
