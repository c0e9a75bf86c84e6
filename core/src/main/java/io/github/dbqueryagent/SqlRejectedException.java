package io.github.dbqueryagent;

import io.github.dbqueryagent.spi.Violation;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The validator refused the SQL: not a single read-only statement, or against the configured policy.
 * Nothing was executed.
 */
public class SqlRejectedException extends QueryAgentException {
  private static final long serialVersionUID = 1L;
  private final String sql;
  private final List<Violation> violations;

  /**
   * Creates the exception.
   *
   * @param sql the rejected SQL as proposed
   * @param violations the rules that fired, at least one
   */
  public SqlRejectedException(String sql, List<Violation> violations) {
    super(Stage.VALIDATE, message(violations));
    this.sql = Objects.requireNonNull(sql, "sql");
    this.violations = List.copyOf(violations);
  }

  private static String message(List<Violation> violations) {
    return "SQL rejected: "
        + violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
  }

  /** Returns the rejected SQL. */
  public String sql() {
    return sql;
  }

  /** Returns the rules that fired, never empty. */
  public List<Violation> violations() {
    return violations;
  }
}
