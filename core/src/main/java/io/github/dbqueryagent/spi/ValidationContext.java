package io.github.dbqueryagent.spi;

import java.util.Objects;

/**
 * What a {@link Validator} checks against.
 *
 * @param dialect the dialect the SQL is for
 * @param maxRows the row cap; a limit of {@code maxRows + 1} is added when the query has none, so the
 *     executor can tell whether the result was truncated; at least 1
 * @param catalog the full catalog (not the part the policy lets generators see), for table checks and
 *     to expand {@code *}
 * @param accessPolicy the tables, columns and functions queries may use; see {@link AccessPolicy}
 */
public record ValidationContext(Dialect dialect, int maxRows, Catalog catalog, AccessPolicy accessPolicy) {
  /** Checks the components. */
  public ValidationContext {
    Objects.requireNonNull(dialect, "dialect");
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(accessPolicy, "accessPolicy");
    if (maxRows < 1) {
      throw new IllegalArgumentException("maxRows must be at least 1: " + maxRows);
    }
  }

  /** Creates a context with {@link AccessPolicy#defaults()}. */
  public ValidationContext(Dialect dialect, int maxRows, Catalog catalog) {
    this(dialect, maxRows, catalog, AccessPolicy.defaults());
  }
}
