package io.github.dbqueryagent.spi;

import java.util.List;
import java.util.Objects;

/**
 * The validator's verdict.
 *
 * @param sql the SQL to run (possibly rewritten with a row limit); the input unchanged when rejected
 * @param violations the rules that fired; empty when accepted
 */
public record ValidatedSql(String sql, List<Violation> violations) {
  /** Checks and copies the components. */
  public ValidatedSql {
    Objects.requireNonNull(sql, "sql");
    violations = List.copyOf(violations);
  }

  /** Returns whether the SQL may run. */
  public boolean accepted() {
    return violations.isEmpty();
  }
}
