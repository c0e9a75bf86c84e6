package io.github.dbqueryagent.introspect;

import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One catalog read of a {@link DialectSchemaSource} with everything known about it: the catalog as
 * cached (filtered, with inferred foreign keys when inference is on), the {@link IntrospectionReport}
 * of that same read, how long the read took and when it finished. Returned by {@link
 * DialectSchemaSource#introspect()}; {@link ExportMetadata#of(Introspection)} turns it into export
 * metadata.
 *
 * <p>Immutable and thread-safe.
 *
 * @param catalog the catalog
 * @param report what the read left out, added and found suspicious
 * @param elapsed how long the read took: connecting, the change-probe token, the catalog queries,
 *     filtering and inference; never negative
 * @param readAt when the read finished (wall clock)
 */
public record Introspection(Catalog catalog, IntrospectionReport report, Duration elapsed, Instant readAt) {

  /**
   * Checks the components.
   *
   * @throws NullPointerException when a component is null
   * @throws IllegalArgumentException when {@code elapsed} is negative
   */
  public Introspection {
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(elapsed, "elapsed");
    Objects.requireNonNull(readAt, "readAt");
    if (elapsed.isNegative()) throw new IllegalArgumentException("elapsed must not be negative: " + elapsed);
  }

  /**
   * Returns a one-line summary for people, for example {@code "12 tables, 1 view, 2 excluded, 3
   * inferred foreign keys"}, followed by {@code ", 1 table without primary key"}, {@code ", 1 foreign
   * key dropped"}, {@code ", 2 dangling foreign keys"} and {@code ", 1 foreign key type mismatch"} when
   * there are any. Views count views and materialized views.
   *
   * @return the summary, never null or empty; English, not meant to be parsed
   */
  public String summary() {
    int tables = 0;
    int views = 0;
    for (Table t : catalog.tables()) {
      if (t.isView()) {
        views++;
      } else {
        tables++;
      }
    }
    List<String> parts = new ArrayList<>();
    parts.add(count(tables, "table", "tables"));
    parts.add(count(views, "view", "views"));
    parts.add(report.excludedTables().size() + " excluded");
    parts.add(count(report.inferredForeignKeys().size(), "inferred foreign key", "inferred foreign keys"));
    if (!report.tablesWithoutPrimaryKey().isEmpty()) {
      parts.add(count(report.tablesWithoutPrimaryKey().size(), "table without primary key",
          "tables without primary key"));
    }
    if (!report.droppedForeignKeys().isEmpty()) {
      parts.add(count(report.droppedForeignKeys().size(), "foreign key dropped", "foreign keys dropped"));
    }
    if (!report.danglingForeignKeys().isEmpty()) {
      parts.add(count(report.danglingForeignKeys().size(), "dangling foreign key", "dangling foreign keys"));
    }
    if (!report.foreignKeyTypeMismatches().isEmpty()) {
      parts.add(count(report.foreignKeyTypeMismatches().size(), "foreign key type mismatch",
          "foreign key type mismatches"));
    }
    return String.join(", ", parts);
  }

  private static String count(int n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }
}
