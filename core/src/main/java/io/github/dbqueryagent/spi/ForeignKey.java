package io.github.dbqueryagent.spi;

import java.util.List;
import java.util.Objects;

/**
 * A foreign key: {@code columns} of the owning table reference {@code referencedColumns} of {@code
 * referencedTable}, position by position. Composite keys have more than one column.
 *
 * <p>A key the database declares has {@code inferred == false} and confidence {@code 1.0}. A key
 * inferred from naming (see {@link ForeignKeyInference}) has {@code inferred == true} and a confidence
 * in {@code (0, 1)}: it is a likely join path, not a constraint the database enforces. Immutable and
 * thread-safe.
 *
 * @param name the constraint name, or {@code ""} when the database does not name it
 * @param columns the referencing columns in key order, never empty
 * @param referencedTable the referenced table
 * @param referencedColumns the referenced columns, same size as {@code columns}
 * @param inferred whether the key was inferred from names rather than declared
 * @param confidence how sure the inference is, in {@code (0, 1]}; {@code 1.0} for declared keys
 */
public record ForeignKey(
    String name,
    List<String> columns,
    TableName referencedTable,
    List<String> referencedColumns,
    boolean inferred,
    double confidence) {

  /**
   * Checks and copies the components.
   *
   * @throws IllegalArgumentException when the column lists are empty or differ in size, when a
   *     declared key has a confidence other than 1, or when the confidence is outside {@code (0, 1]}
   */
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
    if (!(confidence > 0 && confidence <= 1) || (!inferred && confidence != 1.0)) {
      throw new IllegalArgumentException(
          "foreign key " + name + ": confidence must be 1 for a declared key and in (0, 1] for an inferred one, was "
              + confidence);
    }
  }

  /** Creates a declared foreign key (confidence 1). */
  public ForeignKey(String name, List<String> columns, TableName referencedTable, List<String> referencedColumns) {
    this(name, columns, referencedTable, referencedColumns, false, 1.0);
  }

  /**
   * Creates a foreign key inferred from names.
   *
   * @param confidence in {@code (0, 1]}
   */
  public static ForeignKey inferred(
      String name, List<String> columns, TableName referencedTable, List<String> referencedColumns,
      double confidence) {
    return new ForeignKey(name, columns, referencedTable, referencedColumns, true, confidence);
  }
}
