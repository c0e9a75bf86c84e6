package io.github.dbqueryagent.spi;

import io.github.dbqueryagent.internal.validate.JsqlparserValidator;

/** Decides whether SQL may run, and rewrites it to cap its rows. Thread-safe. */
@FunctionalInterface
public interface Validator {

  /**
   * Validates SQL.
   *
   * @param sql the proposed SQL
   * @param context the dialect, row cap, catalog and access policy; implementations must enforce the
   *     policy, as the default does
   * @return the verdict with the SQL to run, never null; rejections are returned, not thrown
   */
  ValidatedSql validate(String sql, ValidationContext context);

  /**
   * Returns the default validator, built on jsqlparser: exactly one statement (parsed with {@code
   * parseStatements}, so nothing after a semicolon is silently dropped), a query (SELECT, set
   * operations, VALUES) with no data-modifying statement anywhere in the tree (CTEs included), no
   * {@code SELECT ... INTO}, no row locking, no known side-effecting functions, only tables of the
   * catalog, and compliance with the context's {@link AccessPolicy} (tables, columns, {@code *} and
   * functions resolved through aliases, subqueries and CTEs); then a row limit in the dialect's syntax
   * when the query has none.
   */
  static Validator jsqlparser() {
    return new JsqlparserValidator();
  }
}
