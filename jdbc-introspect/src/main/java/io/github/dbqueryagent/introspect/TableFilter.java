package io.github.dbqueryagent.introspect;

import io.github.dbqueryagent.introspect.IntrospectionReport.DroppedForeignKey;
import io.github.dbqueryagent.introspect.IntrospectionReport.ExcludedTable;
import io.github.dbqueryagent.introspect.IntrospectionReport.FkReason;
import io.github.dbqueryagent.introspect.IntrospectionReport.Reason;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.ForeignKey;
import io.github.dbqueryagent.spi.ForeignKeyInference;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Applies include/exclude globs and the deprecated-table rule to a catalog, and infers foreign keys on
 * the result; immutable.
 */
final class TableFilter {
  static final List<String> DEFAULT_DEPRECATED = List.of("*_old", "*_bak", "*_backup", "tmp_*", "temp_*");

  /**
   * The result of {@link #apply}: the filtered catalog, the tables left out and the foreign keys dropped
   * because their target was left out (keys into tables not read at all are kept; {@link
   * IntrospectionReport#checked} reports them as dangling).
   */
  record Result(Catalog catalog, List<ExcludedTable> excluded, List<DroppedForeignKey> dropped) {}

  private record Glob(String text, Pattern pattern) {
    boolean matches(String s) {
      return pattern.matcher(s).matches();
    }
  }

  private final List<Glob> includes;
  private final List<Glob> excludes;
  private final List<Glob> deprecated;
  private final boolean deprecatedRule;

  TableFilter(List<String> includes, List<String> excludes, boolean deprecatedRule, List<String> extraDeprecated) {
    this.includes = globs(includes);
    this.excludes = globs(excludes);
    List<String> dep = new ArrayList<>(DEFAULT_DEPRECATED);
    dep.addAll(extraDeprecated);
    this.deprecated = globs(dep);
    this.deprecatedRule = deprecatedRule;
  }

  private static List<Glob> globs(List<String> texts) {
    List<Glob> out = new ArrayList<>();
    for (String t : texts) out.add(new Glob(t, compile(t)));
    return List.copyOf(out);
  }

  /** Compiles a glob ({@code *} any run, {@code ?} one character) to a case-insensitive pattern. */
  static Pattern compile(String glob) {
    StringBuilder re = new StringBuilder();
    StringBuilder lit = new StringBuilder();
    for (char ch : glob.toCharArray()) {
      if (ch == '*' || ch == '?') {
        if (lit.length() > 0) re.append(Pattern.quote(lit.toString()));
        lit.setLength(0);
        re.append(ch == '*' ? ".*" : ".");
      } else {
        lit.append(ch);
      }
    }
    if (lit.length() > 0) re.append(Pattern.quote(lit.toString()));
    return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
  }

  private static Glob first(List<Glob> globs, TableName t) {
    String qualified = t.schema().isEmpty() ? t.name() : t.schema() + "." + t.name();
    for (Glob g : globs) if (g.matches(qualified) || g.matches(t.name())) return g;
    return null;
  }

  private ExcludedTable exclusion(Table table) {
    TableName n = table.name();
    if (!includes.isEmpty() && first(includes, n) == null) {
      return new ExcludedTable(n, Reason.FILTER, "not included");
    }
    Glob ex = first(excludes, n);
    if (ex != null) return new ExcludedTable(n, Reason.FILTER, "excluded by " + ex.text());
    if (!deprecatedRule) return null;
    for (Glob g : deprecated) {
      if (g.matches(n.name())) return new ExcludedTable(n, Reason.DEPRECATED_NAME, g.text());
    }
    if (table.comment().toLowerCase(Locale.ROOT).contains("deprecated")) {
      return new ExcludedTable(n, Reason.DEPRECATED_COMMENT, table.comment());
    }
    return null;
  }

  Result apply(Catalog catalog) {
    List<ExcludedTable> excluded = new ArrayList<>();
    List<Table> kept = new ArrayList<>();
    Set<TableName> excludedNames = new HashSet<>();
    for (Table t : catalog.tables()) {
      ExcludedTable e = exclusion(t);
      if (e == null) {
        kept.add(t);
      } else {
        excluded.add(e);
        excludedNames.add(t.name());
      }
    }
    Map<TableName, TableName> byName = new HashMap<>();
    for (Table t : catalog.tables()) {
      byName.put(t.name(), t.name());
      byName.putIfAbsent(new TableName("", t.name().schema(), t.name().name()), t.name());
    }
    List<DroppedForeignKey> dropped = new ArrayList<>();
    List<Table> out = new ArrayList<>();
    for (Table t : kept) {
      List<ForeignKey> fks = new ArrayList<>();
      for (ForeignKey fk : t.foreignKeys()) {
        TableName target = resolve(byName, fk.referencedTable());
        if (target == null) {
          // a key into a schema that was not introspected (or a table the reader did not see): kept,
          // because the reference is real, and reported as dangling; joins only use keys between
          // catalog tables
          fks.add(fk);
        } else if (excludedNames.contains(target)) {
          dropped.add(new DroppedForeignKey(t.name(), fk, FkReason.TARGET_EXCLUDED));
        } else {
          fks.add(fk);
        }
      }
      out.add(fks.size() == t.foreignKeys().size() ? t
          : t.withForeignKeys(fks));
    }
    Catalog filtered = excluded.isEmpty() && dropped.isEmpty() ? catalog
        : catalog.withTables(out);
    return new Result(filtered, List.copyOf(excluded), List.copyOf(dropped));
  }

  /**
   * Adds the foreign keys {@link ForeignKeyInference} infers to a filtered catalog, except on columns
   * of a declared key that {@link #apply} dropped: the database said where those point, and the table
   * was left out on purpose, so guessing another target would be wrong.
   *
   * @return the catalog with inferred keys, or {@code filtered} itself when none was inferred
   */
  static Catalog inferForeignKeys(Catalog filtered, List<DroppedForeignKey> dropped) {
    Map<TableName, Set<String>> droppedColumns = new HashMap<>();
    for (DroppedForeignKey d : dropped) {
      droppedColumns.computeIfAbsent(d.table(), k -> new HashSet<>()).addAll(d.foreignKey().columns());
    }
    return ForeignKeyInference.apply(
        filtered, (table, column) -> droppedColumns.getOrDefault(table, Set.of()).contains(column));
  }

  private static TableName resolve(Map<TableName, TableName> byName, TableName ref) {
    TableName hit = byName.get(ref);
    if (hit == null) hit = byName.get(new TableName("", ref.schema(), ref.name()));
    return hit;
  }

  @Override
  public String toString() {
    return "TableFilter[includes=" + includes.stream().map(Glob::text).toList() + ", excludes="
        + excludes.stream().map(Glob::text).toList() + ", deprecatedRule=" + deprecatedRule + "]";
  }
}
