package io.github.dbqueryagent.spi;

import java.util.List;
import java.util.Objects;

/**
 * A unique constraint (other than the primary key): no two rows share the values of {@code columns}.
 *
 * <p>Where a database only reports unique indexes (SQLite, {@code DatabaseMetaData}), each unique index
 * that is not the primary key's stands for a unique constraint. Immutable and thread-safe.
 *
 * @param name the constraint (or index) name, {@code ""} when the database does not name it
 * @param columns the constrained columns in key order, never empty
 */
public record UniqueKey(String name, List<String> columns) {

  /**
   * Checks and copies the components.
   *
   * @throws IllegalArgumentException when {@code columns} is empty
   */
  public UniqueKey {
    name = name == null ? "" : name;
    columns = List.copyOf(Objects.requireNonNull(columns, "columns"));
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("unique key " + name + " needs at least one column");
    }
  }
}
