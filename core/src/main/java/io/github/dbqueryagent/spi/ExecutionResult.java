package io.github.dbqueryagent.spi;

import io.github.dbqueryagent.ResultColumn;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Rows returned by the {@link Executor}.
 *
 * @param columns the result columns in select-list order
 * @param rows rows in column order, values as {@code ResultSet.getObject} returns them
 * @param truncated whether more rows existed than {@link ExecutionRequest#maxRows()}
 */
public record ExecutionResult(List<ResultColumn> columns, List<List<Object>> rows, boolean truncated) {
  /** Checks and copies the components (row values may be null). */
  public ExecutionResult {
    columns = List.copyOf(Objects.requireNonNull(columns, "columns"));
    List<List<Object>> copy = new ArrayList<>(rows.size());
    for (List<Object> r : rows) copy.add(Collections.unmodifiableList(new ArrayList<>(r)));
    rows = Collections.unmodifiableList(copy);
  }
}
