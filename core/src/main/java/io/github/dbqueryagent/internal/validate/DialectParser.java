package io.github.dbqueryagent.internal.validate;

import io.github.dbqueryagent.internal.validate.SqlTokens.Kind;
import io.github.dbqueryagent.internal.validate.SqlTokens.Token;
import io.github.dbqueryagent.spi.Dialect;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statements;

/**
 * Parses SQL with jsqlparser's options for a dialect and, when that fails, once more after a rewrite
 * that the database reads exactly as the original. The rewritten text is what the validator then
 * checks and returns to run, so the statement that runs is always the statement that was checked.
 *
 * <p>The rewrites cover jsqlparser 5.4 grammar gaps seen on legitimate queries (defog sql-eval gold
 * queries):
 *
 * <ul>
 *   <li>{@code number} as a bare identifier: jsqlparser reserves it (Oracle's type), while SQL
 *       Server, PostgreSQL, MySQL, MariaDB and SQLite do not. It is quoted in the dialect's way
 *       ({@code [number]}, {@code "number"} lower-cased as PostgreSQL folds it, {@code `number`}),
 *       which names the same column. Not after {@code AS} or {@code ::}, where it may name a type.
 *   <li>MySQL and MariaDB {@code INTERVAL (expr) unit} with a unit jsqlparser does not know as a
 *       keyword ({@code QUARTER}, {@code WEEK}): becomes {@code INTERVAL +(expr) unit}. MySQL's
 *       grammar drops a unary plus ({@code '+' simple_expr { $$= $2; }} in {@code sql_yacc.yy}), so
 *       both texts give the same expression tree. Only when a unit word follows the parentheses and
 *       they hold no top-level comma, so the function {@code INTERVAL(n, n1, ...)} is never touched.
 * </ul>
 *
 * <p>Rewrites work on {@link SqlTokens}, so literals, quoted identifiers and comments are never
 * touched. Stateless and thread-safe.
 */
final class DialectParser {
  private DialectParser() {}

  private static final Set<Dialect> NUMBER_IS_AN_IDENTIFIER =
      Set.of(Dialect.SQLSERVER, Dialect.POSTGRESQL, Dialect.MYSQL, Dialect.MARIADB, Dialect.SQLITE);

  private static final Set<String> MYSQL_INTERVAL_UNITS =
      Set.of(
          "microsecond", "second", "minute", "hour", "day", "week", "month", "quarter", "year",
          "second_microsecond", "minute_microsecond", "minute_second", "hour_microsecond", "hour_second",
          "hour_minute", "day_microsecond", "day_second", "day_minute", "day_hour", "year_month");

  /**
   * The parse result.
   *
   * @param tokens the text that was parsed, split into tokens: the input's, or the rewrite's
   * @param statements what jsqlparser found in it
   * @param rewritten whether the text is a rewrite of the input
   */
  record Parsed(SqlTokens tokens, Statements statements, boolean rewritten) {
    /** Returns the text that was parsed, which is the text to run. */
    String sql() {
      return tokens.sql();
    }
  }

  /**
   * Parses with {@code parseStatements} (never {@code parse}, which drops what follows the first
   * statement), square-bracket quotation for SQL Server and SQLite, then once more after a rewrite.
   *
   * @param tokens the input split by its dialect's rules, without a problem
   * @return the statements and the text they came from; never null
   * @throws JSQLParserException the error for the input when neither it nor a rewrite parses
   */
  static Parsed parse(SqlTokens tokens) throws JSQLParserException {
    try {
      return new Parsed(tokens, parse(tokens.sql(), tokens.dialect()), false);
    } catch (JSQLParserException | RuntimeException e) {
      Optional<String> rewrite = rewrite(tokens);
      if (rewrite.isPresent()) {
        try {
          SqlTokens again = SqlTokens.of(rewrite.get(), tokens.dialect());
          return new Parsed(again, parse(again.sql(), again.dialect()), true);
        } catch (JSQLParserException | RuntimeException ignored) {
          // report the input's error, not the rewrite's
        }
      }
      if (e instanceof JSQLParserException) throw (JSQLParserException) e;
      throw new JSQLParserException(e.getMessage(), e);
    }
  }

  private static Statements parse(String sql, Dialect dialect) throws JSQLParserException {
    boolean brackets = dialect == Dialect.SQLSERVER || dialect == Dialect.SQLITE;
    return CCJSqlParserUtil.parseStatements(sql, parser -> parser.withSquareBracketQuotation(brackets));
  }

  /** Returns the rewritten text, or empty when no rewrite applies. */
  static Optional<String> rewrite(SqlTokens tokens) {
    List<Token> list = tokens.tokens();
    Dialect dialect = tokens.dialect();
    boolean mysql = dialect == Dialect.MYSQL || dialect == Dialect.MARIADB;
    StringBuilder sb = new StringBuilder(tokens.sql().length() + 16);
    boolean changed = false;
    for (int i = 0; i < list.size(); i++) {
      Token t = list.get(i);
      if (t.isWord("number") && NUMBER_IS_AN_IDENTIFIER.contains(dialect) && !followsAsOrCast(tokens, i)) {
        sb.append(quote(t.text(), dialect));
        changed = true;
      } else if (mysql && t.text().equals("(") && isIntervalOperand(tokens, i)) {
        sb.append("+(");
        changed = true;
      } else {
        sb.append(t.text());
      }
    }
    return changed ? Optional.of(sb.toString()) : Optional.empty();
  }

  private static String quote(String word, Dialect dialect) {
    switch (dialect) {
      case SQLSERVER:
        return "[" + word + "]";
      case POSTGRESQL:
        return "\"" + word.toLowerCase(Locale.ROOT) + "\"";
      default:
        return "`" + word + "`";
    }
  }

  private static boolean followsAsOrCast(SqlTokens tokens, int i) {
    int prev = tokens.previousSignificant(i);
    if (prev < 0) return false;
    Token p = tokens.tokens().get(prev);
    if (p.isWord("as")) return true;
    if (p.text().equals(":") && prev > 0) {
      Token pp = tokens.tokens().get(prev - 1);
      return pp.text().equals(":");
    }
    return false;
  }

  /** Whether the '(' at i follows INTERVAL, its match is followed by a unit, and it holds no top-level comma. */
  private static boolean isIntervalOperand(SqlTokens tokens, int i) {
    List<Token> list = tokens.tokens();
    int prev = tokens.previousSignificant(i);
    if (prev < 0 || !list.get(prev).isWord("interval")) return false;
    int depth = 0;
    for (int j = i; j < list.size(); j++) {
      Token t = list.get(j);
      if (t.kind() != Kind.SYMBOL) continue;
      if (t.text().equals("(")) {
        depth++;
      } else if (t.text().equals(")")) {
        depth--;
        if (depth == 0) {
          int next = tokens.nextSignificant(j);
          return next >= 0 && list.get(next).kind() == Kind.WORD
              && MYSQL_INTERVAL_UNITS.contains(list.get(next).text().toLowerCase(Locale.ROOT));
        }
      } else if (t.text().equals(",") && depth == 1) {
        return false;
      }
    }
    return false;
  }
}
