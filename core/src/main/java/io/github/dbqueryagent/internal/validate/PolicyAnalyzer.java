package io.github.dbqueryagent.internal.validate;

import io.github.dbqueryagent.spi.AccessPolicy;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.TableName;
import io.github.dbqueryagent.spi.Violation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.LateralSubSelect;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.TableStatement;
import net.sf.jsqlparser.statement.select.WithItem;

/**
 * Resolves every table and column reference of a parsed query and checks it against an {@link
 * AccessPolicy}.
 *
 * <p>Queries are walked scope by scope: CTEs (visible to later CTEs and the query that declares them,
 * recursive ones to themselves), FROM items (base tables, derived tables, LATERAL subqueries, table
 * functions, parenthesised joins), then the select list, then every other clause. A column reference
 * resolves through the current query's FROM items and then outwards (correlated subqueries);
 * qualified references by alias, or by table name when the table has no alias; unqualified ones by
 * the catalog's columns, a reference several FROM items could satisfy counting as a read of each. A
 * bare FROM-item name used as a column (PostgreSQL's whole-row reference {@code row_to_json(c)}) reads
 * every column. {@code *} and {@code t.*} expand through the catalog and through derived tables'
 * select lists. Every read of a base column is checked; derived columns carry the base columns their
 * values come from, for masking.
 *
 * <p>Everything besides that structure (expressions, {@code WHERE}, {@code GROUP BY}, window
 * clauses, dialect-specific clauses) is walked generically through the parser's getters, so no
 * construct the parser understands escapes the check. Not thread-safe: one instance per statement.
 */
public final class PolicyAnalyzer {
  private static final int MAX_DEPTH = 400;
  private static final Set<String> SKIP_SELECT =
      Set.of("getWithItemsList", "getSelectBody", "getPlainSelect", "getSetOperationList", "getValues", "getSelect",
          "getAlias");
  private static final Set<String> SKIP_PLAIN =
      union(SKIP_SELECT, Set.of("getSelectItems", "getFromItem", "getJoins", "getIntoTables", "getIntoTempTable",
          "getMySqlSelectIntoClause"));
  private static final Set<String> SKIP_SET_OPERATION = union(SKIP_SELECT, Set.of("getSelects", "getOperations"));
  private static final Set<String> SKIP_JOIN = Set.of("getRightItem", "getFromItem");
  private static final Set<String> SKIP_TABLE = Set.of("getAlias", "getDatabase");
  private static final Set<String> SKIP_PARENTHESED_FROM = Set.of("getFromItem", "getJoins", "getAlias");
  private static final Set<String> SKIP_COLUMN = Set.of("getTable");

  /** Getters that lead up or sideways (parents, parser nodes, resolved copies), never to children. */
  private static final Set<String> NOT_CHILDREN =
      Set.of("getClass", "getParent", "getParents", "getASTNode", "getASTRoot", "getResolvedTable");

