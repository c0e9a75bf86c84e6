package io.github.dbqueryagent.internal.schema;

import java.sql.Types;

/**
 * The one rule every catalog source follows for {@code Column.size()} and {@code Column.scale()}: the
 * length of character types ({@code -1} when unbounded), the precision and scale of exact numeric types
 * ({@code DECIMAL}, {@code NUMERIC}), and {@code -1, -1} for every other type (integers and
 * floating-point types, whose range the type name tells, dates, binaries). Stateless and thread-safe.
 */
public final class ColumnSizes {
  /**
   * Lengths at or above this mean "no limit": drivers report unbounded text as 2,147,483,647,
   * 2,000,000,000 or 1,073,741,823.
   */
  public static final long UNBOUNDED_LENGTH = 1_000_000_000L;

  private ColumnSizes() {}

  /**
   * Returns {@code {size, scale}} as {@code Column} defines them from what a catalog reports.
   *
   * @param jdbcType the {@link Types} code
   * @param length the declared length of a character type; negative when not reported
   * @param precision the precision of a numeric type; negative when not reported
   * @param scale the scale of a numeric type; negative when not reported
   * @return a new two-element array, {@code -1} for each fact that does not apply or is unknown
   */
  public static int[] sizeAndScale(int jdbcType, long length, long precision, int scale) {
    if (isCharacter(jdbcType)) return new int[] {length > 0 && length < UNBOUNDED_LENGTH ? (int) length : -1, -1};
    if ((jdbcType == Types.DECIMAL || jdbcType == Types.NUMERIC) && precision > 0 && precision < UNBOUNDED_LENGTH) {
      return new int[] {(int) precision, scale >= 0 ? scale : -1};
    }
    return new int[] {-1, -1};
  }

  /** Returns whether the {@link Types} code is a character type. */
  public static boolean isCharacter(int jdbcType) {
    switch (jdbcType) {
      case Types.CHAR: case Types.VARCHAR: case Types.LONGVARCHAR: case Types.NCHAR: case Types.NVARCHAR:
      case Types.LONGNVARCHAR: case Types.CLOB: case Types.NCLOB:
        return true;
      default:
        return false;
    }
  }
}
