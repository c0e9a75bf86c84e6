package io.github.dbqueryagent.introspect;

import io.github.dbqueryagent.SchemaIntrospectionException;
import io.github.dbqueryagent.internal.schema.JdbcSchemaSource;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.ForeignKeyInference;
import io.github.dbqueryagent.spi.SchemaSource;
import io.github.dbqueryagent.spi.TableName;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SchemaSource} that reads the catalog with a dialect's own system catalog in a few bulk
 * queries ({@link CatalogReader}) instead of {@link java.sql.DatabaseMetaData} round trips per table.
 *
 * <p>On each load it borrows one connection, detects the {@link Dialect} from the driver's product
 * name and uses the first configured reader that {@linkplain CatalogReader#supports supports} it; for
 * any other database it falls back to what {@link SchemaSource#jdbc(DataSource)} does
 * ({@code DatabaseMetaData}, same schema restriction). The catalog is cached for the time-to-live
 * (default one hour); {@link #refresh()} drops it.
 *
 * <p><b>Change detection.</b> When a {@link ChangeProbe} supports the dialect, every probe interval
 * (default 30 seconds) the next {@link #catalog()} runs the probe's one cheap query and re-reads the
 * catalog only when the probe's token changed; otherwise it keeps the cached catalog. The TTL still
 * bounds how long a catalog is kept whatever the probe says. When a re-read yields a different
 * {@linkplain Catalog#fingerprint() fingerprint}, each {@link CatalogListener} receives the {@link
 * CatalogDiff}.
 *
 * <p><b>Filters.</b> Each catalog read is cleaned before it is cached: {@linkplain
 * Builder#includeTables include} and {@linkplain Builder#excludeTables exclude} globs, then the
 * {@linkplain Builder#deprecatedRule deprecated-table rule} (on by default) leave tables out, and
 * foreign keys to excluded tables are dropped (keys to tables outside the catalog are kept and
 * reported as dangling).
 *
 * <p><b>Inferred foreign keys.</b> After the filters, {@link ForeignKeyInference} adds the foreign
 * keys that naming implies but the database does not declare ({@code orders.customer_id} → {@code
 * customers.id}), each marked {@linkplain io.github.dbqueryagent.spi.ForeignKey#inferred() inferred}
 * with a confidence; columns whose declared key was dropped with an excluded table are left alone.
 * {@link Builder#inferForeignKeys(boolean) inferForeignKeys(false)} turns this off.
 *
 * <p><b>Report.</b> Each read produces an {@link IntrospectionReport}: excluded tables, dropped and
 * dangling foreign keys, inferred foreign keys, base tables without a primary key and declared keys
 * whose column types do not match. {@link #introspect()} returns it with the catalog of the same read;
 * it is also logged (one INFO line with the counts, one DEBUG line per item).
 *
 * <p><b>Sample values.</b> Off by default. With {@link Builder#sampleValues(ValueSampling)}, after the
 * filters each read queries the distinct values of low-cardinality text columns in bounded statements
 * and attaches them to the columns ({@link io.github.dbqueryagent.spi.Column#sampleValues()}); columns
 * the sampling's access policy blocks, hides or treats as sensitive are never queried. A column whose
 * query fails is skipped (DEBUG log) and counted in one INFO line; the read itself never fails because
 * of sampling. Sample values are cached with the catalog and refreshed on every re-read (TTL, {@link
 * #refresh()}, a change the probe saw), not when only data changed; they are not part of the
 * {@linkplain Catalog#fingerprint() fingerprint}.
 *
 * <p>Thread-safe; one read or probe runs at a time and concurrent callers share it. A cached {@link
 * #catalog()} or {@link #introspect()} does not block or touch the database; while a due probe runs,
 * other callers get the cached read.
 *
 * <pre>{@code
 * SchemaSource schema = DialectSchemaSource.builder(dataSource).addSchema("sales").build();
 * }</pre>
 */
public final class DialectSchemaSource implements SchemaSource {
  private static final Logger LOG = LoggerFactory.getLogger(DialectSchemaSource.class);

  private final DataSource dataSource;
  private final List<CatalogReader> readers;
  private final IntrospectionOptions options;
  private final JdbcSchemaSource fallback;
  private final List<ChangeProbe> probes;
  private final ProbingCatalogCache cache;
  private final TableFilter filter;
  private final ValueSampler sampler;
  private final boolean inferForeignKeys;

  private DialectSchemaSource(Builder b) {
    this.dataSource = b.dataSource;
    this.readers = List.copyOf(b.readers);
    this.options = new IntrospectionOptions(b.schemas);
    JdbcSchemaSource.Builder fb = JdbcSchemaSource.builder(b.dataSource).ttl(b.ttl);
    b.schemas.forEach(fb::addSchema);
    this.fallback = fb.build();
    this.probes = List.copyOf(b.probes);
    this.filter = new TableFilter(b.includes, b.excludes, b.deprecatedRule, b.deprecatedPatterns);
    this.sampler = b.sampling == null ? null : new ValueSampler(b.sampling, System::nanoTime);
    this.inferForeignKeys = b.inferForeignKeys;
    this.cache = new ProbingCatalogCache(b.ttl, b.probeInterval, b.ticker, b.listeners, this::load, this::probe);
  }

  /**
   * Returns a builder over a data source.
   *
   * @param dataSource where to connect; the source borrows one connection per load and closes it
   * @throws NullPointerException when {@code dataSource} is null
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /**
   * Returns the built-in readers in the order they are tried: {@link PostgresCatalogReader}, {@link
   * MySqlCatalogReader} (MySQL and MariaDB), {@link SqliteCatalogReader}, {@link H2CatalogReader},
   * {@link SqlServerCatalogReader}.
   *
   * @return an unmodifiable list, never empty
   */
  public static List<CatalogReader> builtInReaders() {
    return List.of(
        new PostgresCatalogReader(),
        new MySqlCatalogReader(),
        new SqliteCatalogReader(),
        new H2CatalogReader(),
        new SqlServerCatalogReader());
  }

  /**
   * Returns the cached catalog, reading the database when there is none or it expired.
   *
   * @return the catalog, never null
   * @throws SchemaIntrospectionException when the database cannot be read; the message carries the
   *     driver's message and its cause the driver's exception, except that secrets in URL form (a
   *     {@code password=...} parameter, {@code //user:password@}), which drivers and {@link
   *     java.sql.DriverManager} repeat, are masked as {@code ****}: then the cause is a masked copy (a
   *     plain {@link SQLException} with the same SQLState, vendor code and stack trace)
   */
  @Override
  public Catalog catalog() {
    return cache.get().catalog();
  }

  /**
   * Returns the cached read with its report and timing, reading the database first exactly when
   * {@link #catalog()} would (none cached, TTL expired, {@link #refresh()}, or a change probe saw a
   * change). The catalog, the report and the timing always belong to the same read, also while other
   * threads re-read; {@code introspect().catalog()} is what {@link #catalog()} returns at that moment.
   * A probe that finds nothing changed keeps the read (same {@link Introspection#readAt()}).
   *
   * @return the read, never null
   * @throws SchemaIntrospectionException when the database cannot be read; the message carries the
   *     driver's message but never the URL or credentials
   */
  public Introspection introspect() {
    return cache.get();
  }

  /**
   * Returns the report of the most recent catalog read (the one {@link #catalog()} returns while it is
   * cached) without reading the database. Empty until the first read; replaced on every read (not on
   * a probe that found nothing changed). Use {@link #introspect()} to get it together with its
   * catalog.
   *
   * @return the last report, empty before the first read
   */
  public Optional<IntrospectionReport> lastReport() {
    return cache.current().map(Introspection::report);
  }

  /**
   * Drops the cached catalog; the next {@link #catalog()} reads the database again, whatever the
   * change probe says, and tells the listeners if the fingerprint changed.
   */
  public void refresh() {
    cache.invalidate();
    fallback.refresh();
  }

  private Optional<String> probe() {
    ChangeProbe probe = null;
    try (Connection c = dataSource.getConnection()) {
      probe = probeFor(Dialect.fromProductName(c.getMetaData().getDatabaseProductName()));
      return probe == null ? Optional.empty() : probe.token(c, options);
    } catch (SQLException e) {
      throw new SchemaIntrospectionException(
          "cannot probe the database for schema changes" + (probe == null ? "" : " with " + probe) + ": "
              + ConnectionSecrets.mask(e.getMessage()) + " (SQLState " + e.getSQLState() + ")",
          ConnectionSecrets.clean(e));
    }
  }

  private ChangeProbe probeFor(Dialect dialect) {
    for (ChangeProbe p : probes) if (p.supports(dialect)) return p;
    return null;
  }

  private ProbingCatalogCache.Loaded load() {
    long start = System.nanoTime();
    CatalogReader reader = null;
    String token = null;
    try (Connection c = dataSource.getConnection()) {
      Dialect dialect = Dialect.fromProductName(c.getMetaData().getDatabaseProductName());
      ChangeProbe probe = probeFor(dialect);
      if (probe != null) {
        try {
          token = probe.token(c, options).orElse(null);
        } catch (SQLException e) {
          LOG.warn("{} failed; change detection falls back to the TTL until the next read: {}", probe,
              ConnectionSecrets.mask(e.getMessage()));
        }
      }
      for (CatalogReader r : readers) {
        if (r.supports(dialect)) {
          reader = r;
          break;
        }
      }
      if (reader != null) {
        Catalog catalog = reader.read(c, options);
        LOG.debug("{} read {} tables, {} columns in {} ms", reader, catalog.tables().size(),
            catalog.columnCount(), (System.nanoTime() - start) / 1_000_000);
        return new ProbingCatalogCache.Loaded(clean(catalog, start, c), token);
      }
    } catch (SQLException e) {
      throw new SchemaIntrospectionException(
          "cannot read the database catalog" + (reader == null ? "" : " with " + reader) + ": "
              + ConnectionSecrets.mask(e.getMessage()) + " (SQLState " + e.getSQLState() + ")",
          ConnectionSecrets.clean(e));
    }
    LOG.debug("no catalog reader for this database; falling back to DatabaseMetaData");
    fallback.refresh();
    Catalog read;
    try {
      read = fallback.catalog();
    } catch (SchemaIntrospectionException e) {
      // the DatabaseMetaData source repeats the driver's message as it is: mask it as above
      Throwable cause = e.getCause() instanceof SQLException ? ConnectionSecrets.clean((SQLException) e.getCause())
          : e.getCause();
      if (cause == e.getCause() && ConnectionSecrets.mask(e.getMessage()).equals(e.getMessage())) throw e;
      throw new SchemaIntrospectionException(ConnectionSecrets.mask(e.getMessage()), cause);
    }
    if (sampler == null) return new ProbingCatalogCache.Loaded(clean(read, start, null), token);
    try (Connection c = dataSource.getConnection()) {
      return new ProbingCatalogCache.Loaded(clean(read, start, c), token);
    } catch (SQLException e) {
      LOG.warn("value sampling skipped: cannot connect: {}", ConnectionSecrets.mask(e.getMessage()));
      return new ProbingCatalogCache.Loaded(clean(read, start, null), token);
    }
  }

  /**
   * Filters, infers foreign keys, samples values (when sampling is on and {@code c} is not null),
   * checks and logs one read that started at {@code start} (nanos). Never throws because of a column.
   */
  private Introspection clean(Catalog read, long start, Connection c) {
    TableFilter.Result r = filter.apply(read);
    Catalog catalog = inferForeignKeys ? TableFilter.inferForeignKeys(r.catalog(), r.dropped()) : r.catalog();
    if (sampler != null && c != null) catalog = sampler.sample(c, catalog).catalog();
    IntrospectionReport report = IntrospectionReport.checked(catalog, r.excluded(), r.dropped());
    Introspection introspection =
        new Introspection(catalog, report, Duration.ofNanos(System.nanoTime() - start), Instant.now());
    log(read, introspection);
    return introspection;
  }

  private static void log(Catalog read, Introspection introspection) {
    IntrospectionReport report = introspection.report();
    long byFilter = report.excludedTables().stream()
        .filter(e -> e.reason() == IntrospectionReport.Reason.FILTER).count();
    LOG.info("introspection kept {} of {} tables ({} excluded by filters, {} as deprecated);"
            + " foreign keys dropped: {}, dangling (to tables outside the catalog): {}, inferred: {};"
            + " tables without primary key: {}, foreign keys with mismatched column types: {}; {} ms",
        introspection.catalog().tables().size(), read.tables().size(), byFilter,
        report.excludedTables().size() - byFilter, report.droppedForeignKeys().size(),
        report.danglingForeignKeys().size(), report.inferredForeignKeys().size(),
        report.tablesWithoutPrimaryKey().size(), report.foreignKeyTypeMismatches().size(),
        introspection.elapsed().toMillis());
    if (LOG.isDebugEnabled()) {
      for (IntrospectionReport.ExcludedTable e : report.excludedTables()) {
        LOG.debug("excluded table {}: {} ({})", e.table(), e.reason(), e.detail());
      }
      for (IntrospectionReport.DroppedForeignKey d : report.droppedForeignKeys()) {
        LOG.debug("dropped foreign key {} on {} {} -> {}: {}", d.foreignKey().name(), d.table(),
            d.foreignKey().columns(), d.foreignKey().referencedTable(), d.reason());
      }
      for (IntrospectionReport.DroppedForeignKey d : report.danglingForeignKeys()) {
        LOG.debug("dangling foreign key {} on {} {} -> {} (not in the catalog)", d.foreignKey().name(), d.table(),
            d.foreignKey().columns(), d.foreignKey().referencedTable());
      }
      for (IntrospectionReport.InferredForeignKey i : report.inferredForeignKeys()) {
        LOG.debug("inferred foreign key on {} {} -> {} {} (confidence {})", i.table(), i.foreignKey().columns(),
            i.foreignKey().referencedTable(), i.foreignKey().referencedColumns(), i.foreignKey().confidence());
      }
      for (TableName t : report.tablesWithoutPrimaryKey()) {
        LOG.debug("table {} has no primary key", t);
      }
      for (IntrospectionReport.TypeMismatch m : report.foreignKeyTypeMismatches()) {
        LOG.debug("foreign key {} on {}: column {} ({}) references {}.{} ({}), a different kind of type",
            m.foreignKey().name(), m.table(), m.column(), m.columnType(), m.foreignKey().referencedTable(),
            m.referencedColumn(), m.referencedType());
      }
    }
  }

  @Override
  public String toString() {
    return "DialectSchemaSource[readers=" + readers + ", probes=" + probes + ", schemas=" + options.schemas()
        + ", " + filter + ", inferForeignKeys=" + inferForeignKeys + (sampler == null ? "" : ", sampling on") + "]";
  }

  /** Configures a {@link DialectSchemaSource}; not thread-safe. */
  public static final class Builder {
    private final DataSource dataSource;
    private Duration ttl = Duration.ofHours(1);
    private final List<String> schemas = new ArrayList<>();
    private List<CatalogReader> readers = builtInReaders();
    private Duration probeInterval = Duration.ofSeconds(30);
    private List<ChangeProbe> probes = ChangeProbe.builtIn();
    private final List<CatalogListener> listeners = new ArrayList<>();
    private LongSupplier ticker = System::nanoTime;
    private final List<String> includes = new ArrayList<>();
    private final List<String> excludes = new ArrayList<>();
    private boolean deprecatedRule = true;
    private final List<String> deprecatedPatterns = new ArrayList<>();
    private ValueSampling sampling;
    private boolean inferForeignKeys = true;

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * How long a catalog is reused before it is read again. Default one hour.
     *
     * @throws IllegalArgumentException when not positive
     */
    public Builder ttl(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.isNegative() || ttl.isZero()) throw new IllegalArgumentException("ttl must be positive: " + ttl);
      this.ttl = ttl;
      return this;
    }

    /**
     * Restricts introspection to a schema (compared ignoring case); call once per schema. Default:
     * every non-system schema.
     */
    public Builder addSchema(String schema) {
      schemas.add(Objects.requireNonNull(schema, "schema"));
      return this;
    }

    /**
     * Replaces the readers tried, in order; the first that supports the dialect is used. Default:
     * {@link #builtInReaders()}. An empty list means always {@code DatabaseMetaData}.
     */
    public Builder readers(List<? extends CatalogReader> readers) {
      Objects.requireNonNull(readers, "readers");
      List<CatalogReader> copy = new ArrayList<>();
      for (CatalogReader r : readers) copy.add(Objects.requireNonNull(r, "readers element"));
      this.readers = copy;
      return this;
    }

    /**
     * How often a cached catalog is checked with the dialect's {@link ChangeProbe}; the catalog is
     * re-read only when the probe's token changed. Default 30 seconds. An interval at or above the
     * {@linkplain #ttl(Duration) TTL} means the probe never runs before the TTL re-reads anyway.
     *
     * @throws IllegalArgumentException when not positive
     */
    public Builder probeInterval(Duration probeInterval) {
      Objects.requireNonNull(probeInterval, "probeInterval");
      if (probeInterval.isNegative() || probeInterval.isZero()) {
        throw new IllegalArgumentException("probeInterval must be positive: " + probeInterval);
      }
      this.probeInterval = probeInterval;
      return this;
    }

    /**
     * Replaces the change probes tried, in order; the first that supports the dialect is used.
     * Default: {@link ChangeProbe#builtIn()}. An empty list turns change detection off (only the TTL
     * and {@link DialectSchemaSource#refresh()} re-read).
     */
    public Builder probes(List<? extends ChangeProbe> probes) {
      Objects.requireNonNull(probes, "probes");
      List<ChangeProbe> copy = new ArrayList<>();
      for (ChangeProbe p : probes) copy.add(Objects.requireNonNull(p, "probes element"));
      this.probes = copy;
      return this;
    }

    /** Adds a listener told about each re-read that changed the catalog; see {@link CatalogListener}. */
    public Builder addListener(CatalogListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Keeps only tables matching at least one of these globs; may be called more than once (the
     * globs add up). A glob uses {@code *} for any run of characters and {@code ?} for one, ignores
     * case, and is matched against both {@code schema.table} and the bare table name, so {@code
     * sales.*} keeps a schema and {@code order*} keeps tables by name. Default: every table.
     * Filters apply after reading and before caching; see {@link IntrospectionReport}.
     *
     * @throws NullPointerException when a glob is null
     * @throws IllegalArgumentException when a glob is blank
     */
    public Builder includeTables(String... globs) {
      addGlobs(includes, globs, "includeTables");
      return this;
    }

    /**
     * Leaves out tables matching any of these globs (same syntax as {@link #includeTables}); checked
     * after the includes. Foreign keys of the remaining tables that reference an excluded table are
     * dropped. Default: none.
     *
     * @throws NullPointerException when a glob is null
     * @throws IllegalArgumentException when a glob is blank
     */
    public Builder excludeTables(String... globs) {
      addGlobs(excludes, globs, "excludeTables");
      return this;
    }

    /**
     * Turns the deprecated-table rule on or off. When on (the default) a table is left out when its
     * name matches {@code *_old}, {@code *_bak}, {@code *_backup}, {@code tmp_*}, {@code temp_*} or
     * a pattern added with {@link #addDeprecatedPattern}, or when its comment contains
     * "deprecated" (ignoring case).
     */
    public Builder deprecatedRule(boolean enabled) {
      this.deprecatedRule = enabled;
      return this;
    }

    /**
     * Adds a table-name glob to the deprecated-table rule (matched against the bare table name,
     * ignoring case), e.g. {@code *_archive}.
     *
     * @throws NullPointerException when {@code glob} is null
     * @throws IllegalArgumentException when {@code glob} is blank
     */
    public Builder addDeprecatedPattern(String glob) {
      addGlobs(deprecatedPatterns, new String[] {glob}, "addDeprecatedPattern");
      return this;
    }

    /**
     * Turns foreign-key inference on or off. When on (the default), after the filters every table gets
     * the foreign keys {@link ForeignKeyInference} infers from column and table names for columns in no
     * declared key (nor in a declared key dropped because its table was excluded), marked inferred with
     * a confidence and listed in the {@link IntrospectionReport}; they are join paths for schema
     * linking, never constraints. When off, the catalog holds only the keys the database declares.
     */
    public Builder inferForeignKeys(boolean enabled) {
      this.inferForeignKeys = enabled;
      return this;
    }

    private static void addGlobs(List<String> into, String[] globs, String property) {
      Objects.requireNonNull(globs, property);
      for (String g : globs) {
        Objects.requireNonNull(g, property + " glob");
        if (g.isBlank()) throw new IllegalArgumentException(property + ": a glob must not be blank");
        into.add(g.trim());
      }
    }

    /**
     * Turns on sampling of distinct values of low-cardinality text columns, with these bounds; see
     * {@link ValueSampling}. Sampling runs after the table filters on each catalog read, on the same
     * connection. Default: off (no column values are read).
     *
     * @throws NullPointerException when {@code sampling} is null
     */
    public Builder sampleValues(ValueSampling sampling) {
      this.sampling = Objects.requireNonNull(sampling, "sampling");
      return this;
    }

    /** Replaces the clock (nanoseconds, like {@link System#nanoTime()}); for tests. */
    Builder ticker(LongSupplier ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /** Builds the source. Nothing connects until the first {@link DialectSchemaSource#catalog()}. */
    public DialectSchemaSource build() {
      return new DialectSchemaSource(this);
    }
  }
}
