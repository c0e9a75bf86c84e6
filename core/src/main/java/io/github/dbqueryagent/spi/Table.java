package io.github.dbqueryagent.spi;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A table or view with its columns and keys.
 *
 * @param name the table's identity
 * @param kind {@link Kind#TABLE} or {@link Kind#VIEW}
 * @param comment the table comment, or {@code ""}
 * @param columns columns in ordinal order, never empty for a table the database can read
 * @param primaryKey the primary-key column names in key order, empty when there is none
 * @param foreignKeys the foreign keys this table declares, possibly empty
 * @param rowEstimate the database's row estimate, or {@code -1} when unknown
 */
public record Table(
    TableName name,
    Kind kind,
    String comment,
    List<Column> columns,
    List<String> primaryKey,
    List<ForeignKey> foreignKeys,
    long rowEstimate) {

  /** Whether a relation is a base table or a view. */
  public enum Kind {
    /** A base table. */
    TABLE,
    /** A view or materialized view. */
    VIEW
  }

  /** Checks and copies the components. */
  public Table {
    Objects.requireNonNull(name, "name");
    kind = kind == null ? Kind.TABLE : kind;
    comment = comment == null ? "" : comment;
    columns = List.copyOf(Objects.requireNonNull(columns, "columns"));
    primaryKey = primaryKey == null ? List.of() : List.copyOf(primaryKey);
    foreignKeys = foreignKeys == null ? List.of() : List.copyOf(foreignKeys);
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
