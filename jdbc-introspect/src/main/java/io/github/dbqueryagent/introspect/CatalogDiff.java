package io.github.dbqueryagent.introspect;

import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What changed between two catalogs: tables added and removed, and per table present in both the
 * columns added, removed and changed and whether its keys, comment or kind changed. Tables are matched
 * by {@link TableName} and columns by exact name; a rename therefore shows as a removal plus an
 * addition. Row estimates and sample values are not compared.
 *
 * @param oldFingerprint {@link Catalog#fingerprint()} of the catalog before
 * @param newFingerprint {@link Catalog#fingerprint()} of the catalog after
 * @param addedTables tables only in the new catalog, in the new catalog's order
 * @param removedTables tables only in the old catalog, in the old catalog's order
 * @param alteredTables tables in both whose structure differs, in the new catalog's order
 */
public record CatalogDiff(
    String oldFingerprint,
    String newFingerprint,
    List<TableName> addedTables,
    List<TableName> removedTables,
    List<TableChange> alteredTables) {

  /** Checks and copies the components. */
  public CatalogDiff {
    Objects.requireNonNull(oldFingerprint, "oldFingerprint");
    Objects.requireNonNull(newFingerprint, "newFingerprint");
    addedTables = List.copyOf(addedTables);
    removedTables = List.copyOf(removedTables);
    alteredTables = List.copyOf(alteredTables);
  }

  /**
   * Compares two catalogs.
   *
   * @param before the catalog read earlier
   * @param after the catalog read now
   * @return the differences, never null; {@link #isEmpty()} when the structures are equal
   * @throws NullPointerException when an argument is null
   */
  public static CatalogDiff between(Catalog before, Catalog after) {
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    Map<TableName, Table> old = new LinkedHashMap<>();
    for (Table t : before.tables()) old.put(t.name(), t);
    Map<TableName, Table> now = new LinkedHashMap<>();
    for (Table t : after.tables()) now.put(t.name(), t);
    List<TableName> added = new ArrayList<>();
    List<TableChange> altered = new ArrayList<>();
    for (Table t : after.tables()) {
      Table o = old.get(t.name());
      if (o == null) {
        added.add(t.name());
      } else {
        TableChange change = TableChange.between(o, t);
        if (!change.isEmpty()) altered.add(change);
      }
    }
    List<TableName> removed = new ArrayList<>();
    for (Table t : before.tables()) if (!now.containsKey(t.name())) removed.add(t.name());
    return new CatalogDiff(before.fingerprint(), after.fingerprint(), added, removed, altered);
  }

  /** Returns whether no table was added, removed or altered. */
  public boolean isEmpty() {
    return addedTables.isEmpty() && removedTables.isEmpty() && alteredTables.isEmpty();
  }

  /**
   * How one table present in both catalogs changed.
   *
   * @param table the table
   * @param addedColumns names of columns only in the new table, in column order
   * @param removedColumns names of columns only in the old table, in column order
   * @param changedColumns columns in both whose type, nullability or comment changed
   * @param primaryKeyChanged whether the primary-key columns differ
   * @param foreignKeysChanged whether the set of foreign keys differs
   * @param commentChanged whether the table comment differs
   * @param kindChanged whether the table became a view or the other way round
   */
  public record TableChange(
      TableName table,
      List<String> addedColumns,
      List<String> removedColumns,
      List<ColumnChange> changedColumns,
      boolean primaryKeyChanged,
      boolean foreignKeysChanged,
      boolean commentChanged,
      boolean kindChanged) {

    /** Checks and copies the components. */
    public TableChange {
      Objects.requireNonNull(table, "table");
      addedColumns = List.copyOf(addedColumns);
      removedColumns = List.copyOf(removedColumns);
      changedColumns = List.copyOf(changedColumns);
    }

    static TableChange between(Table before, Table after) {
      Map<String, Column> old = new LinkedHashMap<>();
      for (Column c : before.columns()) old.put(c.name(), c);
      Map<String, Column> now = new LinkedHashMap<>();
      for (Column c : after.columns()) now.put(c.name(), c);
      List<String> added = new ArrayList<>();
      List<ColumnChange> changed = new ArrayList<>();
      for (Column c : after.columns()) {
        Column o = old.get(c.name());
        if (o == null) added.add(c.name());
        else if (!sameStructure(o, c)) changed.add(new ColumnChange(o, c));
      }
      List<String> removed = new ArrayList<>();
      for (Column c : before.columns()) if (!now.containsKey(c.name())) removed.add(c.name());
      return new TableChange(after.name(), added, removed, changed,
          !before.primaryKey().equals(after.primaryKey()),
          !new HashSet<>(before.foreignKeys()).equals(new HashSet<>(after.foreignKeys())),
          !before.comment().equals(after.comment()),
          before.kind() != after.kind());
    }

    private static boolean sameStructure(Column a, Column b) {
      return a.typeName().equals(b.typeName()) && a.jdbcType() == b.jdbcType() && a.nullable() == b.nullable()
          && a.comment().equals(b.comment());
    }

    /** Returns whether nothing about the table changed. */
    public boolean isEmpty() {
      return addedColumns.isEmpty() && removedColumns.isEmpty() && changedColumns.isEmpty()
          && !primaryKeyChanged && !foreignKeysChanged && !commentChanged && !kindChanged;
    }
  }

  /**
   * A column whose type ({@link Column#typeName()} or {@link Column#jdbcType()}), nullability or comment
   * changed.
   *
   * @param before the column as read earlier
   * @param after the column as read now, same name
   */
  public record ColumnChange(Column before, Column after) {
    /** Checks the components. */
    public ColumnChange {
      Objects.requireNonNull(before, "before");
      Objects.requireNonNull(after, "after");
    }

    /** Returns the column's name. */
    public String name() {
      return after.name();
    }
  }
}
