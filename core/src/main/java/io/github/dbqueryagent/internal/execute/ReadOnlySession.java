package io.github.dbqueryagent.internal.execute;

import io.github.dbqueryagent.spi.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a connection into the strongest read-only mode its dialect offers, and restores it afterwards.
 *
 * <ul>
 *   <li>every dialect: auto-commit off, {@code Connection.setReadOnly(true)}, rollback at the end;
 *   <li>PostgreSQL, Oracle and generic: {@code SET TRANSACTION READ ONLY};
 *   <li>H2 has no read-only transaction: statements go through {@code executeQuery}, which H2 refuses
 *       for anything but a query (SQLState 90002), and data-change delta tables ({@code SELECT * FROM
 *       OLD TABLE (DELETE ...)}) are undone by the rollback;
 *   <li>MySQL and MariaDB: {@code START TRANSACTION READ ONLY};
 *   <li>SQLite: {@code PRAGMA query_only = ON} (reset to {@code OFF} at the end).
 * </ul>
 */
public final class ReadOnlySession {
  private static final Logger LOG = LoggerFactory.getLogger(ReadOnlySession.class);

  private final Connection connection;
  private final Dialect dialect;
  private final boolean autoCommit;
  private final boolean readOnly;

  private ReadOnlySession(Connection connection, Dialect dialect, boolean autoCommit, boolean readOnly) {
    this.connection = connection;
    this.dialect = dialect;
    this.autoCommit = autoCommit;
    this.readOnly = readOnly;
  }

  /**
   * Starts a read-only transaction on the connection.
   *
   * @throws SQLException when the connection cannot be made read-only; nothing should run then
   */
  public static ReadOnlySession begin(Connection connection) throws SQLException {
    Dialect dialect = Dialect.fromProductName(connection.getMetaData().getDatabaseProductName());
    boolean autoCommit = connection.getAutoCommit();
    boolean readOnly = connection.isReadOnly();
    ReadOnlySession session = new ReadOnlySession(connection, dialect, autoCommit, readOnly);
    if (dialect == Dialect.SQLITE) {
      // sqlite-jdbc refuses setReadOnly on an open connection; query_only is the enforcement.
      try (Statement s = connection.createStatement()) {
        s.execute("PRAGMA query_only = ON");
      }
      connection.setAutoCommit(false);
      return session;
    }
    if (autoCommit) connection.setAutoCommit(false);
    connection.setReadOnly(true);
    try (Statement s = connection.createStatement()) {
      switch (dialect) {
        case MYSQL:
        case MARIADB:
          s.execute("START TRANSACTION READ ONLY");
          break;
        case H2:
          break;
        case SQLSERVER:
          // SQL Server has no read-only transactions: setReadOnly (ApplicationIntent) and the
          // SELECT-only account are the guarantees; the transaction is rolled back.
          break;
        default:
          s.execute("SET TRANSACTION READ ONLY");
          break;
      }
    }
    return session;
  }

  /** Returns the dialect detected from the connection. */
  public Dialect dialect() {
    return dialect;
  }

  /** Rolls back and restores the connection's previous settings (for pooled connections). */
  public void end() {
    try {
      connection.rollback();
    } catch (SQLException e) {
      LOG.debug("rollback failed", e);
    }
    try {
      if (dialect == Dialect.SQLITE) {
        try (Statement s = connection.createStatement()) {
          s.execute("PRAGMA query_only = OFF");
        }
      } else if (!readOnly) {
        connection.setReadOnly(false);
      }
      if (autoCommit) connection.setAutoCommit(true);
    } catch (SQLException e) {
      LOG.debug("restoring connection settings failed", e);
    }
  }
}
