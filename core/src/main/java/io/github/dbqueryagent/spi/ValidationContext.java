package io.github.dbqueryagent.spi;

import java.util.Objects;

/**
 * What a {@link Validator} checks against.
 *
 * @param dialect the dialect the SQL is for
 * @param maxRows the row cap; a limit of {@code maxRows + 1} is added when the query has none, so the
 *     executor can tell whether the result was truncated; at least 1
 * @param catalog the catalog, for table checks
 */
public record ValidationContext(Dialect dialect, int maxRows, Catalog catalog) {
  /** Checks the components. */
  public ValidationContext {
    Objects.requireNonNull(dialect, "dialect");
    Objects.requireNonNull(catalog, "catalog");
    if (maxRows < 1) {
      throw new IllegalArgumentException("maxRows must be at least 1: " + maxRows);
    }
  }
}
