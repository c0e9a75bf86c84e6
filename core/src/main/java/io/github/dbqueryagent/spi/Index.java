package io.github.dbqueryagent.spi;

import java.util.List;
import java.util.Objects;

/**
 * An index on a table, as the database reports it. Indexes tell a model and a retriever which columns
 * are cheap to filter and join on; they are never used to build SQL.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the index name, {@code ""} when the database does not name it
 * @param columns the indexed columns in index order, never empty; an expression in an expression
 *     index appears as the database renders it (for example {@code lower(email)})
 * @param unique whether the index enforces uniqueness
 */
public record Index(String name, List<String> columns, boolean unique) {

  /**
   * Checks and copies the components.
   *
   * @throws IllegalArgumentException when {@code columns} is empty
   */
  public Index {
    name = name == null ? "" : name;
    columns = List.copyOf(Objects.requireNonNull(columns, "columns"));
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("index " + name + " needs at least one column");
    }
  }
}
