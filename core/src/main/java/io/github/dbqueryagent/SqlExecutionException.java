package io.github.dbqueryagent;

import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;

/**
 * The database could not run the SQL, or could not be reached. Wraps the {@link SQLException}. Nothing
 * was written: the agent runs statements in read-only transactions that are always rolled back.
 */
public class SqlExecutionException extends QueryAgentException {
  private static final long serialVersionUID = 1L;
  private final String sql;
  private final String sqlState;
  private final int vendorCode;

  /**
   * Creates the exception.
   *
   * @param stage the stage that touched the database
   * @param sql the SQL that failed, or {@code ""} when connecting failed
   * @param message a one-line reason
   * @param cause the driver's exception
   */
  public SqlExecutionException(Stage stage, String sql, String message, SQLException cause) {
    super(stage, message, cause);
    this.sql = Objects.requireNonNullElse(sql, "");
    this.sqlState = cause == null ? null : cause.getSQLState();
    this.vendorCode = cause == null ? 0 : cause.getErrorCode();
  }

  /** Returns the SQL that failed, or {@code ""} when no statement ran. */
  public String sql() {
    return sql;
  }

  /** Returns the five-character SQLState, when the driver gave one. */
  public Optional<String> sqlState() {
    return Optional.ofNullable(sqlState);
  }

  /** Returns the vendor error code (0 when unknown). */
  public int vendorCode() {
    return vendorCode;
  }

  /** Returns whether the failure is about reaching the database (SQLState class 08) rather than the SQL. */
  public boolean isConnectionFailure() {
    return sqlState != null && sqlState.startsWith("08");
  }
}
