package io.github.dbqueryagent.introspect;

import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.ForeignKey;
import io.github.dbqueryagent.spi.Table;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an export says about the catalog it contains: where it came from, how big it is, how long it
 * took to read, which export format it is written in, and optionally the {@link IntrospectionReport}
 * of the read.
 *
 * <p>Build it with {@link #of(Introspection)} (from {@link DialectSchemaSource#introspect()}, report
 * included) or {@link #of(Catalog, Duration)} (no report; add one with {@link #withReport}), which
 * count everything from the catalog; the canonical constructor is for callers that carry the numbers
 * from elsewhere. Immutable and thread-safe.
 *
 * @param format the export format version, {@link #FORMAT} for what this version writes
 * @param databaseProduct the database product name as the driver reports it, or {@code ""}
 * @param databaseVersion the database product version as the driver reports it, or {@code ""}
 * @param dialect the detected dialect
 * @param schemas the number of schemas ({@link Catalog#schemas()}), at least 0
 * @param tables the number of base tables, at least 0
 * @param views the number of views (not materialized), at least 0
 * @param materializedViews the number of materialized views, at least 0
 * @param columns the number of columns over all tables and views, at least 0
 * @param foreignKeys the number of foreign keys over all tables, declared and inferred, at least 0
 * @param inferredForeignKeys how many of {@code foreignKeys} are inferred, 0 to {@code foreignKeys}
 * @param uniqueKeys the number of unique keys (other than primary keys) over all tables, at least 0
 * @param indexes the number of indexes over all tables, at least 0
 * @param introspectionMs how long reading the catalog took, in milliseconds, at least 0 ({@code 0}
 *     when unknown)
 * @param fingerprint the catalog's {@link Catalog#fingerprint() fingerprint}, lower-case hex SHA-256
 * @param report the report of the read that produced the catalog, when known
 */
public record ExportMetadata(
    String format,
    String databaseProduct,
    String databaseVersion,
    Dialect dialect,
    int schemas,
    int tables,
    int views,
    int materializedViews,
    int columns,
    int foreignKeys,
    int inferredForeignKeys,
    int uniqueKeys,
    int indexes,
    long introspectionMs,
    String fingerprint,
    Optional<IntrospectionReport> report) {

  /** The export format this version of the library writes: {@value}. */
  public static final String FORMAT = "dbqa-catalog/1";

  /**
   * Checks the components.
   *
   * @throws NullPointerException when {@code format}, {@code dialect}, {@code fingerprint} or {@code
   *     report} is null
   * @throws IllegalArgumentException naming every negative count (and {@code inferredForeignKeys}
   *     above {@code foreignKeys})
   */
  public ExportMetadata {
    Objects.requireNonNull(format, "format");
    databaseProduct = databaseProduct == null ? "" : databaseProduct;
    databaseVersion = databaseVersion == null ? "" : databaseVersion;
    Objects.requireNonNull(dialect, "dialect");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(report, "report");
    List<String> problems = new ArrayList<>();
    nonNegative(problems, "schemas", schemas);
    nonNegative(problems, "tables", tables);
    nonNegative(problems, "views", views);
    nonNegative(problems, "materializedViews", materializedViews);
    nonNegative(problems, "columns", columns);
    nonNegative(problems, "foreignKeys", foreignKeys);
    nonNegative(problems, "inferredForeignKeys", inferredForeignKeys);
    nonNegative(problems, "uniqueKeys", uniqueKeys);
    nonNegative(problems, "indexes", indexes);
    nonNegative(problems, "introspectionMs", introspectionMs);
    if (inferredForeignKeys > foreignKeys && foreignKeys >= 0) {
      problems.add("inferredForeignKeys must not exceed foreignKeys (got " + inferredForeignKeys + " of "
          + foreignKeys + ")");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid ExportMetadata: " + String.join("; ", problems));
    }
  }

  private static void nonNegative(List<String> problems, String name, long value) {
    if (value < 0) problems.add(name + " must not be negative (got " + value + ")");
  }

  /**
   * Describes a catalog in the current {@link #FORMAT}, without a report: product, version, dialect
   * and fingerprint from the catalog, counts computed from its schemas and tables.
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
    int materializedViews = 0;
    int foreignKeys = 0;
    int inferred = 0;
    int uniqueKeys = 0;
    int indexes = 0;
    for (Table t : catalog.tables()) {
      switch (t.kind()) {
        case VIEW -> views++;
        case MATERIALIZED_VIEW -> materializedViews++;
        default -> tables++;
      }
      foreignKeys += t.foreignKeys().size();
      for (ForeignKey fk : t.foreignKeys()) if (fk.inferred()) inferred++;
      uniqueKeys += t.uniqueKeys().size();
      indexes += t.indexes().size();
    }
    return new ExportMetadata(
        FORMAT,
        catalog.productName(),
        catalog.productVersion(),
        catalog.dialect(),
        catalog.schemas().size(),
        tables,
        views,
        materializedViews,
        catalog.columnCount(),
        foreignKeys,
        inferred,
        uniqueKeys,
        indexes,
        introspectionTime.toMillis(),
        catalog.fingerprint(),
        Optional.empty());
  }

  /** Same as {@link #of(Catalog, Duration)} with an unknown introspection time (0 ms). */
  public static ExportMetadata of(Catalog catalog) {
    return of(catalog, Duration.ZERO);
  }

  /**
   * Describes one read of a {@link DialectSchemaSource}: {@link #of(Catalog, Duration)} of its catalog
   * and elapsed time, with its report.
   *
   * @param introspection the read, from {@link DialectSchemaSource#introspect()}
   * @return the metadata, never null
   * @throws NullPointerException when {@code introspection} is null
   */
  public static ExportMetadata of(Introspection introspection) {
    Objects.requireNonNull(introspection, "introspection");
    return of(introspection.catalog(), introspection.elapsed()).withReport(introspection.report());
  }

  /**
   * Returns this metadata carrying a report, for example {@link IntrospectionReport#check(Catalog)}
   * of a catalog from another source.
   *
   * @param newReport the report to export
   * @return a copy with the report, never null
   * @throws NullPointerException when {@code newReport} is null
   */
  public ExportMetadata withReport(IntrospectionReport newReport) {
    Objects.requireNonNull(newReport, "newReport");
    return new ExportMetadata(format, databaseProduct, databaseVersion, dialect, schemas, tables, views,
        materializedViews, columns, foreignKeys, inferredForeignKeys, uniqueKeys, indexes, introspectionMs,
        fingerprint, Optional.of(newReport));
  }
}
