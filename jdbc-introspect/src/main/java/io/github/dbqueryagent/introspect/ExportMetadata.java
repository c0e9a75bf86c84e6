package io.github.dbqueryagent.introspect;

import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.Table;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What an export says about the catalog it contains: where it came from, how big it is, how long it
 * took to read, and which export format it is written in.
 *
 * <p>Build it with {@link #of(Catalog, Duration)}, which counts tables, views, columns and foreign
 * keys from the catalog; the canonical constructor is for callers that carry the numbers from
 * elsewhere. Immutable and thread-safe.
 *
 * @param format the export format version, {@link #FORMAT} for what this version writes
 * @param databaseProduct the database product name as the driver reports it, or {@code ""}
 * @param databaseVersion the database product version as the driver reports it, or {@code ""}
 * @param dialect the detected dialect
 * @param tables the number of base tables, at least 0
 * @param views the number of views, at least 0
 * @param columns the number of columns over all tables and views, at least 0
 * @param foreignKeys the number of foreign keys over all tables, at least 0
 * @param introspectionMs how long reading the catalog took, in milliseconds, at least 0 ({@code 0}
 *     when unknown)
 * @param fingerprint the catalog's {@link Catalog#fingerprint() fingerprint}, lower-case hex SHA-256
 */
public record ExportMetadata(
    String format,
    String databaseProduct,
    String databaseVersion,
    Dialect dialect,
    int tables,
    int views,
    int columns,
    int foreignKeys,
    long introspectionMs,
    String fingerprint) {

  /** The export format this version of the library writes: {@value}. */
  public static final String FORMAT = "dbqa-catalog/1";

  /**
   * Checks the components.
   *
   * @throws NullPointerException when {@code format}, {@code dialect} or {@code fingerprint} is null
   * @throws IllegalArgumentException naming every negative count
   */
  public ExportMetadata {
    Objects.requireNonNull(format, "format");
    databaseProduct = databaseProduct == null ? "" : databaseProduct;
    databaseVersion = databaseVersion == null ? "" : databaseVersion;
    Objects.requireNonNull(dialect, "dialect");
    Objects.requireNonNull(fingerprint, "fingerprint");
    List<String> problems = new ArrayList<>();
    if (tables < 0) problems.add("tables must not be negative (got " + tables + ")");
    if (views < 0) problems.add("views must not be negative (got " + views + ")");
    if (columns < 0) problems.add("columns must not be negative (got " + columns + ")");
    if (foreignKeys < 0) problems.add("foreignKeys must not be negative (got " + foreignKeys + ")");
    if (introspectionMs < 0) problems.add("introspectionMs must not be negative (got " + introspectionMs + ")");
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid ExportMetadata: " + String.join("; ", problems));
    }
  }

  /**
   * Describes a catalog in the current {@link #FORMAT}: product, version, dialect and fingerprint
   * from the catalog, counts computed from its tables.
   *
   * @param catalog the catalog to describe
   * @param introspectionTime how long reading it took; {@link Duration#ZERO} when unknown
   * @return the metadata, never null
   * @throws NullPointerException when an argument is null
   * @throws IllegalArgumentException when {@code introspectionTime} is negative
   */
  public static ExportMetadata of(Catalog catalog, Duration introspectionTime) {
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(introspectionTime, "introspectionTime");
    if (introspectionTime.isNegative()) {
      throw new IllegalArgumentException("introspectionTime must not be negative: " + introspectionTime);
    }
    int tables = 0;
    int views = 0;
    int foreignKeys = 0;
    for (Table t : catalog.tables()) {
      if (t.kind() == Table.Kind.VIEW) {
        views++;
      } else {
        tables++;
      }
      foreignKeys += t.foreignKeys().size();
    }
    return new ExportMetadata(
        FORMAT,
        catalog.productName(),
        catalog.productVersion(),
        catalog.dialect(),
        tables,
        views,
        catalog.columnCount(),
        foreignKeys,
        introspectionTime.toMillis(),
        catalog.fingerprint());
  }

  /** Same as {@link #of(Catalog, Duration)} with an unknown introspection time (0 ms). */
  public static ExportMetadata of(Catalog catalog) {
    return of(catalog, Duration.ZERO);
  }
}
