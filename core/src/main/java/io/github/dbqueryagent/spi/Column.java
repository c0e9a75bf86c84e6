package io.github.dbqueryagent.spi;

import java.sql.Types;
import java.util.List;
import java.util.Objects;

/**
 * A column of a table or view as introspected.
 *
 * <p>Immutable and thread-safe. Facts a source cannot tell are given as "unknown" values: size and
 * scale {@code -1}, default {@code ""}, generation {@link Generation#NONE}.
 *
 * @param name the name exactly as the database reports it
 * @param typeName the database type name, for example {@code VARCHAR} or {@code int4}
 * @param jdbcType the {@link java.sql.Types} code
 * @param nullable whether the column accepts {@code NULL}
 * @param comment the column comment, or {@code ""}
 * @param sampleValues distinct sample values for low-cardinality text columns (empty unless sampling
 *     is enabled), never null; not part of the {@linkplain Catalog#fingerprint() fingerprint}
 * @param size the maximum length in characters for character types, the precision in digits for
 *     numeric types, or {@code -1} when unknown or not applicable
 * @param scale the digits after the decimal point for numeric types, or {@code -1} when unknown or
 *     not applicable
 * @param defaultValue the default expression as the database renders it (for example {@code 0},
 *     {@code 'new'::text}, {@code CURRENT_TIMESTAMP}); for a {@link Generation#COMPUTED} column the
 *     generating expression; {@code ""} when there is none (an identity column's sequence call, such as
 *     PostgreSQL's {@code nextval(...)} of a {@code serial}, is kept as the database reports it)
 * @param generation whether the database fills the value itself (identity, auto-increment, computed)
 */
public record Column(
    String name,
    String typeName,
    int jdbcType,
    boolean nullable,
    String comment,
    List<String> sampleValues,
    int size,
    int scale,
    String defaultValue,
    Generation generation) {

  /** How the database fills a column's value. */
  public enum Generation {
    /** Values come from inserts (or the default expression). */
    NONE,
    /** An identity, auto-increment or serial column: the database numbers new rows. */
    IDENTITY,
    /** A generated (computed) column: the value is an expression over other columns. */
    COMPUTED
  }

  /**
   * Checks and copies the components.
   *
   * @throws IllegalArgumentException when size or scale is below {@code -1}
   */
  public Column {
    Objects.requireNonNull(name, "name");
    typeName = typeName == null ? "" : typeName;
    comment = comment == null ? "" : comment;
    sampleValues = sampleValues == null ? List.of() : List.copyOf(sampleValues);
    defaultValue = defaultValue == null ? "" : defaultValue;
    generation = generation == null ? Generation.NONE : generation;
    if (size < -1 || scale < -1) {
      throw new IllegalArgumentException("column " + name + ": size and scale must be -1 (unknown) or more, were "
          + size + " and " + scale);
    }
  }

  /** Creates a column with unknown size, scale, no default and no generation. */
  public Column(String name, String typeName, int jdbcType, boolean nullable, String comment, List<String> sampleValues) {
    this(name, typeName, jdbcType, nullable, comment, sampleValues, -1, -1, "", Generation.NONE);
  }

  /** Creates a nullable column without comment. */
  public static Column of(String name, String typeName, int jdbcType) {
    return new Column(name, typeName, jdbcType, true, "", List.of());
  }

  /** Returns this column with other sample values (null means none). */
  public Column withSampleValues(List<String> values) {
    return new Column(name, typeName, jdbcType, nullable, comment, values, size, scale, defaultValue, generation);
  }

  /** Returns the readable form of the name for linking and display (see {@link Identifiers#readable}). */
  public String readableName() {
    return Identifiers.readable(name);
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
