package io.github.dbqueryagent.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * A validated statement to run.
 *
 * @param sql the SQL, already validated
 * @param maxRows the most rows to return, at least 1; more rows set {@link ExecutionResult#truncated()}
 * @param timeout the statement timeout, positive; rounded up to whole seconds for JDBC
 * @param cancellation cancelling it cancels the running statement
 */
public record ExecutionRequest(String sql, int maxRows, Duration timeout, Cancellation cancellation) {
  /** Checks the components. */
  public ExecutionRequest {
    Objects.requireNonNull(sql, "sql");
    Objects.requireNonNull(timeout, "timeout");
    if (maxRows < 1) throw new IllegalArgumentException("maxRows must be at least 1: " + maxRows);
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    cancellation = cancellation == null ? Cancellation.none() : cancellation;
  }
}
