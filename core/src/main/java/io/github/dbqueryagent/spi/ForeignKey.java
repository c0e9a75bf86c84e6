package io.github.dbqueryagent.spi;

import java.util.List;
import java.util.Objects;

/**
 * A foreign key: {@code columns} of the owning table reference {@code referencedColumns} of {@code
 * referencedTable}, position by position. Composite keys have more than one column.
 *
 * @param name the constraint name, or {@code ""} when the database does not name it
 * @param columns the referencing columns in key order, never empty
 * @param referencedTable the referenced table
 * @param referencedColumns the referenced columns, same size as {@code columns}
 */
public record ForeignKey(
    String name, List<String> columns, TableName referencedTable, List<String> referencedColumns) {

  /** Checks and copies the components. */
  public ForeignKey {
    name = name == null ? "" : name;
    columns = List.copyOf(Objects.requireNonNull(columns, "columns"));
    Objects.requireNonNull(referencedTable, "referencedTable");
    referencedColumns = List.copyOf(Objects.requireNonNull(referencedColumns, "referencedColumns"));
    if (columns.isEmpty() || columns.size() != referencedColumns.size()) {
      throw new IllegalArgumentException(
          "foreign key " + name + " needs as many referenced columns as columns, at least one: "
              + columns + " -> " + referencedColumns);
    }
  }
}
