package io.github.dbqueryagent.spi;

import java.util.Locale;
import java.util.Set;

/** Reserved words that force an identifier to be quoted in any dialect. */
final class SqlKeywords {
  private static final Set<String> RESERVED =
      Set.of(
          "ALL", "AND", "ANY", "AS", "ASC", "BETWEEN", "BY", "CASE", "CAST", "CHECK", "COLUMN",
          "CONSTRAINT", "CREATE", "CROSS", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP",
          "CURRENT_USER", "DATE", "DAY", "DEFAULT", "DELETE", "DESC", "DISTINCT", "DROP", "ELSE", "END",
          "EXCEPT", "EXISTS", "FALSE", "FETCH", "FOR", "FOREIGN", "FROM", "FULL", "GROUP", "HAVING",
          "IF", "IN", "INDEX", "INNER", "INSERT", "INTERSECT", "INTERVAL", "INTO", "IS", "JOIN", "KEY",
          "LEFT", "LIKE", "LIMIT", "MINUS", "MONTH", "NATURAL", "NOT", "NULL", "OFFSET", "ON", "OR",
          "ORDER", "OUTER", "PRIMARY", "REFERENCES", "RIGHT", "ROW", "ROWS", "SELECT", "SET", "TABLE",
          "THEN", "TO", "TOP", "TRUE", "UNION", "UNIQUE", "UPDATE", "USER", "USING", "VALUE", "VALUES",
          "WHEN", "WHERE", "WITH", "YEAR");

  private SqlKeywords() {}

  static boolean isReserved(String word) {
    return RESERVED.contains(word.toUpperCase(Locale.ROOT));
  }
}
