package io.github.dbqueryagent;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The database could not run the SQL, or could not be reached. Wraps the {@link SQLException}. Nothing
 * was written: the agent runs statements in read-only transactions that are always rolled back.
 */
public class SqlExecutionException extends QueryAgentException {
  private static final long serialVersionUID = 1L;
  private static final Set<String> CONNECTION_LOST_STATES = Set.of("57P01", "57P02", "57P03", "57P05");
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

  /**
   * Returns whether the failure is about reaching the database rather than the SQL: SQLState class 08
   * (connection exception), PostgreSQL's {@code 57P01}, {@code 57P02}, {@code 57P03} and {@code 57P05}
   * (the server shut down, crashed, is starting, or ended an idle session: what clients see while it
   * restarts), or a driver or pool exception of type {@link SQLTransientConnectionException} or {@link
   * SQLNonTransientConnectionException} (for example a pool that timed out waiting for a connection).
   * Such failures are not sent back to the generator for repair; the same question may succeed once
   * the database is reachable again.
   */
  public boolean isConnectionFailure() {
    return isConnectionFailure(getCause());
  }

  /**
   * Returns whether a driver exception means the connection to the database failed, by the rules of
   * {@link #isConnectionFailure()}.
   *
   * @param failure a driver exception, or null (false)
   */
  public static boolean isConnectionFailure(Throwable failure) {
    if (failure instanceof SQLTransientConnectionException || failure instanceof SQLNonTransientConnectionException) {
      return true;
    }
    if (!(failure instanceof SQLException)) {
      return false;
    }
    String state = ((SQLException) failure).getSQLState();
    return state != null && (state.startsWith("08") || CONNECTION_LOST_STATES.contains(state));
  }
}
