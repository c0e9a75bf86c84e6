package io.github.dbqueryagent;

import java.util.Objects;

/**
 * A column of a query result.
 *
 * @param name the column label as the database reports it ({@code ResultSetMetaData.getColumnLabel})
 * @param type the database type name ({@code ResultSetMetaData.getColumnTypeName}), or {@code ""}
 * @param jdbcType the {@link java.sql.Types} code
 */
public record ResultColumn(String name, String type, int jdbcType) {
  /** Checks the components. */
  public ResultColumn {
    Objects.requireNonNull(name, "name");
    type = type == null ? "" : type;
  }
}
