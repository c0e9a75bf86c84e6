package io.github.dbqueryagent.introspect;

import io.github.dbqueryagent.spi.AccessPolicy;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.Table;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How {@link DialectSchemaSource} samples distinct values of low-cardinality text columns, for value
 * linking ("Brazil" is a value of {@code customer.country}) and for the schema shown to language
 * models. Sampling is off unless a source is given a {@code ValueSampling} with {@link
 * DialectSchemaSource.Builder#sampleValues(ValueSampling)}.
 *
 * <p><b>Which columns are queried.</b> Text columns ({@link Column#isText()}; large objects such as
 * {@code CLOB} and SQL Server's {@code text}/{@code ntext}, which cannot be compared, are left out) of
 * base tables; views and materialized views only with {@link Builder#includeViews(boolean)}. A column
 * is never queried when the {@linkplain Builder#accessPolicy(AccessPolicy) access policy} does not
 * permit its table ({@link AccessPolicy#permitsTable}), blocks it ({@link
 * AccessPolicy#isColumnBlocked}), hides it ({@link AccessPolicy#hidesColumn}) or treats it as sensitive
 * ({@link AccessPolicy#isSensitive}, which with the default policy includes names such as {@code
 * email}, {@code phone} or {@code password}). At most {@link #maxColumns()} columns are queried per
 * catalog read, in catalog order, and none once {@link #timeBudget()} is spent.
 *
 * <p><b>The query.</b> One statement per column: the first {@link #maxRowsScanned()} rows of the
 * table in a subquery (with the dialect's {@code LIMIT}, {@code TOP} or {@code FETCH FIRST}), then
 * {@code DISTINCT} over their non-null values, at most {@link #maxValues()}{@code + 1} of them, with a
 * query timeout of {@link #queryTimeout()}. For example on PostgreSQL:
 *
 * <pre>{@code
 * SELECT DISTINCT s.v FROM (SELECT country AS v FROM sales.customer LIMIT 100000) s
 *   WHERE s.v IS NOT NULL LIMIT 21
 * }</pre>
 *
 * <p><b>Which columns get values.</b> A column gets sample values only when its scanned rows hold at
 * most {@link #maxValues()} distinct non-null values and none is longer than {@link #maxValueLength()}
 * characters; otherwise it gets none (never a truncated list). Values are kept as the database returns
 * them (trailing blanks of fixed-length {@code CHAR} columns removed) and sorted ignoring case, then
 * by character, so that the same data gives the same list. On a table larger than {@link
 * #maxRowsScanned()} rows a value that first appears later is missing from the list.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * DialectSchemaSource source = DialectSchemaSource.builder(dataSource)
 *     .sampleValues(ValueSampling.builder().accessPolicy(policy).build())
 *     .build();
 * }</pre>
 */
public final class ValueSampling {
  /** The default {@link #maxValues()}, {@value}. */
  public static final int DEFAULT_MAX_VALUES = 20;
  /** The default {@link #maxValueLength()} in characters, {@value}. */
  public static final int DEFAULT_MAX_VALUE_LENGTH = 100;
  /** The default {@link #maxRowsScanned()}, {@value}. */
  public static final int DEFAULT_MAX_ROWS_SCANNED = 100_000;
  /** The default {@link #maxColumns()}, {@value}. */
  public static final int DEFAULT_MAX_COLUMNS = 200;
  /** The default {@link #queryTimeout()}: 5 seconds. */
  public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(5);
  /** The default {@link #timeBudget()}: 30 seconds. */
  public static final Duration DEFAULT_TIME_BUDGET = Duration.ofSeconds(30);

  /** The largest {@link #maxValues()}, {@value}. */
  public static final int MAX_MAX_VALUES = 1_000;
  /** The largest {@link #maxValueLength()}, {@value}. */
  public static final int MAX_MAX_VALUE_LENGTH = 10_000;

  private final int maxValues;
  private final int maxValueLength;
  private final int maxRowsScanned;
  private final int maxColumns;
  private final Duration queryTimeout;
  private final Duration timeBudget;
  private final boolean includeViews;
  private final AccessPolicy accessPolicy;

  private ValueSampling(Builder b) {
    this.maxValues = b.maxValues;
    this.maxValueLength = b.maxValueLength;
    this.maxRowsScanned = b.maxRowsScanned;
    this.maxColumns = b.maxColumns;
    this.queryTimeout = b.queryTimeout;
    this.timeBudget = b.timeBudget;
    this.includeViews = b.includeViews;
    this.accessPolicy = b.accessPolicy;
  }

  /** Returns a builder with every property at its default. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns sampling with every property at its default: 20 values of at most 100 characters from the
   * first 100,000 rows, 5-second query timeout, 30-second budget, 200 columns, base tables only,
   * {@link AccessPolicy#defaults()}.
   */
  public static ValueSampling defaults() {
    return new Builder().build();
  }

  /** Returns a builder holding these settings, to derive a variant. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxValues = maxValues;
    b.maxValueLength = maxValueLength;
    b.maxRowsScanned = maxRowsScanned;
    b.maxColumns = maxColumns;
    b.queryTimeout = queryTimeout;
    b.timeBudget = timeBudget;
    b.includeViews = includeViews;
    b.accessPolicy = accessPolicy;
    return b;
  }

  /** Returns the most distinct values a sampled column may have, 1 to {@value #MAX_MAX_VALUES}. Default 20. */
  public int maxValues() {
    return maxValues;
  }

  /**
   * Returns the longest value, in characters, a sampled column may hold, 1 to {@value
   * #MAX_MAX_VALUE_LENGTH}. Default 100.
   */
  public int maxValueLength() {
    return maxValueLength;
  }

  /** Returns how many rows of a table each column's query reads at most, at least 1. Default 100,000. */
  public int maxRowsScanned() {
    return maxRowsScanned;
  }

  /** Returns how many columns one catalog read queries at most, at least 1. Default 200. */
  public int maxColumns() {
    return maxColumns;
  }

  /**
   * Returns the timeout of each column's query, at least one second; JDBC counts whole seconds, so
   * {@link #queryTimeoutSeconds()} is what the driver is given. Default 5 seconds.
   */
  public Duration queryTimeout() {
    return queryTimeout;
  }

  /** Returns {@link #queryTimeout()} in whole seconds, rounded up, as given to {@code Statement.setQueryTimeout}. */
  public int queryTimeoutSeconds() {
    long seconds = queryTimeout.getSeconds() + (queryTimeout.getNano() > 0 ? 1 : 0);
    return (int) Math.min(Integer.MAX_VALUE, seconds);
  }

  /**
   * Returns the time one catalog read may spend sampling, positive; no further column is queried once
   * it is spent (a running query is bounded by {@link #queryTimeout()}). Default 30 seconds.
   */
  public Duration timeBudget() {
    return timeBudget;
  }

  /** Returns whether views and materialized views are sampled too. Default false (base tables only). */
  public boolean includeViews() {
    return includeViews;
  }

  /**
   * Returns the policy whose blocked, hidden and sensitive columns (and tables it does not permit) are
   * never queried. Default {@link AccessPolicy#defaults()}.
   */
  public AccessPolicy accessPolicy() {
    return accessPolicy;
  }

  /**
   * Returns whether a column of a table would be queried, the column limit and time budget aside: a
   * comparable text column of a base table (or of a view when {@link #includeViews()}), whose table
   * the policy permits and which the policy neither blocks, hides nor treats as sensitive.
   *
   * @param table the table
   * @param column a column of that table
   * @param dialect the database's dialect (SQL Server's {@code text} and {@code ntext} cannot be compared)
   * @return whether the column may be sampled
   * @throws NullPointerException when an argument is null
   */
  public boolean eligible(Table table, Column column, Dialect dialect) {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(dialect, "dialect");
    return permitted(table, column) && comparableText(table, column, dialect);
  }

  /** Whether the policy lets the column be read for sampling (table permitted, column not blocked, hidden or sensitive). */
  boolean permitted(Table table, Column column) {
    return accessPolicy.permitsTable(table.name())
        && !accessPolicy.isColumnBlocked(table.name(), column.name())
        && !accessPolicy.hidesColumn(table.name(), column.name())
        && !accessPolicy.isSensitive(table.name(), column.name());
  }

  /** Whether the column is text that {@code DISTINCT} can compare, in a kind of table this sampling reads. */
  boolean comparableText(Table table, Column column, Dialect dialect) {
    if (table.isView() && !includeViews) return false;
    if (!column.isText()) return false;
    if (column.jdbcType() == Types.CLOB || column.jdbcType() == Types.NCLOB) return false;
    String type = column.typeName().toLowerCase(Locale.ROOT);
    return !(dialect == Dialect.SQLSERVER && (type.equals("text") || type.equals("ntext")));
  }

  @Override
  public String toString() {
    return "ValueSampling[maxValues=" + maxValues + ", maxValueLength=" + maxValueLength + ", maxRowsScanned="
        + maxRowsScanned + ", maxColumns=" + maxColumns + ", queryTimeout=" + queryTimeout + ", timeBudget="
        + timeBudget + ", includeViews=" + includeViews + "]";
  }

  /**
   * Configures a {@link ValueSampling}. Not thread-safe. Ranges are checked by {@link #build()}, which
   * reports every bad property at once.
   */
  public static final class Builder {
    private int maxValues = DEFAULT_MAX_VALUES;
    private int maxValueLength = DEFAULT_MAX_VALUE_LENGTH;
    private int maxRowsScanned = DEFAULT_MAX_ROWS_SCANNED;
    private int maxColumns = DEFAULT_MAX_COLUMNS;
    private Duration queryTimeout = DEFAULT_QUERY_TIMEOUT;
    private Duration timeBudget = DEFAULT_TIME_BUDGET;
    private boolean includeViews;
    private AccessPolicy accessPolicy = AccessPolicy.defaults();

    private Builder() {}

    /** The most distinct values a sampled column may have, 1 to {@value #MAX_MAX_VALUES}. Default 20. */
    public Builder maxValues(int maxValues) {
      this.maxValues = maxValues;
      return this;
    }

    /** The longest value, in characters, a sampled column may hold, 1 to {@value #MAX_MAX_VALUE_LENGTH}. Default 100. */
    public Builder maxValueLength(int maxValueLength) {
      this.maxValueLength = maxValueLength;
      return this;
    }

    /** How many rows of a table each column's query reads at most, at least 1. Default 100,000. */
    public Builder maxRowsScanned(int maxRowsScanned) {
      this.maxRowsScanned = maxRowsScanned;
      return this;
    }

    /** How many columns one catalog read queries at most, at least 1. Default 200. */
    public Builder maxColumns(int maxColumns) {
      this.maxColumns = maxColumns;
      return this;
    }

    /**
     * The timeout of each column's query, at least one second; a fraction of a second is rounded up to
     * the next whole second, which is what JDBC can express. Default 5 seconds.
     *
     * @throws NullPointerException when {@code queryTimeout} is null
     */
    public Builder queryTimeout(Duration queryTimeout) {
      this.queryTimeout = Objects.requireNonNull(queryTimeout, "queryTimeout");
      return this;
    }

    /**
     * The time one catalog read may spend sampling, positive. Default 30 seconds.
     *
     * @throws NullPointerException when {@code timeBudget} is null
     */
    public Builder timeBudget(Duration timeBudget) {
      this.timeBudget = Objects.requireNonNull(timeBudget, "timeBudget");
      return this;
    }

    /** Whether views and materialized views are sampled too. Default false. */
    public Builder includeViews(boolean includeViews) {
      this.includeViews = includeViews;
      return this;
    }

    /**
     * The policy whose blocked, hidden and sensitive columns (and tables it does not permit) are never
     * queried; give the agent's own policy. Default {@link AccessPolicy#defaults()}.
     *
     * @throws NullPointerException when {@code accessPolicy} is null
     */
    public Builder accessPolicy(AccessPolicy accessPolicy) {
      this.accessPolicy = Objects.requireNonNull(accessPolicy, "accessPolicy");
      return this;
    }

    /**
     * Checks every property and builds the configuration.
     *
     * @throws IllegalArgumentException naming every property out of range
     */
    public ValueSampling build() {
      List<String> problems = new ArrayList<>();
      if (maxValues < 1 || maxValues > MAX_MAX_VALUES) {
        problems.add("maxValues must be 1 to " + MAX_MAX_VALUES + ", was " + maxValues);
      }
      if (maxValueLength < 1 || maxValueLength > MAX_MAX_VALUE_LENGTH) {
        problems.add("maxValueLength must be 1 to " + MAX_MAX_VALUE_LENGTH + ", was " + maxValueLength);
      }
      if (maxRowsScanned < 1) problems.add("maxRowsScanned must be at least 1, was " + maxRowsScanned);
      if (maxColumns < 1) problems.add("maxColumns must be at least 1, was " + maxColumns);
      if (queryTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
        problems.add("queryTimeout must be at least one second (JDBC counts whole seconds), was " + queryTimeout);
      }
      if (timeBudget.isNegative() || timeBudget.isZero()) {
        problems.add("timeBudget must be positive, was " + timeBudget);
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("invalid ValueSampling: " + String.join("; ", problems));
      }
      return new ValueSampling(this);
    }
  }
}
