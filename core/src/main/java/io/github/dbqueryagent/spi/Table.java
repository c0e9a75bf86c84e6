package io.github.dbqueryagent.spi;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A table or view with its columns, keys and indexes.
 *
 * <p>Immutable and thread-safe; the lists are unmodifiable, never null.
 *
 * @param name the table's identity
 * @param kind {@link Kind#TABLE}, {@link Kind#VIEW} or {@link Kind#MATERIALIZED_VIEW}
 * @param comment the table comment, or {@code ""}
 * @param columns columns in ordinal order, never empty for a table the database can read
 * @param primaryKey the primary-key column names in key order, empty when there is none
 * @param foreignKeys the foreign keys of this table, declared and (when inference is on) inferred,
 *     possibly empty
 * @param rowEstimate the database's row estimate, or {@code -1} when unknown
 * @param uniqueKeys unique constraints other than the primary key, possibly empty
 * @param indexes the table's indexes (the primary key's included when the database reports it),
 *     possibly empty
 */
public record Table(
    TableName name,
    Kind kind,
    String comment,
    List<Column> columns,
    List<String> primaryKey,
    List<ForeignKey> foreignKeys,
    long rowEstimate,
    List<UniqueKey> uniqueKeys,
    List<Index> indexes) {

  /** What kind of relation a table is. */
  public enum Kind {
    /** A base table (partitioned tables included). */
    TABLE,
    /** A view. */
    VIEW,
    /** A materialized view (PostgreSQL, Oracle): a stored query result, refreshed explicitly. */
    MATERIALIZED_VIEW
  }

  /** Checks and copies the components. */
  public Table {
    Objects.requireNonNull(name, "name");
    kind = kind == null ? Kind.TABLE : kind;
    comment = comment == null ? "" : comment;
    columns = List.copyOf(Objects.requireNonNull(columns, "columns"));
    primaryKey = primaryKey == null ? List.of() : List.copyOf(primaryKey);
    foreignKeys = foreignKeys == null ? List.of() : List.copyOf(foreignKeys);
    uniqueKeys = uniqueKeys == null ? List.of() : List.copyOf(uniqueKeys);
    indexes = indexes == null ? List.of() : List.copyOf(indexes);
  }

  /** Creates a table without unique keys and indexes. */
  public Table(
      TableName name, Kind kind, String comment, List<Column> columns, List<String> primaryKey,
      List<ForeignKey> foreignKeys, long rowEstimate) {
    this(name, kind, comment, columns, primaryKey, foreignKeys, rowEstimate, List.of(), List.of());
  }

  /** Returns whether this is a view or materialized view. */
  public boolean isView() {
    return kind != Kind.TABLE;
  }

  /** Returns this table with other columns, everything else kept. */
  public Table withColumns(List<Column> newColumns) {
    return new Table(name, kind, comment, newColumns, primaryKey, foreignKeys, rowEstimate, uniqueKeys, indexes);
  }

  /** Returns this table with other foreign keys, everything else kept. */
  public Table withForeignKeys(List<ForeignKey> newForeignKeys) {
    return new Table(name, kind, comment, columns, primaryKey, newForeignKeys, rowEstimate, uniqueKeys, indexes);
  }

  /** Returns this table with another row estimate ({@code -1} for unknown), everything else kept. */
  public Table withRowEstimate(long newRowEstimate) {
    return new Table(name, kind, comment, columns, primaryKey, foreignKeys, newRowEstimate, uniqueKeys, indexes);
  }

  /** Returns the readable form of the table name for linking and display (see {@link Identifiers#readable}). */
  public String readableName() {
    return Identifiers.readable(name.name());
  }

  /**
   * Finds a column by name, exactly first and then ignoring case.
   *
   * @param columnName the name to look for
   * @return the column, or empty when the table has none of that name
   */
  public Optional<Column> column(String columnName) {
    Objects.requireNonNull(columnName, "columnName");
    for (Column c : columns) {
      if (c.name().equals(columnName)) return Optional.of(c);
    }
    String lower = columnName.toLowerCase(Locale.ROOT);
    for (Column c : columns) {
      if (c.name().toLowerCase(Locale.ROOT).equals(lower)) return Optional.of(c);
    }
    return Optional.empty();
  }
}
