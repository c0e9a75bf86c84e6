package io.github.dbqueryagent.introspect;

import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link ValueSampling} over a catalog on one connection: one bounded query per eligible column,
 * results attached with {@link Column#withSampleValues}. A column whose query fails (permission
 * denied, timeout, a type the database cannot compare) is skipped and logged at DEBUG; the catalog
 * read never fails because of sampling. Stateless apart from its settings; thread-safe.
 */
final class ValueSampler {
  private static final Logger LOG = LoggerFactory.getLogger(ValueSampler.class);
  private static final Comparator<String> ORDER =
      String.CASE_INSENSITIVE_ORDER.thenComparing(Comparator.naturalOrder());

  /**
   * What one sampling run did, column by column.
   *
   * @param queried columns queried
   * @param sampled columns that got sample values
   * @param tooMany columns with more than {@code maxValues} distinct values
   * @param tooLong columns with a value longer than {@code maxValueLength}
   * @param empty columns without a non-null value in the scanned rows
   * @param failed columns whose query failed
   * @param refused text columns the access policy does not let be read
   * @param overLimit eligible columns not queried because the column limit or the time budget was reached
   */
  record Counts(int queried, int sampled, int tooMany, int tooLong, int empty, int failed, int refused,
      int overLimit) {}

  /** The catalog with sample values, and the counts. */
  record Result(Catalog catalog, Counts counts) {}

  private final ValueSampling settings;
  private final LongSupplier nanos;

  ValueSampler(ValueSampling settings, LongSupplier nanos) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.nanos = Objects.requireNonNull(nanos, "nanos");
  }

  /**
   * Samples the catalog's eligible columns on a connection the caller owns.
   *
   * @return the catalog with sample values attached (the same instance when no column got any)
   */
  Result sample(Connection connection, Catalog catalog) {
    long start = nanos.getAsLong();
    long budget = saturatedNanos(settings);
    Dialect dialect = catalog.dialect();
    int queried = 0;
    int sampled = 0;
    int tooMany = 0;
    int tooLong = 0;
    int empty = 0;
    int failed = 0;
    int refused = 0;
    int overLimit = 0;
    List<Table> tables = new ArrayList<>();
    boolean changed = false;
    for (Table t : catalog.tables()) {
      List<Column> columns = new ArrayList<>(t.columns().size());
      boolean tableChanged = false;
      for (Column c : t.columns()) {
        columns.add(c);
        if (!settings.comparableText(t, c, dialect)) continue;
        if (!settings.permitted(t, c)) {
          refused++;
          continue;
        }
        if (queried >= settings.maxColumns() || nanos.getAsLong() - start >= budget) {
          overLimit++;
          continue;
        }
        queried++;
        List<String> values;
        try {
          values = query(connection, dialect, t, c);
        } catch (SQLException | RuntimeException e) {
          failed++;
          LOG.debug("value sampling skipped {}.{}: {}", t.name(), c.name(), e.getMessage());
          recover(connection);
          continue;
        }
        if (values == null) {
          tooMany++;
        } else if (values.isEmpty()) {
          empty++;
        } else if (values.stream().anyMatch(v -> v.length() > settings.maxValueLength())) {
          tooLong++;
        } else {
          sampled++;
          columns.set(columns.size() - 1, c.withSampleValues(values));
          tableChanged = true;
        }
      }
      tables.add(tableChanged ? t.withColumns(columns) : t);
      changed |= tableChanged;
    }
    Counts counts = new Counts(queried, sampled, tooMany, tooLong, empty, failed, refused, overLimit);
    LOG.info("value sampling queried {} columns in {} ms: {} sampled, {} with too many values, {} with too long"
            + " values, {} empty, {} failed; {} never queried by the access policy, {} left over the column limit"
            + " or time budget",
        queried, (nanos.getAsLong() - start) / 1_000_000, sampled, tooMany, tooLong, empty, failed, refused,
        overLimit);
    return new Result(changed ? catalog.withTables(tables) : catalog, counts);
  }

  private static long saturatedNanos(ValueSampling s) {
    try {
      return s.timeBudget().toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * Returns the column's distinct non-null values in the scanned rows, sorted; null when there are
   * more than {@code maxValues}.
   */
  private List<String> query(Connection connection, Dialect dialect, Table table, Column column) throws SQLException {
    int limit = settings.maxValues() + 1;
    String sql = sql(dialect, table.name(), column.name(), settings.maxRowsScanned(), limit);
    Set<String> values = new LinkedHashSet<>();
    boolean fixedLength = column.jdbcType() == Types.CHAR || column.jdbcType() == Types.NCHAR;
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setQueryTimeout(settings.queryTimeoutSeconds());
      ps.setMaxRows(limit);
      ps.setFetchSize(limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String v = rs.getString(1);
          if (v == null) continue;
          values.add(fixedLength ? v.stripTrailing() : v);
          if (values.size() > settings.maxValues()) return null;
        }
      }
    }
    List<String> sorted = new ArrayList<>(values);
    sorted.sort(ORDER);
    return List.copyOf(sorted);
  }

  /**
   * The sampling statement: the first {@code rows} rows in a subquery, then {@code DISTINCT} over the
   * non-null values, at most {@code values} of them; identifiers quoted for the dialect.
   */
  static String sql(Dialect dialect, TableName table, String column, int rows, int values) {
    String col = dialect.quote(column);
    String from = table.toSql(dialect); // MySQL/MariaDB: qualified with the database, so other databases resolve
    switch (dialect.limitStyle()) {
      case TOP:
        return "SELECT DISTINCT TOP " + values + " s.v FROM (SELECT TOP " + rows + " " + col + " AS v FROM " + from
            + ") s WHERE s.v IS NOT NULL";
      case FETCH_FIRST:
        return "SELECT DISTINCT s.v FROM (SELECT " + col + " AS v FROM " + from + " FETCH FIRST " + rows
            + " ROWS ONLY) s WHERE s.v IS NOT NULL FETCH FIRST " + values + " ROWS ONLY";
      case LIMIT:
      default:
        return "SELECT DISTINCT s.v FROM (SELECT " + col + " AS v FROM " + from + " LIMIT " + rows
            + ") s WHERE s.v IS NOT NULL LIMIT " + values;
    }
  }

  /** After a failed statement, ends an open transaction so the next one can run (PostgreSQL aborts it). */
  private static void recover(Connection connection) {
    try {
      if (!connection.getAutoCommit()) connection.rollback();
    } catch (SQLException e) {
      LOG.debug("rollback after a failed sampling query failed: {}", e.getMessage());
    }
  }
}
