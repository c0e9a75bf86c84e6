package io.github.dbqueryagent.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * The tables a gold query reads, for schema-linking recall: a question is covered when every one of
 * them is in the rendered context. Stateless and thread-safe.
 *
 * <p>Only the first alternative of a defog gold field counts ({@link GoldQueries#alternatives}), with
 * its {@code {a, b}} column sets expanded to the full set ({@link GoldQueries#expand}); alternatives
 * differ in columns and expressions, and the first is the one defog lists as canonical. The query is
 * parsed with jsqlparser and its tables are found with {@link TablesNamesFinder}; the names of common
 * table expressions ({@code WITH x AS (...)}, at any depth) are not tables and are left out, as are
 * table functions ({@code generate_series(...)}) and {@code VALUES} lists.
 */
final class GoldTables {
  private GoldTables() {}

  /**
   * Returns the tables of the first alternative of a gold field, qualified with a schema.
   *
   * @param goldField the gold {@code query} field (alternatives separated by {@code ;}, {@code {a,
   *     b}} column sets)
   * @param schema the schema that holds the question's database; every table is put in it whatever
   *     schema the gold query names (defog's ewallet queries say {@code consumer_div.users})
   * @return {@code schema.table} names, lower case (the gold queries use unquoted identifiers, which
   *     PostgreSQL folds to lower case), sorted, never empty
   * @throws IllegalArgumentException when the field is blank, does not parse, or names no table
   */
  static Set<String> of(String goldField, String schema) {
    List<String> alternatives = GoldQueries.alternatives(goldField);
    if (alternatives.isEmpty()) throw new IllegalArgumentException("blank gold query");
    List<String> expanded = GoldQueries.expand(alternatives.get(0));
    Set<String> bare = tables(expanded.get(expanded.size() - 1));
    Set<String> out = new TreeSet<>();
    for (String t : bare) out.add(schema.toLowerCase(Locale.ROOT) + "." + t);
    return out;
  }

  /**
   * Returns the tables one SQL query reads, without schema or quotes.
   *
   * @param sql one query
   * @return table names, lower case, sorted, never empty
   * @throws IllegalArgumentException when the query does not parse or names no table
   */
  static Set<String> tables(String sql) {
    Statement statement;
    try {
      statement = CCJSqlParserUtil.parse(sql);
    } catch (JSQLParserException e) {
      String m = String.valueOf(e.getMessage()).replaceAll("\\s+", " ");
      throw new IllegalArgumentException("gold query does not parse: " + (m.length() > 160 ? m.substring(0, 160) : m), e);
    }
    CteAwareFinder finder = new CteAwareFinder();
    Set<String> found = finder.getTables(statement);
    Set<String> ctes = new TreeSet<>();
    for (String c : finder.cteNames) ctes.add(c.toLowerCase(Locale.ROOT));
    Set<String> out = new TreeSet<>();
    for (String name : found) {
      String t = lastPart(name).toLowerCase(Locale.ROOT);
      if (!ctes.contains(t)) out.add(t);
    }
    if (out.isEmpty()) throw new IllegalArgumentException("gold query names no table: " + sql);
    return out;
  }

  /** The last dotted part of a possibly qualified, possibly quoted name, without quotes. */
  static String lastPart(String qualified) {
    List<String> parts = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < qualified.length(); i++) {
      char c = qualified.charAt(i);
      if (c == '"' || c == '`') {
        quoted = !quoted;
      } else if (c == '.' && !quoted) {
        parts.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    parts.add(cur.toString());
    return parts.get(parts.size() - 1).strip();
  }

  /**
   * jsqlparser's finder leaves out WITH names it has seen before the reference; this one also
   * records every WITH name, so that a reference in an outer or earlier scope is left out as well.
   */
  private static final class CteAwareFinder extends TablesNamesFinder<Void> {
    final List<String> cteNames = new ArrayList<>();

    @Override
    public <S> Void visit(WithItem<?> withItem, S context) {
      if (withItem.getAlias() != null) cteNames.add(lastPart(withItem.getAlias().getName()));
      return super.visit(withItem, context);
    }
  }
}