  private static final ClassValue<List<Method>> GETTERS =
      new ClassValue<>() {
        @Override
        protected List<Method> computeValue(Class<?> type) {
          List<Method> out = new ArrayList<>();
          for (Method m : type.getMethods()) {
            String n = m.getName();
            Class<?> r = m.getReturnType();
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !n.startsWith("get")
                || NOT_CHILDREN.contains(n) || r.isPrimitive() || r == String.class || r.isEnum() || Number.class.isAssignableFrom(r)
                || r == Boolean.class || r == Character.class) {
              continue;
            }
            out.add(m);
          }
          out.sort(Comparator.comparing(Method::getName));
          return List.copyOf(out);
        }
      };

  /** A column of a base table; {@code table} is null when the reference could not be placed. */
  record BaseColumn(TableName table, String column) {
    String display() {
      return table == null ? column : table + "." + column;
    }
  }

  /**
   * One output column of the main query.
   *
   * @param name the column's name: its alias, column name or expression text
   * @param sensitive whether its values come from a sensitive column (outside {@code COUNT})
   */
  public record Output(String name, boolean sensitive) {}

  /**
   * The main query's output columns.
   *
   * @param columns in select-list order
   * @param positional whether {@code columns} match the result's columns one to one (false when a
   *     {@code *} could not be expanded exactly, for example over a table outside the catalog or a
   *     {@code USING} join)
   */
  public record Outputs(List<Output> columns, boolean positional) {}

  private enum Read {
    DIRECT,
    STAR,
    WHOLE_TABLE,
    AMBIGUOUS,
    WHOLE_ROW,
    UNRESOLVED
  }

  private static final class Col {
    final String name;
    final Set<BaseColumn> values;

    Col(String name, Set<BaseColumn> values) {
      this.name = name;
      this.values = values;
    }
  }

  private static final class Relation {
    final List<Col> columns;
    final boolean complete;

    Relation(List<Col> columns, boolean complete) {
      this.columns = columns;
      this.complete = complete;
    }

    static Relation unknown() {
      return new Relation(List.of(), false);
    }

    Optional<Col> column(String name) {
      for (Col c : columns) {
        if (c.name.equalsIgnoreCase(name)) return Optional.of(c);
      }
      return Optional.empty();
    }

    Relation renamed(List<String> names) {
      if (names.isEmpty()) return this;
      List<Col> out = new ArrayList<>();
      for (int i = 0; i < columns.size(); i++) {
        out.add(new Col(i < names.size() ? names.get(i) : columns.get(i).name, columns.get(i).values));
      }
      for (int i = columns.size(); i < names.size(); i++) out.add(new Col(names.get(i), new LinkedHashSet<>()));
      return new Relation(out, complete && names.size() == columns.size());
    }
  }

  private static final class Source {
    final String alias;
    final String name;
    final String schema;
    final List<TableName> tables;
    final Relation relation;

    Source(String alias, String name, String schema, List<TableName> tables, Relation relation) {
      this.alias = alias;
      this.name = name;
      this.schema = schema;
      this.tables = tables;
      this.relation = relation;
    }

    boolean base() {
      return !tables.isEmpty();
    }

    boolean matches(String qualifierSchema, String qualifier) {
      if (alias != null) return qualifierSchema == null && alias.equalsIgnoreCase(qualifier);
      if (name == null || !name.equalsIgnoreCase(qualifier)) return false;
      if (qualifierSchema == null) return true;
      if (schema != null && schema.equalsIgnoreCase(qualifierSchema)) return true;
      for (TableName t : tables) {
        if (t.schema().equalsIgnoreCase(qualifierSchema) || t.catalog().equalsIgnoreCase(qualifierSchema)) return true;
      }
      return false;
    }

    boolean named(String word) {
      return word.equalsIgnoreCase(alias != null ? alias : name == null ? "" : name);
    }
  }

  private static final class Scope {
    final Scope outer;
    final String description;
    final Map<String, Relation> ctes = new HashMap<>();
    final List<Source> sources = new ArrayList<>();
    List<Col> outputs = List.of();
    boolean mergedJoinColumns;

    Scope(Scope outer, String description) {
      this.outer = outer;
      this.description = description;
    }
  }

  /** Where a reference sits and what to do with the values it reads. */
  private static final class Ctx {
    final Scope scope;
    final String clause;
    final Set<BaseColumn> sink;
    final boolean inCount;
    final boolean inExists;
    final boolean aliasFirst;

    Ctx(Scope scope, String clause, Set<BaseColumn> sink, boolean inCount, boolean inExists, boolean aliasFirst) {
      this.scope = scope;
      this.clause = clause;
      this.sink = sink;
      this.inCount = inCount;
      this.inExists = inExists;
      this.aliasFirst = aliasFirst;
    }

    Ctx counting() {
      return new Ctx(scope, clause, sink, true, false, aliasFirst);
    }

    Ctx exists() {
      return new Ctx(scope, clause, sink, inCount, true, aliasFirst);
    }

    Ctx plain() {
      return inExists ? new Ctx(scope, clause, sink, inCount, false, aliasFirst) : this;
    }

    void add(Collection<BaseColumn> values) {
      if (sink != null && !inCount) sink.addAll(values);
    }

    String where() {
      return " (in the " + clause + " of " + scope.description + ")";
    }
  }

  private final Catalog catalog;
  private final AccessPolicy policy;
  private final Set<Violation> violations = new LinkedHashSet<>();
  private int depth;
  /** Non-null while walking a query form that reads whole tables ({@code TABLE t}): their columns. */
  private List<Col> wholeTableColumns;

  private PolicyAnalyzer(Catalog catalog, AccessPolicy policy) {
    this.catalog = catalog;
    this.policy = policy;
  }

  /**
   * Checks a query against a policy.
   *
   * @param select the parsed query
   * @param catalog the full catalog, to place tables and expand {@code *}
   * @param policy the policy
   * @return the violations in the order found, without duplicates; empty when the query complies. A
   *     query too unusual to analyse yields one {@code syntax} violation, never an exception.
   */
  public static List<Violation> check(Select select, Catalog catalog, AccessPolicy policy) {
    PolicyAnalyzer analyzer = new PolicyAnalyzer(catalog, policy);
    try {
      analyzer.query(select, null, "the main query", true);
    } catch (RuntimeException e) {
      return List.of(new Violation("syntax", "cannot check the SQL against the access policy: "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
    }
    return List.copyOf(analyzer.violations);
  }

  /**
   * Resolves the output columns of SQL, for masking.
   *
   * @param sql the SQL that ran
   * @param dialect its dialect (SQL Server brackets)
   * @param catalog the full catalog
   * @param policy decides which base columns are sensitive
   * @return the main query's output columns, or empty when the SQL cannot be parsed or analysed
   */
  public static Optional<Outputs> outputs(String sql, Dialect dialect, Catalog catalog, AccessPolicy policy) {
    try {
      Statements statements =
          CCJSqlParserUtil.parseStatements(sql, parser -> parser.withSquareBracketQuotation(dialect == Dialect.SQLSERVER));
      List<Statement> list = new ArrayList<>(statements);
      list.removeIf(s -> s == null);
      if (list.size() != 1 || !(list.get(0) instanceof Select)) return Optional.empty();
      PolicyAnalyzer analyzer = new PolicyAnalyzer(catalog, policy);
      Relation r = analyzer.query((Select) list.get(0), null, "the main query", true);
      List<Output> out = new ArrayList<>();
      for (Col c : r.columns) out.add(new Output(c.name, analyzer.sensitive(c.values)));
      return Optional.of(new Outputs(out, r.complete));
    } catch (JSQLParserException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private boolean sensitive(Set<BaseColumn> values) {
    for (BaseColumn b : values) {
      if (b.table == null ? policy.isSensitiveName(b.column) : policy.isSensitive(b.table, b.column)) return true;
    }
    return false;
  }

  // ---- queries ----

  private Relation query(Select select, Scope outer, String description, boolean starReads) {
    enter();
    List<Col> savedWholeTables = wholeTableColumns;
    wholeTableColumns = null;
    try {
      Scope scope = new Scope(outer, description);
      withItems(select.getWithItemsList(), scope);
      Relation r;
      if (select instanceof PlainSelect) {
        r = plain((PlainSelect) select, scope, starReads);
      } else if (select instanceof SetOperationList) {
        r = setOperation((SetOperationList) select, scope, starReads);
      } else if (select instanceof ParenthesedSelect && ((ParenthesedSelect) select).getSelect() != null) {
        r = query(((ParenthesedSelect) select).getSelect(), scope, description, starReads);
        scope.outputs = r.columns;
        rest(select, scope, SKIP_SELECT, null);
      } else {
        // TABLE t, PIVOT queries and other forms: every table they name is read whole
        List<Col> columns = new ArrayList<>();
        wholeTableColumns = columns;
        boolean table = select instanceof TableStatement;
        rest(select, scope, SKIP_SELECT, table ? "TABLE statement" : "query");
        r = new Relation(columns, table && !columns.isEmpty());
      }
      return r;
    } finally {
      wholeTableColumns = savedWholeTables;
      depth--;
    }
  }

  private void withItems(List<WithItem<?>> items, Scope scope) {
    if (items == null) return;
    for (WithItem<?> w : items) {
      String name = unquote(w.getAliasName() == null ? "" : w.getAliasName());
      Object body = w.getStatement();
      String description = "the CTE '" + name + "'";
      if (!(body instanceof Select)) {
        walk(body, new Ctx(new Scope(scope, description), "body", null, false, false, false));
        continue;
      }
      List<String> names = new ArrayList<>();
      if (w.getWithItemList() != null) {
        for (SelectItem<?> item : w.getWithItemList()) names.add(unquote(item.toString()));
      }
      String key = name.toLowerCase(Locale.ROOT);
      if (w.isRecursive()) {
        List<Col> placeholder = new ArrayList<>();
        for (String n : names) placeholder.add(new Col(n, new LinkedHashSet<>()));
        scope.ctes.put(key, new Relation(placeholder, !names.isEmpty()));
        Relation first = query((Select) body, scope, description, true).renamed(names);
        scope.ctes.put(key, first);
      }
      scope.ctes.put(key, query((Select) body, scope, description, true).renamed(names));
    }
  }

  private Relation setOperation(SetOperationList set, Scope scope, boolean starReads) {
    List<Select> selects = set.getSelects() == null ? List.of() : set.getSelects();
    List<Relation> branches = new ArrayList<>();
    for (int i = 0; i < selects.size(); i++) {
      String op = set.getOperations() == null || set.getOperations().isEmpty() ? "set operation"
          : String.valueOf(set.getOperations().get(Math.max(0, i - 1))).strip();
      String where = scope.description.equals("the main query") ? "" : " in " + scope.description;
      branches.add(query(selects.get(i), scope, "branch " + (i + 1) + " of the " + op + where, starReads));
    }
    List<Col> merged = new ArrayList<>();
    boolean complete = !branches.isEmpty();
    int width = branches.isEmpty() ? 0 : branches.get(0).columns.size();
    for (Relation b : branches) complete &= b.complete && b.columns.size() == width;
    for (int i = 0; i < width; i++) {
      Set<BaseColumn> values = new LinkedHashSet<>();
      for (Relation b : branches) {
        if (i < b.columns.size()) values.addAll(b.columns.get(i).values);
      }
      merged.add(new Col(branches.get(0).columns.get(i).name, values));
    }
    scope.outputs = merged;
    rest(set, scope, SKIP_SET_OPERATION, null);
    return new Relation(merged, complete);
  }

  private Relation plain(PlainSelect select, Scope scope, boolean starReads) {
    if (select.getFromItem() != null) addSource(select.getFromItem(), scope, "FROM clause");
    List<Join> joins = select.getJoins() == null ? List.of() : select.getJoins();
    for (Join j : joins) join(j, scope);
    for (Join j : joins) rest(j, scope, SKIP_JOIN, null);

    List<Col> outputs = new ArrayList<>();
    boolean complete = true;
    for (SelectItem<?> item : select.getSelectItems() == null ? List.<SelectItem<?>>of() : select.getSelectItems()) {
      Object e = item.getExpression();
      Ctx ctx = new Ctx(scope, "select list", new LinkedHashSet<>(), false, false, false);
      if (e instanceof AllTableColumns) {
        List<Source> matched = qualified(((AllTableColumns) e).getTable(), scope);
        if (matched.isEmpty()) {
          complete = false;
          unresolvedStar(((AllTableColumns) e).getTable(), ctx);
        }
        for (Source s : matched) {
          complete &= s.relation.complete && !scope.mergedJoinColumns;
          expand(s, ctx, e + "", starReads, outputs);
        }
        walkChildren(e, ctx, newSeen(), Set.of("getTable"));
      } else if (e instanceof AllColumns) {
        for (Source s : scope.sources) {
          complete &= s.relation.complete && !scope.mergedJoinColumns;
          expand(s, ctx, "*", starReads, outputs);
        }
        walkChildren(e, ctx, newSeen(), Set.of());
      } else {
        walk(e, ctx);
        outputs.add(new Col(outputName(item), ctx.sink));
      }
    }
    scope.outputs = outputs;
    rest(select, scope, SKIP_PLAIN, null);
    return new Relation(outputs, complete);
  }

  private void join(Join j, Scope scope) {
    Set<String> left = new LinkedHashSet<>();
    for (Source s : scope.sources) {
      for (Col c : s.relation.columns) left.add(c.name.toLowerCase(Locale.ROOT));
    }
    int before = scope.sources.size();
    if (j.getRightItem() != null) addSource(j.getRightItem(), scope, j.isSimple() ? "FROM clause" : "JOIN clause");
    if (j.getUsingColumns() != null && !j.getUsingColumns().isEmpty()) scope.mergedJoinColumns = true;
    if (j.isNatural()) {
      scope.mergedJoinColumns = true;
      Ctx ctx = new Ctx(scope, "NATURAL JOIN", null, false, false, false);
      for (Source right : scope.sources.subList(before, scope.sources.size())) {
        for (Col c : right.relation.columns) {
          if (!left.contains(c.name.toLowerCase(Locale.ROOT))) continue;
          for (Source s : scope.sources) {
            s.relation.column(c.name).ifPresent(col -> readColumn(s, col.name, ctx, Read.DIRECT, c.name));
          }
        }
      }
    }
  }

  private void expand(Source s, Ctx ctx, String star, boolean starReads, List<Col> outputs) {
    if (starReads && s.base() && !s.relation.complete && catalog.tables().isEmpty() && hasColumnRules()) {
      for (TableName t : s.tables) {
        add(columnRule(), "'" + star + "' cannot be expanded over table '" + t
            + "', which is not in the catalog, and the access policy restricts columns" + ctx.where()
            + ": list the columns you need instead");
      }
    }
    for (Col c : s.relation.columns) {
      if (starReads && s.base()) {
        for (BaseColumn b : c.values) check(b, ctx, Read.STAR, star);
      }
      outputs.add(new Col(c.name, new LinkedHashSet<>(c.values)));
    }
  }

  private void unresolvedStar(Table qualifier, Ctx ctx) {
    if (qualifier == null || qualifier.getName() == null) return;
    String name = unquote(qualifier.getName());
    List<io.github.dbqueryagent.spi.Table> tables = catalog.tablesNamed(name);
    for (io.github.dbqueryagent.spi.Table t : tables) {
      for (io.github.dbqueryagent.spi.Column c : t.columns()) check(new BaseColumn(t.name(), c.name()), ctx, Read.STAR, name + ".*");
    }
  }

  // ---- FROM items ----

  private void addSource(FromItem item, Scope scope, String clause) {
    Alias alias = item.getAlias();
    String aliasName = alias == null || alias.getName() == null ? null : unquote(alias.getName());
    List<String> aliasColumns = new ArrayList<>();
    if (alias != null && alias.getAliasColumns() != null) {
      for (Alias.AliasColumn c : alias.getAliasColumns()) aliasColumns.add(unquote(c.name));
    }
    if (item instanceof Table) {
      Table t = (Table) item;
      String name = unquote(t.getName() == null ? "" : t.getName());
      String schema = t.getSchemaName() == null ? null : unquote(t.getSchemaName());
      Ctx ctx = new Ctx(scope, clause, null, false, false, false);
      Relation cte = schema == null ? cte(scope, name) : null;
      if (cte != null) {
        scope.sources.add(new Source(aliasName, name, null, List.of(), cte.renamed(aliasColumns)));
      } else {
        List<io.github.dbqueryagent.spi.Table> candidates = candidates(t);
        List<TableName> names = new ArrayList<>();
        for (io.github.dbqueryagent.spi.Table c : candidates) names.add(c.name());
        if (names.isEmpty()) names.add(synthetic(t));
        checkTable(t, names, ctx);
        scope.sources.add(new Source(aliasName, name, schema, names, baseRelation(candidates).renamed(aliasColumns)));
      }
      rest(t, scope, SKIP_TABLE, clause);
    } else if (item instanceof ParenthesedSelect) {
      String description = item instanceof LateralSubSelect ? "the LATERAL subquery" + (aliasName == null ? "" : " '" + aliasName + "'")
          : aliasName == null ? "a derived table" : "the derived table '" + aliasName + "'";
      Relation r = query((ParenthesedSelect) item, scope, description, true);
      scope.sources.add(new Source(aliasName, null, null, List.of(), r.renamed(aliasColumns)));
    } else if (item instanceof ParenthesedFromItem) {
      ParenthesedFromItem p = (ParenthesedFromItem) item;
      if (p.getFromItem() != null) addSource(p.getFromItem(), scope, clause);
      List<Join> joins = p.getJoins() == null ? List.of() : p.getJoins();
      for (Join j : joins) join(j, scope);
      for (Join j : joins) rest(j, scope, SKIP_JOIN, null);
      rest(p, scope, SKIP_PARENTHESED_FROM, clause);
    } else {
      rest(item, scope, Set.of("getAlias"), clause);
      scope.sources.add(new Source(aliasName, null, null, List.of(), Relation.unknown().renamed(aliasColumns)));
    }
  }

  private static Relation cte(Scope scope, String name) {
    String key = name.toLowerCase(Locale.ROOT);
    for (Scope s = scope; s != null; s = s.outer) {
      Relation r = s.ctes.get(key);
      if (r != null) return r;
    }
    return null;
  }

  private List<io.github.dbqueryagent.spi.Table> candidates(Table t) {
    String name = unquote(t.getName() == null ? "" : t.getName());
    if (name.isEmpty()) return List.of();
    String schema = t.getSchemaName() == null ? null : unquote(t.getSchemaName());
    List<io.github.dbqueryagent.spi.Table> out = new ArrayList<>();
    for (io.github.dbqueryagent.spi.Table c : catalog.tablesNamed(name)) {
      if (schema == null || c.name().schema().equalsIgnoreCase(schema) || c.name().catalog().equalsIgnoreCase(schema)) {
        out.add(c);
      }
    }
    return out;
  }

  private static TableName synthetic(Table t) {
    String name = unquote(t.getName() == null || t.getName().isEmpty() ? "?" : t.getName());
    String schema = t.getSchemaName() == null ? "" : unquote(t.getSchemaName());
    String db = t.getDatabaseName() == null ? "" : unquote(t.getDatabaseName());
    return new TableName(db, schema, name);
  }

  private static Relation baseRelation(List<io.github.dbqueryagent.spi.Table> candidates) {
    Map<String, Col> columns = new LinkedHashMap<>();
    for (io.github.dbqueryagent.spi.Table t : candidates) {
      for (io.github.dbqueryagent.spi.Column c : t.columns()) {
        columns.computeIfAbsent(c.name().toLowerCase(Locale.ROOT), k -> new Col(c.name(), new LinkedHashSet<>()))
            .values.add(new BaseColumn(t.name(), c.name()));
      }
    }
    return new Relation(new ArrayList<>(columns.values()), !candidates.isEmpty() && candidates.size() == 1);
  }

  private void checkTable(Table ref, List<TableName> targets, Ctx ctx) {
    String written = unquote(ref.getFullyQualifiedName());
    for (TableName t : targets) {
      String subject = targets.size() > 1 ? "table reference '" + written + "' may refer to " : "";
      String advice = targets.size() > 1 ? ": qualify it with its schema" : "";
      if (policy.isTableBlocked(t)) {
        add("table-blocked", subject.isEmpty()
            ? "table '" + t + "' is blocked by the access policy" + ctx.where()
            : subject + "blocked table '" + t + "'" + ctx.where() + advice);
      } else if (!policy.isTableAllowed(t)) {
        add("table-not-allowed", subject.isEmpty()
            ? "table '" + t + "' is not on the access policy's allow-list" + ctx.where()
            : subject + "table '" + t + "', which is not on the access policy's allow-list" + ctx.where() + advice);
      }
    }
  }

  // ---- column references ----

  private List<Source> qualified(Table qualifier, Scope scope) {
    if (qualifier == null || qualifier.getName() == null) return List.of();
    String name = unquote(qualifier.getName());
    String schema = qualifier.getSchemaName() == null ? null : unquote(qualifier.getSchemaName());
    for (Scope s = scope; s != null; s = s.outer) {
      List<Source> found = new ArrayList<>();
      for (Source src : s.sources) {
        if (src.matches(schema, name)) found.add(src);
      }
      if (!found.isEmpty()) return found;
    }
    return List.of();
  }

  private void column(Column c, Ctx ctx) {
    String col = unquote(c.getColumnName() == null ? "" : c.getColumnName());
    if (col.isEmpty()) return;
    String written = unquote(c.getFullyQualifiedName());
    Table q = c.getTable();
    if (q != null && q.getName() != null && !q.getName().isEmpty()) {
      List<Source> matched = qualified(q, ctx.scope);
      if (matched.isEmpty()) {
        unresolved(col, written, ctx);
      }
      for (Source s : matched) readColumn(s, col, ctx, Read.DIRECT, written);
      return;
    }
    if (ctx.aliasFirst && output(ctx.scope, col, ctx)) return;
    boolean placed = false; // read from FROM items whose columns are unknown; outer queries may still have it
    for (Scope s = ctx.scope; s != null; s = s.outer) {
      List<Source> known = new ArrayList<>();
      List<Source> open = new ArrayList<>();
      for (Source src : s.sources) {
        if (src.relation.column(col).isPresent()) {
          known.add(src);
        } else if (!src.relation.complete) {
          open.add(src);
        }
      }
      if (!known.isEmpty()) {
        Read how = known.size() > 1 || placed ? Read.AMBIGUOUS : Read.DIRECT;
        for (Source src : known) readColumn(src, col, ctx, how, written);
        return;
      }
      if (!open.isEmpty()) {
        for (Source src : open) readColumn(src, col, ctx, open.size() > 1 || placed ? Read.AMBIGUOUS : Read.DIRECT, written);
        placed = true;
        continue;
      }
      if (placed) continue;
      for (Source src : s.sources) {
        if (src.named(col)) {
          expandRow(src, ctx, written);
          return;
        }
      }
    }
    if (placed || output(ctx.scope, col, ctx)) return;
    unresolved(col, written, ctx);
  }

  private void expandRow(Source src, Ctx ctx, String written) {
    for (Col c : src.relation.columns) {
      if (src.base()) {
        for (BaseColumn b : c.values) check(b, ctx, Read.WHOLE_ROW, written);
      }
      ctx.add(c.values);
    }
    if (src.base() && !src.relation.complete && catalog.tables().isEmpty() && hasColumnRules()) {
      add(columnRule(), "the whole-row reference '" + written + "' reads a table outside the catalog, and the access"
          + " policy restricts columns" + ctx.where());
    }
  }

  private boolean output(Scope scope, String col, Ctx ctx) {
    for (Col c : scope.outputs) {
      if (c.name.equalsIgnoreCase(col)) {
        ctx.add(c.values);
        return true;
      }
    }
    return false;
  }

  private void readColumn(Source src, String col, Ctx ctx, Read how, String written) {
    Optional<Col> found = src.relation.column(col);
    if (src.base()) {
      Set<BaseColumn> values = new LinkedHashSet<>();
      if (found.isPresent()) {
        values.addAll(found.get().values);
      } else {
        for (TableName t : src.tables) values.add(new BaseColumn(t, col));
      }
      for (BaseColumn b : values) check(b, ctx, how, written);
      ctx.add(values);
    } else if (found.isPresent()) {
      ctx.add(found.get().values);
    } else {
      ctx.add(List.of(new BaseColumn(null, col)));
    }
  }

  private void unresolved(String col, String written, Ctx ctx) {
    check(new BaseColumn(null, col), ctx, Read.UNRESOLVED, written);
    ctx.add(List.of(new BaseColumn(null, col)));
  }

  private void check(BaseColumn b, Ctx ctx, Read how, String written) {
    boolean blocked;
    boolean sensitive;
    if (b.table == null) {
      blocked = policy.isColumnNameBlocked(b.column);
      sensitive = policy.sensitiveColumnMode() == AccessPolicy.SensitiveColumnMode.BLOCK && policy.isSensitiveName(b.column);
    } else {
      blocked = policy.isColumnBlocked(b.table, b.column);
      sensitive = policy.sensitiveColumnMode() == AccessPolicy.SensitiveColumnMode.BLOCK && policy.isSensitive(b.table, b.column);
    }
    if (!blocked && !sensitive) return;
    String rule = blocked ? "column-blocked" : "sensitive-column";
    String kind = blocked ? "blocked column" : "sensitive column";
    String column = "'" + b.display() + "'";
    switch (how) {
      case STAR:
        add(rule, "'" + written + "' expands to " + kind + " " + column + ctx.where() + ": list the columns you need instead");
        break;
      case AMBIGUOUS:
        add(rule, "column reference '" + written + "' may read " + kind + " " + column + ctx.where()
            + ": qualify it with its table");
        break;
      case WHOLE_ROW:
        add(rule, "the whole-row reference '" + written + "' includes " + kind + " " + column + ctx.where());
        break;
      case WHOLE_TABLE:
        add(rule, "reading all of table '" + written + "' includes " + kind + " " + column + ctx.where()
            + ": select the columns you need instead");
        break;
      case UNRESOLVED:
        add(rule, "column reference '" + written + "' cannot be placed in a table of the query and may read "
            + kind + " " + column + ctx.where());
        break;
      default:
        add(rule, blocked
            ? "column " + column + " is blocked by the access policy" + ctx.where()
            : "column " + column + " holds sensitive data, which the access policy does not let queries read" + ctx.where());
    }
  }

  private boolean hasColumnRules() {
    return !policy.blockedColumns().isEmpty()
        || (policy.sensitiveColumnMode() == AccessPolicy.SensitiveColumnMode.BLOCK
            && (policy.sensitiveColumnDetection() || !policy.sensitiveColumns().isEmpty()));
  }

  private String columnRule() {
    return policy.blockedColumns().isEmpty() ? "sensitive-column" : "column-blocked";
  }

  private void add(String rule, String message) {
    violations.add(new Violation(rule, message));
  }

  // ---- generic walk ----

  /** Walks the getters of a node not handled structurally; {@code clause} null names each by its getter. */
  private void rest(Object node, Scope scope, Set<String> skip, String clause) {
    Set<Object> seen = newSeen();
    seen.add(node);
    for (Method m : GETTERS.get(node.getClass())) {
      if (skip.contains(m.getName())) continue;
      Object value = invoke(m, node);
      if (value == null) continue;
      String c = clause != null ? clause : clause(m.getName());
      walk(value, new Ctx(scope, c, null, false, false, m.getName().equals("getOrderByElements")), seen);
    }
  }

  private void walk(Object node, Ctx ctx) {
    walk(node, ctx, newSeen());
  }

  private void walk(Object node, Ctx ctx, Set<Object> seen) {
    if (node == null) return;
    if (node instanceof Collection) {
      for (Object o : (Collection<?>) node) walk(o, ctx, seen);
      return;
    }
    if (node instanceof Map) {
      for (Object o : ((Map<?, ?>) node).values()) walk(o, ctx, seen);
      return;
    }
    if (node instanceof Object[]) {
      for (Object o : (Object[]) node) walk(o, ctx, seen);
      return;
    }
    String type = node.getClass().getName();
    if (!type.startsWith("net.sf.jsqlparser.") || type.startsWith("net.sf.jsqlparser.parser.")) return;
    if (!seen.add(node)) return;
    enter();
    try {
      if (node instanceof Column) {
        column((Column) node, ctx.plain());
        walkChildren(node, ctx.plain(), seen, SKIP_COLUMN);
      } else if (node instanceof AllTableColumns) {
        if (!ctx.inCount) {
          List<Source> matched = qualified(((AllTableColumns) node).getTable(), ctx.scope);
          if (matched.isEmpty()) unresolvedStar(((AllTableColumns) node).getTable(), ctx);
          for (Source s : matched) expandRow(s, ctx, node.toString());
        }
      } else if (node instanceof AllColumns) {
        if (!ctx.inCount) {
          for (Source s : ctx.scope.sources) expandRow(s, ctx, "*");
        }
        walkChildren(node, ctx, seen, Set.of());
      } else if (node instanceof Select) {
        boolean exists = ctx.inExists;
        Relation r = query((Select) node, ctx.scope, exists ? "an EXISTS subquery" : "a subquery", !exists);
        if (!exists) {
          for (Col c : r.columns) ctx.add(c.values);
        }
      } else if (node instanceof ExistsExpression) {
        walk(((ExistsExpression) node).getRightExpression(), ctx.exists(), seen);
      } else if (node instanceof Function) {
        Function f = (Function) node;
        function(f.getName(), ctx);
        walkChildren(node, isCount(f.getName()) ? ctx.counting() : ctx.plain(), seen, Set.of());
      } else if (node instanceof AnalyticExpression) {
        AnalyticExpression a = (AnalyticExpression) node;
        function(a.getName(), ctx);
        walkChildren(node, isCount(a.getName()) ? ctx.counting() : ctx.plain(), seen, Set.of());
      } else if (node instanceof Table) {
        Table t = (Table) node;
        if (t.getName() != null && !t.getName().isEmpty()) {
          List<io.github.dbqueryagent.spi.Table> candidates = candidates(t);
          List<TableName> names = new ArrayList<>();
          for (io.github.dbqueryagent.spi.Table c : candidates) names.add(c.name());
          if (names.isEmpty()) names.add(synthetic(t));
          checkTable(t, names, ctx);
          if (wholeTableColumns != null) {
            for (Col c : baseRelation(candidates).columns) {
              for (BaseColumn b : c.values) check(b, ctx, Read.WHOLE_TABLE, unquote(t.getFullyQualifiedName()));
              wholeTableColumns.add(c);
            }
          }
        }
        walkChildren(node, ctx.plain(), seen, SKIP_TABLE);
      } else {
        walkChildren(node, ctx.plain(), seen, Set.of());
      }
    } finally {
      depth--;
    }
  }

  private void walkChildren(Object node, Ctx ctx, Set<Object> seen, Set<String> skip) {
    for (Method m : GETTERS.get(node.getClass())) {
      if (skip.contains(m.getName())) continue;
      Object value = invoke(m, node);
      if (value != null) walk(value, ctx, seen);
    }
  }

  private static Object invoke(Method m, Object node) {
    try {
      return m.invoke(node);
    } catch (IllegalAccessException | InvocationTargetException e) {
      return null; // typed views such as Select.getPlainSelect() throw ClassCastException on other shapes
    }
  }

  private void function(String name, Ctx ctx) {
    if (name == null || name.isBlank()) return;
    if (!policy.permitsFunction(name)) {
      add("function-not-allowed", "function " + name + "() is not on the access policy's function allow-list" + ctx.where());
    }
  }

  private static boolean isCount(String name) {
    return name != null && name.equalsIgnoreCase("count");
  }

  private void enter() {
    if (++depth > MAX_DEPTH) {
      depth = 0;
      throw new IllegalStateException("the SQL is nested too deeply to check (more than " + MAX_DEPTH + " levels)");
    }
  }

  private static Set<Object> newSeen() {
    return Collections.newSetFromMap(new IdentityHashMap<>());
  }

  private static String outputName(SelectItem<?> item) {
    if (item.getAlias() != null && item.getAlias().getName() != null) return unquote(item.getAlias().getName());
    Object e = item.getExpression();
    if (e instanceof Column) return unquote(((Column) e).getColumnName());
    return String.valueOf(e);
  }

  private static String clause(String getter) {
    switch (getter) {
      case "getWhere":
        return "WHERE clause";
      case "getGroupBy":
        return "GROUP BY clause";
      case "getHaving":
        return "HAVING clause";
      case "getOrderByElements":
        return "ORDER BY clause";
      case "getQualify":
        return "QUALIFY clause";
      case "getWindowDefinitions":
        return "WINDOW clause";
      case "getDistinct":
        return "DISTINCT ON clause";
      case "getLimit":
      case "getOffset":
      case "getFetch":
      case "getTop":
      case "getFirst":
      case "getSkip":
        return "row limit";
      case "getOracleHierarchical":
        return "CONNECT BY clause";
      case "getOnExpression":
      case "getOnExpressions":
        return "JOIN condition";
      case "getUsingColumns":
        return "JOIN USING list";
      default:
        String words = getter.substring(3).replaceAll("([a-z])([A-Z])", "$1 $2").toUpperCase(Locale.ROOT);
        return words + " clause";
    }
  }

  static String unquote(String name) {
    return JsqlparserValidator.unquote(name);
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> out = new LinkedHashSet<>(a);
    out.addAll(b);
    return Set.copyOf(out);
  }
}
