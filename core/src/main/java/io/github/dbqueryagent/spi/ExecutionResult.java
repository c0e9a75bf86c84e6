package io.github.dbqueryagent.spi;

import io.github.dbqueryagent.ResultColumn;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Rows returned by the {@link Executor}.
 *
 * <p>The default executor ({@link Executor#jdbc}) hands values over as {@code ResultSet.getObject}
 * returns them (for example {@code Integer}, {@code Long}, {@code BigDecimal}, {@code Double}, {@code
 * String}, {@code Boolean}, {@code UUID}, driver types such as PostgreSQL's {@code PGInterval} or
 * {@code PGobject}), with these changes, so that no value depends on the result set staying open or
 * loses what the database holds:
 *
 * <ul>
 *   <li>a {@code java.sql.Date}, {@code Time} or {@code Timestamp} is read again as its JDBC 4.2 value:
 *       {@code LocalDate}, {@code LocalTime}, {@code LocalDateTime}; for {@code TIMESTAMP WITH TIME
 *       ZONE} and {@code TIME WITH TIME ZONE} (PostgreSQL's {@code timestamptz} and {@code timetz}, which
 *       pgjdbc reports as {@code TIMESTAMP} and {@code TIME}) {@code OffsetDateTime} and {@code
 *       OffsetTime}, also when the driver returns a class of its own for them. PostgreSQL stores a {@code timestamptz} as an instant, and pgjdbc returns it at
 *       offset UTC. When the driver cannot convert a value (MariaDB's {@code TIME} beyond 24 hours) the
 *       {@code java.sql} value is kept. Drivers that return other classes (SQLite's text dates) are
 *       left alone;
 *   <li>a {@code Clob} becomes a {@code String}, a {@code Blob} a {@code byte[]};
 *   <li>a {@code java.sql.Array} becomes a {@code List} of its elements (nested arrays as nested lists,
 *       temporal elements as above, {@code timestamptz} elements at offset UTC); an array of a primitive
 *       type stays a primitive array.
 * </ul>
 *
 * @param columns the result columns in select-list order
 * @param rows rows in column order, values as described above (possibly null)
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
