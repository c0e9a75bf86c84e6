package io.github.dbqueryagent.internal.validate;

import io.github.dbqueryagent.spi.AccessPolicy;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.ValidatedSql;
import io.github.dbqueryagent.spi.ValidationContext;
import io.github.dbqueryagent.spi.Validator;
import io.github.dbqueryagent.spi.Violation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NextValExpression;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.Top;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * The default validator. First reads the text the way the target database does ({@link SqlTokens},
 * {@link LexicalGuard}): text on which the database and jsqlparser could disagree is rejected as
 * {@code ambiguous-syntax}, anything but comments after a {@code ;} as {@code single-statement}.
 * Then parses with {@code CCJSqlParserUtil.parseStatements} (never {@code parse}, which silently
 * drops everything after the first statement), retrying once with a rewrite the database reads the
 * same way when jsqlparser's grammar falls short ({@link DialectParser}; the rewrite is then what is
 * checked and returned to run). Text that still does not parse is rejected as {@code syntax}. It
 * requires exactly one statement that is a query, with no further T-SQL statement in the batch,
 * walks the whole tree (CTEs, subqueries, set operations) for data-modifying statements, {@code
 * SELECT ... INTO}, row locks and denied functions ({@link DeniedFunctions}; the token scan backs the
 * tree walk up for calls in places the walk does not visit), checks that every table is in the
 * catalog and that the query complies with the context's {@link AccessPolicy} (see {@link
 * PolicyAnalyzer}), then adds a row limit in the dialect's syntax when the query has none. Stateless
 * and thread-safe.
 */
public final class JsqlparserValidator implements Validator {

  /** Functions with side effects, file or network access, or that stall the server. Lower case. */
  static final Set<String> DENIED_FUNCTIONS = DeniedFunctions.NAMES;

  @Override
  public ValidatedSql validate(String sql, ValidationContext context) {
    List<Violation> violations = new ArrayList<>();
    String trimmed = sql == null ? "" : sql.strip();
    if (trimmed.isEmpty()) {
      return new ValidatedSql("", List.of(new Violation("syntax", "the SQL is empty")));
    }
    Dialect dialect = context.dialect();
    SqlTokens tokens = SqlTokens.of(trimmed, dialect);
    List<Violation> lexical = LexicalGuard.statementViolations(tokens);
    if (!lexical.isEmpty()) {
      return new ValidatedSql(trimmed, lexical);
    }
    Statements statements;
    String text = trimmed; // what is checked and, when accepted, run
    try {
      DialectParser.Parsed parsed = DialectParser.parse(tokens);
      statements = parsed.statements();
      if (parsed.rewritten()) {
        // the rewrite is what gets checked and run; it must pass the lexical checks as well
        text = parsed.sql();
        tokens = parsed.tokens();
        lexical = LexicalGuard.statementViolations(tokens);
        if (!lexical.isEmpty()) return new ValidatedSql(trimmed, lexical);
      }
    } catch (JSQLParserException | RuntimeException e) {
      List<Violation> out = new ArrayList<>(List.of(new Violation("syntax", "cannot parse the SQL: " + firstLine(e))));
      if (LexicalGuard.startsLikeQuery(tokens)) out.addAll(LexicalGuard.batchViolations(tokens));
      return new ValidatedSql(trimmed, out);
    }
    List<Statement> list = new ArrayList<>(statements);
    list.removeIf(s -> s == null);
    if (list.size() != 1) {
      return new ValidatedSql(trimmed, List.of(new Violation("single-statement",
          "expected exactly one statement, found " + list.size())));
    }
    Statement statement = list.get(0);
    if (!(statement instanceof Select)) {
      return new ValidatedSql(trimmed, List.of(new Violation("read-only",
          "only queries (SELECT) may run; found " + kind(statement))));
    }
    List<Violation> batch = LexicalGuard.batchViolations(tokens);
    if (!batch.isEmpty()) {
      return new ValidatedSql(trimmed, batch);
    }
    Select select = (Select) statement;
    TreeChecker checker = new TreeChecker(violations);
    Set<String> tables;
    try {
      tables = checker.getTables((Statement) select);
    } catch (RuntimeException e) {
      violations.add(new Violation("syntax", "cannot analyse the SQL: " + firstLine(e)));
      return new ValidatedSql(trimmed, violations);
    }
    LexicalGuard.deniedCalls(tokens).forEach((key, call) -> {
      if (checker.deniedNames.add(key)) violations.add(deniedFunction(call));
    });
    checkTables(tables, checker.cteNames, context.catalog(), context.accessPolicy(), violations);
    if (context.accessPolicy().restrictsQueries()) {
      violations.addAll(PolicyAnalyzer.check(select, context.catalog(), context.accessPolicy()));
    }
    if (!violations.isEmpty()) {
      return new ValidatedSql(trimmed, dedupe(violations));
    }
    String limited = withLimit(text, select, dialect, context.maxRows());
    if (!limited.equals(text)) {
      // the row limit may come from jsqlparser's deparser: the text to run gets the lexical checks again
      SqlTokens again = SqlTokens.of(limited, dialect);
      List<Violation> recheck = new ArrayList<>(LexicalGuard.statementViolations(again));
      if (recheck.isEmpty()) recheck.addAll(LexicalGuard.batchViolations(again));
      if (!recheck.isEmpty()) return new ValidatedSql(trimmed, recheck);
    }
    return new ValidatedSql(limited, List.of());
  }

