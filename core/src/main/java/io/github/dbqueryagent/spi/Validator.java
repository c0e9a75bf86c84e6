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
   * Returns the default validator, built on jsqlparser: text that the database and the parser read
   * alike (no backslash-escaped quotes, nested or MySQL executable comments, dollar quoting and
   * similar, rule {@code ambiguous-syntax}), exactly one statement (parsed with {@code
   * parseStatements}, so nothing after a semicolon is silently dropped; no second T-SQL statement
   * without a semicolon), a query (SELECT, set operations, VALUES) with no data-modifying statement
   * anywhere in the tree (CTEs included), no {@code SELECT ... INTO}, no row locking, no known
   * side-effecting functions, only tables of the catalog, and compliance with the context's {@link
   * AccessPolicy} (tables, columns, {@code *} and functions resolved through aliases, subqueries and
   * CTEs); then a row limit in the dialect's syntax when the query has none. Text the parser cannot read is rejected (rule {@code syntax}). Where
   * the parser's grammar falls short on a legitimate query it may quote an identifier such as
   * {@code number} in the dialect's way; the returned SQL is then that text, which is what was
   * checked.
   */
  static Validator jsqlparser() {
    return new JsqlparserValidator();
  }
}
