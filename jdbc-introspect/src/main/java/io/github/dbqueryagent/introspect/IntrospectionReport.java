package io.github.dbqueryagent.introspect;

import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.ForeignKey;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a catalog read of a {@link DialectSchemaSource} left out, added and found suspicious: the
 * tables the filters removed and the foreign keys dropped with them, foreign keys into tables outside
 * the catalog, the foreign keys inferred from naming, tables without a primary key, and declared
 * foreign keys whose column types do not match the referenced columns. Produced on every read; see
 * {@link DialectSchemaSource#introspect()} and {@link DialectSchemaSource#lastReport()}.
 *
 * <p>{@link #check(Catalog)} computes the parts that a catalog alone shows (everything except the
 * excluded tables and dropped keys), for catalogs from other sources.
 *
 * <p>Immutable and thread-safe; the lists are unmodifiable, never null, possibly empty, in catalog
 * (table name) order and, within a table, in key or column order.
 *
 * @param excludedTables tables left out of the catalog, each with its reason
 * @param droppedForeignKeys foreign keys removed from the remaining tables because their referenced
 *     table was excluded (reason {@code TARGET_EXCLUDED})
 * @param danglingForeignKeys foreign keys kept in the catalog whose referenced table was not in the
 *     catalog as read (reason {@code TARGET_MISSING}): another schema than those introspected, or a
 *     table the database reports but the reader did not see
 * @param inferredForeignKeys foreign keys added by {@link io.github.dbqueryagent.spi.ForeignKeyInference}
 *     (each {@link ForeignKey#inferred()}, with its confidence); empty when inference is off
 * @param tablesWithoutPrimaryKey base tables (not views) that have no primary key: rows cannot be
 *     told apart by key, and nothing can be inferred to reference them by their primary key
 * @param foreignKeyTypeMismatches column pairs of declared foreign keys whose types are of different
 *     kinds (see {@link TypeMismatch})
 */
public record IntrospectionReport(
    List<ExcludedTable> excludedTables,
    List<DroppedForeignKey> droppedForeignKeys,
    List<DroppedForeignKey> danglingForeignKeys,
    List<InferredForeignKey> inferredForeignKeys,
    List<TableName> tablesWithoutPrimaryKey,
    List<TypeMismatch> foreignKeyTypeMismatches) {

  /** Copies the lists; throws {@link NullPointerException} naming the list when one is null. */
  public IntrospectionReport {
    excludedTables = List.copyOf(Objects.requireNonNull(excludedTables, "excludedTables"));
    droppedForeignKeys = List.copyOf(Objects.requireNonNull(droppedForeignKeys, "droppedForeignKeys"));
    danglingForeignKeys = List.copyOf(Objects.requireNonNull(danglingForeignKeys, "danglingForeignKeys"));
    inferredForeignKeys = List.copyOf(Objects.requireNonNull(inferredForeignKeys, "inferredForeignKeys"));
    tablesWithoutPrimaryKey =
        List.copyOf(Objects.requireNonNull(tablesWithoutPrimaryKey, "tablesWithoutPrimaryKey"));
    foreignKeyTypeMismatches =
        List.copyOf(Objects.requireNonNull(foreignKeyTypeMismatches, "foreignKeyTypeMismatches"));
  }

  /**
   * Returns the report of what a catalog alone shows: its foreign keys into tables it does not hold
   * (dangling), its inferred keys, its base tables without a primary key and its declared keys with
   * mismatched column types. Excluded tables and dropped keys are empty: only the read that filtered
   * the catalog knows them.
   *
   * @param catalog the catalog to check
   * @return the report, never null
   * @throws NullPointerException when {@code catalog} is null
   */
  public static IntrospectionReport check(Catalog catalog) {
    return checked(catalog, List.of(), List.of());
  }

  /**
   * The report of a filtered read: what the filter removed plus the checks of the final catalog (after
   * filtering, the keys whose target is not in the catalog are exactly those dangling in the catalog as
   * read, since keys to excluded tables were dropped).
   */
  static IntrospectionReport checked(
      Catalog catalog, List<ExcludedTable> excluded, List<DroppedForeignKey> dropped) {
    Objects.requireNonNull(catalog, "catalog");
    Map<TableName, Table> byName = new HashMap<>();
    for (Table t : catalog.tables()) {
      byName.put(t.name(), t);
      byName.putIfAbsent(new TableName("", t.name().schema(), t.name().name()), t);
    }
    List<DroppedForeignKey> dangling = new ArrayList<>();
    List<InferredForeignKey> inferred = new ArrayList<>();
    List<TableName> noPrimaryKey = new ArrayList<>();
    List<TypeMismatch> mismatches = new ArrayList<>();
    for (Table t : catalog.tables()) {
      if (t.kind() == Table.Kind.TABLE && t.primaryKey().isEmpty()) noPrimaryKey.add(t.name());
      for (ForeignKey fk : t.foreignKeys()) {
        if (fk.inferred()) {
          inferred.add(new InferredForeignKey(t.name(), fk));
          continue;
        }
        Table target = resolve(byName, fk.referencedTable());
        if (target == null) {
          dangling.add(new DroppedForeignKey(t.name(), fk, FkReason.TARGET_MISSING));
          continue;
        }
        for (int i = 0; i < fk.columns().size(); i++) {
          Optional<Column> from = t.column(fk.columns().get(i));
          Optional<Column> to = target.column(fk.referencedColumns().get(i));
          if (from.isPresent() && to.isPresent() && !compatible(from.get(), to.get())) {
            mismatches.add(new TypeMismatch(t.name(), fk, from.get().name(), from.get().typeName(),
                to.get().name(), to.get().typeName()));
          }
        }
      }
    }
    return new IntrospectionReport(excluded, dropped, dangling, inferred, noPrimaryKey, mismatches);
  }

  private static Table resolve(Map<TableName, Table> byName, TableName ref) {
    Table hit = byName.get(ref);
    return hit != null ? hit : byName.get(new TableName("", ref.schema(), ref.name()));
  }

  /**
   * Whether a referencing column's type fits the referenced one: the same type name (ignoring case),
   * the same {@code java.sql.Types} code, or both numbers, both text or both temporal. Columns
   * without a type name (SQLite allows them) always fit.
   */
  static boolean compatible(Column a, Column b) {
    if (a.typeName().isBlank() || b.typeName().isBlank()) return true;
    if (a.typeName().equalsIgnoreCase(b.typeName()) || a.jdbcType() == b.jdbcType()) return true;
    String fa = family(a);
    return fa != null && fa.equals(family(b));
  }

  private static String family(Column c) {
    if (c.isNumeric()) return "number";
    if (c.isTemporal()) return "temporal";
    if (c.isText()) return "text";
    return null;
  }

  /**
   * Returns the number of findings that point at something to look at: excluded tables, dropped and
   * dangling foreign keys, tables without a primary key and type mismatches. Inferred keys are not
   * counted: they are additions, listed for review.
   *
   * @return at least 0
   */
  public int anomalyCount() {
    return excludedTables.size() + droppedForeignKeys.size() + danglingForeignKeys.size()
        + tablesWithoutPrimaryKey.size() + foreignKeyTypeMismatches.size();
  }

  /** Why a table was left out. */
  public enum Reason {
    /** It did not match any {@code includeTables} glob, or it matched an {@code excludeTables} glob. */
    FILTER,
    /** Its name matched a deprecated-name pattern ({@code *_old}, {@code tmp_*}, ...). */
    DEPRECATED_NAME,
    /** Its comment contains "deprecated" (ignoring case). */
    DEPRECATED_COMMENT;

    /** Returns the lower-case name used in exports, for example {@code "deprecated_name"}. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Why a foreign key was dropped or reported. */
  public enum FkReason {
    /** Its referenced table was excluded by a filter or the deprecated rule. */
    TARGET_EXCLUDED,
    /** Its referenced table is not in the catalog as read. */
    TARGET_MISSING;

    /** Returns the lower-case name used in exports, for example {@code "target_missing"}. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A table left out of the catalog.
   *
   * @param table its name
   * @param reason why
   * @param detail the glob that matched, or the comment; never null
   */
  public record ExcludedTable(TableName table, Reason reason, String detail) {
    /** Checks the arguments; {@code detail} null becomes empty. */
    public ExcludedTable {
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(reason, "reason");
      detail = detail == null ? "" : detail;
    }
  }

  /**
   * A foreign key removed from a remaining table, or kept but pointing outside the catalog.
   *
   * @param table the table that declared it
   * @param foreignKey the foreign key as read
   * @param reason why it was dropped or reported
   */
  public record DroppedForeignKey(TableName table, ForeignKey foreignKey, FkReason reason) {
    /** Checks the arguments. */
    public DroppedForeignKey {
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(foreignKey, "foreignKey");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * A foreign key inferred from naming and added to a table.
   *
   * @param table the referencing table, which now carries the key
   * @param foreignKey the key, {@link ForeignKey#inferred()} with its {@link ForeignKey#confidence()}
   */
  public record InferredForeignKey(TableName table, ForeignKey foreignKey) {
    /** Checks the arguments. */
    public InferredForeignKey {
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(foreignKey, "foreignKey");
    }
  }

  /**
   * One column pair of a declared foreign key whose types are of different kinds (for example an
   * {@code INTEGER} column referencing a {@code VARCHAR} one): joins over it compare with implicit
   * casts, or fail. Types fit when they have the same name or {@code java.sql.Types} code, or are both
   * numbers, both text or both dates and times.
   *
   * @param table the table that declares the key
   * @param foreignKey the key
   * @param column the referencing column
   * @param columnType its type name
   * @param referencedColumn the referenced column
   * @param referencedType its type name
   */
  public record TypeMismatch(
      TableName table, ForeignKey foreignKey, String column, String columnType, String referencedColumn,
      String referencedType) {
    /** Checks the arguments; null type names become empty. */
    public TypeMismatch {
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(foreignKey, "foreignKey");
      Objects.requireNonNull(column, "column");
      Objects.requireNonNull(referencedColumn, "referencedColumn");
      columnType = columnType == null ? "" : columnType;
      referencedType = referencedType == null ? "" : referencedType;
    }
  }
}