  private static List<Violation> dedupe(List<Violation> violations) {
    return new ArrayList<>(new LinkedHashSet<>(violations));
  }

  private static void checkTables(
      Set<String> tables, Set<String> cteNames, Catalog catalog, AccessPolicy policy, List<Violation> out) {
    if (catalog.tables().isEmpty()) return;
    for (String raw : tables) {
      String name = unquote(raw);
      String[] parts = name.split("\\.");
      String last = parts[parts.length - 1];
      if (cteNames.contains(last.toLowerCase(Locale.ROOT))) continue;
      boolean found;
      if (parts.length >= 2) {
        String schema = parts[parts.length - 2];
        found = catalog.tablesNamed(last).stream()
            .anyMatch(t -> t.name().schema().equalsIgnoreCase(schema) || t.name().catalog().equalsIgnoreCase(schema));
      } else {
        found = !catalog.tablesNamed(last).isEmpty();
      }
      if (!found) {
        out.add(new Violation("unknown-table", "table '" + name + "' is not in the database catalog"
            + suggestion(last, catalog, policy)));
      }
    }
  }

  private static String suggestion(String name, Catalog catalog, AccessPolicy policy) {
    String lower = name.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (io.github.dbqueryagent.spi.Table t : catalog.tables()) {
      if (!policy.permitsTable(t.name())) continue; // never name a hidden table
      int d = distance(lower, t.name().name().toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = t.name().toString();
      }
    }
    return best != null && bestDistance <= Math.max(2, lower.length() / 3) ? " (did you mean '" + best + "'?)" : "";
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  static String unquote(String name) {
    StringBuilder sb = new StringBuilder();
    for (String part : name.split("\\.")) {
      String p = part.strip();
      if (p.length() >= 2 && ((p.startsWith("\"") && p.endsWith("\"")) || (p.startsWith("`") && p.endsWith("`"))
          || (p.startsWith("[") && p.endsWith("]")))) {
        p = p.substring(1, p.length() - 1);
      }
      if (sb.length() > 0) sb.append('.');
      sb.append(p);
    }
    return sb.toString();
  }

  private static String withLimit(String sql, Select select, Dialect dialect, int maxRows) {
    if (hasRowLimit(select)) return sql;
    long n = (long) maxRows + 1;
    String base = sql;
    while (base.endsWith(";")) base = base.substring(0, base.length() - 1).strip();
    boolean comments = base.contains("--") || base.contains("/*") || base.contains("#");
    switch (dialect.limitStyle()) {
      case LIMIT:
        if (comments) {
          select.setLimit(new Limit().withRowCount(new LongValue(n)));
          return select.toString();
        }
        return base + " LIMIT " + n;
      case FETCH_FIRST:
        return (comments ? select.toString() : base) + " FETCH FIRST " + n + " ROWS ONLY";
      case TOP:
        if (select instanceof PlainSelect) {
          ((PlainSelect) select).setTop(new Top().withExpression(new LongValue(n)));
          return select.toString();
        }
        if (select.getWithItemsList() == null || select.getWithItemsList().isEmpty()) {
          return "SELECT TOP " + n + " * FROM (" + select + ") AS dbqa_limited";
        }
        return sql; // the executor's setMaxRows still caps the rows
      default:
        return sql;
    }
  }

  private static boolean hasRowLimit(Select select) {
    if (select.getLimit() != null || select.getFetch() != null) return true;
    if (select instanceof PlainSelect) {
      PlainSelect ps = (PlainSelect) select;
      return ps.getTop() != null || ps.getFirst() != null;
    }
    return false;
  }

  private static Violation deniedFunction(String name) {
    return new Violation("denied-function", name
        + " has side effects or reaches files, the network or the server; it may not run");
  }

  private static String kind(Statement s) {
    String n = s.getClass().getSimpleName().toUpperCase(Locale.ROOT);
    return n.isEmpty() ? "a non-query statement" : n;
  }

  private static String firstLine(Throwable e) {
    String m = e.getMessage();
    if (m == null) m = e.getClass().getSimpleName();
    Throwable c = e.getCause();
    if ((m.isBlank() || m.equals(e.getClass().getName())) && c != null && c.getMessage() != null) m = c.getMessage();
    int nl = m.indexOf('\n');
    return (nl > 0 ? m.substring(0, nl) : m).strip();
  }

  /** Walks the whole tree; records violations and CTE names. */
  private static final class TreeChecker extends TablesNamesFinder<Void> {
    final List<Violation> violations;
    final Set<String> cteNames = new java.util.HashSet<>();
    final Set<String> deniedNames = new java.util.HashSet<>();

    TreeChecker(List<Violation> violations) {
      this.violations = violations;
    }

    @Override
    public <S> Void visit(WithItem<?> withItem, S context) {
      if (withItem.getAliasName() != null) cteNames.add(unquote(withItem.getAliasName()).toLowerCase(Locale.ROOT));
      Object inner = withItem.getStatement();
      if (inner != null && !(inner instanceof Select)) {
        violations.add(new Violation("read-only", "the CTE '" + withItem.getAliasName()
            + "' contains a data-modifying " + inner.getClass().getSimpleName().toUpperCase(Locale.ROOT)));
        return null;
      }
      return super.visit(withItem, context);
    }

    @Override
    public <S> Void visit(PlainSelect select, S context) {
      if (select.getIntoTables() != null && !select.getIntoTables().isEmpty() || select.getIntoTempTable() != null) {
        violations.add(new Violation("select-into", "SELECT ... INTO creates a table; only plain queries may run"));
      }
      if (select.getMySqlSelectIntoClause() != null) {
        violations.add(new Violation("select-into", "SELECT ... INTO OUTFILE/DUMPFILE/variables is not allowed"));
      }
      checkLocking(select);
      return super.visit(select, context);
    }

    @Override
    public <S> Void visit(Select select, S context) {
      checkLocking(select);
      return super.visit(select, context);
    }

    private void checkLocking(Select select) {
      if (select.getForMode() != null || select.getForUpdateTable() != null) {
        violations.add(new Violation("locking", "FOR UPDATE/FOR SHARE takes row locks; only plain queries may run"));
      }
    }

    @Override
    public <S> Void visit(Function function, S context) {
      if (DeniedFunctions.isDenied(function.getName()) && deniedNames.add(DeniedFunctions.lastPart(function.getName()))) {
        violations.add(deniedFunction(function.getName() + "()"));
      }
      return super.visit(function, context);
    }

    @Override
    public <S> Void visit(NextValExpression expression, S context) {
      if (deniedNames.add("next value for")) violations.add(deniedFunction("NEXT VALUE FOR"));
      return super.visit(expression, context);
    }

    @Override
    public <S> Void visit(Table table, S context) {
      return super.visit(table, context);
    }
  }
}
