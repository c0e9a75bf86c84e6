package io.github.dbqueryagent.spi;

import io.github.dbqueryagent.internal.execute.JdbcExecutor;
import javax.sql.DataSource;

/** Runs validated SQL read-only. Thread-safe. */
@FunctionalInterface
public interface Executor {

  /**
   * Runs a statement and reads at most {@code maxRows} rows.
   *
   * @param request the statement, row cap, timeout and cancellation
   * @return the rows, never null
   * @throws io.github.dbqueryagent.SqlExecutionException when the database refuses or fails
   * @throws io.github.dbqueryagent.QueryCancelledException when cancelled
   */
  ExecutionResult execute(ExecutionRequest request);

  /**
   * Returns the default executor: a connection set read-only ({@code Connection.setReadOnly(true)}
   * plus the dialect's read-only transaction or {@code PRAGMA query_only} for SQLite), auto-commit off
   * and always rolled back, a statement timeout, {@code setMaxRows(maxRows + 1)}, a fetch size so large
   * results stream, and {@code Statement.cancel()} on cancellation.
   *
   * @param dataSource where to connect; a connection is borrowed per statement and closed after it
   */
  static Executor jdbc(DataSource dataSource) {
    return new JdbcExecutor(dataSource);
  }
}
