package io.github.dbqueryagent.spi;

import java.sql.Types;
import java.util.List;
import java.util.Objects;

/**
 * A column of a table or view as introspected.
 *
 * @param name the name exactly as the database reports it
 * @param typeName the database type name, for example {@code VARCHAR} or {@code int4}
 * @param jdbcType the {@link java.sql.Types} code
 * @param nullable whether the column accepts {@code NULL}
 * @param comment the column comment, or {@code ""}
 * @param sampleValues distinct sample values for low-cardinality text columns (empty unless sampling
 *     is enabled), never null
 */
public record Column(
    String name, String typeName, int jdbcType, boolean nullable, String comment, List<String> sampleValues) {

  /** Checks and copies the components. */
  public Column {
    Objects.requireNonNull(name, "name");
    typeName = typeName == null ? "" : typeName;
    comment = comment == null ? "" : comment;
    sampleValues = sampleValues == null ? List.of() : List.copyOf(sampleValues);
  }

  /** Creates a nullable column without comment. */
  public static Column of(String name, String typeName, int jdbcType) {
    return new Column(name, typeName, jdbcType, true, "", List.of());
  }

  /** Returns whether values are numbers (integer, decimal or floating point); dates never are. */
  public boolean isNumeric() {
    String lowerType = typeName.toLowerCase(java.util.Locale.ROOT);
    if (lowerType.contains("date") || lowerType.contains("time")) return false;
    switch (jdbcType) {
      case Types.TINYINT:
      case Types.SMALLINT:
      case Types.INTEGER:
      case Types.BIGINT:
      case Types.DECIMAL:
      case Types.NUMERIC:
      case Types.REAL:
      case Types.FLOAT:
      case Types.DOUBLE:
        return true;
      default:
        String t = typeName.toLowerCase(java.util.Locale.ROOT);
        return jdbcType == Types.OTHER
            && (t.startsWith("int") || t.startsWith("numeric") || t.startsWith("decimal")
                || t.startsWith("float") || t.startsWith("double") || t.equals("real"));
    }
  }

  /** Returns whether values are character strings. */
  public boolean isText() {
    switch (jdbcType) {
      case Types.CHAR:
      case Types.VARCHAR:
      case Types.LONGVARCHAR:
      case Types.NCHAR:
      case Types.NVARCHAR:
      case Types.LONGNVARCHAR:
      case Types.CLOB:
      case Types.NCLOB:
        return true;
      default:
        String t = typeName.toLowerCase(java.util.Locale.ROOT);
        return t.contains("char") || t.contains("text") || t.equals("string");
    }
  }

  /** Returns whether values are dates, times or timestamps. */
  public boolean isTemporal() {
    switch (jdbcType) {
      case Types.DATE:
      case Types.TIME:
      case Types.TIMESTAMP:
      case Types.TIME_WITH_TIMEZONE:
      case Types.TIMESTAMP_WITH_TIMEZONE:
        return true;
      default:
        String t = typeName.toLowerCase(java.util.Locale.ROOT);
        return t.contains("date") || t.contains("time");
    }
  }
}
