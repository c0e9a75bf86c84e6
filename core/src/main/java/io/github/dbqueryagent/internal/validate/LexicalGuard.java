package io.github.dbqueryagent.internal.validate;

import io.github.dbqueryagent.internal.validate.SqlTokens.Kind;
import io.github.dbqueryagent.internal.validate.SqlTokens.Token;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks that need the database's view of the text rather than jsqlparser's: they run on {@link
 * SqlTokens} and so do not depend on what jsqlparser can parse or on how it folds the text into a
 * tree. Stateless.
 *
 * <ul>
 *   <li>{@link #statementViolations}: the text lexes without ambiguity (see {@link SqlTokens}) and
 *       has nothing but comments after a {@code ;}.
 *   <li>{@link #batchViolations}: for SQL Server, no reserved word that starts a T-SQL statement
 *       after the first word. T-SQL needs no {@code ;} between statements, so {@code SELECT name FROM
 *       customer SHUTDOWN} is a query and a {@code SHUTDOWN} to the server, while jsqlparser reads
 *       {@code SHUTDOWN} as a table alias.
 *   <li>{@link #deniedCalls}: every name followed by {@code (} that is a denied function, wherever it
 *       stands (select list, {@code ORDER BY}, window definitions, {@code VALUES}, arguments, table
 *       functions), quoted or not; Oracle package calls ({@code DBMS_LOCK.SLEEP}); {@code seq.NEXTVAL}
 *       and {@code NEXT VALUE FOR}. This backs the tree walk up: a place the walk does not visit
 *       cannot hide a call.
 * </ul>
 */
final class LexicalGuard {
  private LexicalGuard() {}

  /**
   * Reserved T-SQL words that begin a statement. In a T-SQL query they can only start a second
   * statement: reserved words cannot be bare identifiers or aliases. {@code FETCH} is left out
   * because {@code OFFSET ... FETCH NEXT} uses it.
   */
  static final Set<String> TSQL_STATEMENT_WORDS =
      Set.of(
          "alter", "backup", "begin", "break", "bulk", "checkpoint", "close", "commit", "continue", "create",
          "dbcc", "deallocate", "declare", "delete", "deny", "disk", "drop", "dump", "exec", "execute", "goto",
          "grant", "if", "insert", "kill", "load", "merge", "open", "print", "raiserror", "readtext",
          "reconfigure", "restore", "return", "revert", "revoke", "rollback", "save", "set", "setuser",
          "shutdown", "truncate", "update", "updatetext", "use", "waitfor", "while", "writetext");

  /**
   * Returns the violations that make the statement unsafe to parse or to run as one statement.
   *
   * @param tokens the SQL split by the target dialect's rules
   * @return a {@code syntax} or {@code ambiguous-syntax} violation for the tokens' problem, else a
   *     {@code single-statement} violation when anything but comments follows a {@code ;}; empty when
   *     there is none; never null
   */
  static List<Violation> statementViolations(SqlTokens tokens) {
    List<Violation> out = new ArrayList<>();
    tokens.problem().ifPresent(p -> out.add(new Violation(p.rule(), p.message())));
    if (!out.isEmpty()) return out;
    List<Token> list = tokens.tokens();
    boolean separated = false;
    for (Token t : list) {
      if (t.kind() == Kind.SEMICOLON) {
        separated = true;
      } else if (separated && !t.isTrivia()) {
        out.add(new Violation("single-statement", "a second statement follows the ';' at '"
            + abbreviate(tokens.sql().substring(t.start())) + "'; send exactly one query"));
        break;
      }
    }
    return out;
  }

  /**
   * For SQL Server, returns a violation when a reserved word that starts a T-SQL statement follows
   * the first word: in a query it can only begin a second statement of the batch. Meant for text
   * that parsed as a query; other statements are rejected as not read-only anyway.
   *
   * @param tokens the SQL split by the target dialect's rules
   * @return at most one {@code single-statement} violation; empty for other dialects; never null
   */
  static List<Violation> batchViolations(SqlTokens tokens) {
    if (tokens.dialect() != Dialect.SQLSERVER) return List.of();
    List<Token> list = tokens.tokens();
    int first = tokens.nextSignificant(-1);
    for (int i = 0; i < list.size(); i++) {
      Token t = list.get(i);
      if (i != first && t.kind() == Kind.WORD && TSQL_STATEMENT_WORDS.contains(t.text().toLowerCase(Locale.ROOT))
          && !isQueryHint(tokens, i)) {
        return List.of(new Violation("single-statement", "'" + t.text() + "' starts another T-SQL statement"
            + " (T-SQL needs no ';' between statements); send exactly one query, and bracket identifiers that"
            + " are reserved words"));
      }
    }
    return List.of();
  }

  /** Returns whether the first significant token is {@code SELECT}, {@code WITH} or {@code (}. */
  static boolean startsLikeQuery(SqlTokens tokens) {
    int first = tokens.nextSignificant(-1);
    if (first < 0) return false;
    Token t = tokens.tokens().get(first);
    return t.isWord("select") || t.isWord("with") || t.text().equals("(");
  }

  /** {@code OPTION (USE HINT (...))}, {@code USE PLAN}, {@code MERGE JOIN}, {@code MERGE UNION}: hints, not statements. */
  private static boolean isQueryHint(SqlTokens tokens, int i) {
    Token t = tokens.tokens().get(i);
    int next = tokens.nextSignificant(i);
    if (next < 0) return false;
    Token n = tokens.tokens().get(next);
    if (t.isWord("use")) return n.isWord("hint") || n.isWord("plan");
    if (t.isWord("merge")) return n.isWord("join") || n.isWord("union");
    return false;
  }

  /**
   * Returns the denied functions called anywhere in the text.
   *
   * @param tokens the SQL split by the target dialect's rules, without a problem
   * @return in order of appearance, the last name part of each call (lower case, unquoted; the key
   *     the tree walk reports under too) mapped to the call as written, such as {@code "PG_SLEEP()"},
   *     {@code "DBMS_LOCK.SLEEP()"}, {@code "seq.NEXTVAL"} or {@code "NEXT VALUE FOR"}; never null
   */
  static Map<String, String> deniedCalls(SqlTokens tokens) {
    Map<String, String> out = new LinkedHashMap<>();
    List<Token> list = tokens.tokens();
    for (int i = 0; i < list.size(); i++) {
      Token t = list.get(i);
      if (t.kind() != Kind.WORD && t.kind() != Kind.QUOTED_IDENTIFIER) continue;
      String name = t.name().strip().toLowerCase(Locale.ROOT);
      int next = tokens.nextSignificant(i);
      String after = next < 0 ? "" : list.get(next).text();
      int prev = tokens.previousSignificant(i);
      String before = prev < 0 ? "" : list.get(prev).text();
      if (after.equals("(") && (DeniedFunctions.NAMES.contains(name) || DeniedFunctions.hasDeniedPrefix(name))) {
        out.putIfAbsent(name, t.text() + "()");
      } else if (after.equals(".") && DeniedFunctions.isPackage(name)) {
        int member = tokens.nextSignificant(next);
        Token m = member < 0 ? null : list.get(member);
        boolean named = m != null && (m.kind() == Kind.WORD || m.kind() == Kind.QUOTED_IDENTIFIER);
        String key = named ? m.name().strip().toLowerCase(Locale.ROOT) : name;
        out.putIfAbsent(key, t.text() + "." + (named ? m.text() + "()" : ""));
      } else if (before.equals(".") && name.equals("nextval")) {
        Token owner = prev > 0 ? list.get(tokens.previousSignificant(prev)) : null;
        out.putIfAbsent("nextval", (owner == null ? "" : owner.text()) + "." + t.text());
      } else if (t.isWord("next") && next >= 0 && list.get(next).isWord("value")) {
        int third = tokens.nextSignificant(next);
        if (third >= 0 && list.get(third).isWord("for")) out.putIfAbsent("next value for", "NEXT VALUE FOR");
      }
    }
    return out;
  }

  private static String abbreviate(String s) {
    String one = s.strip().replaceAll("\\s+", " ");
    return one.length() <= 40 ? one : one.substring(0, 40) + "...";
  }
}
