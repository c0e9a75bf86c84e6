package io.github.dbqueryagent.introspect;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.github.dbqueryagent.SchemaIntrospectionException;
import io.github.dbqueryagent.internal.schema.JdbcSchemaSource;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.SchemaSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;
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
 * (default one hour); {@link #refresh()} drops it. Thread-safe; concurrent callers share one load,
 * and a cached {@link #catalog()} does not block or touch the database.
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
  private final LoadingCache<String, Catalog> cache;

  private DialectSchemaSource(Builder b) {
    this.dataSource = b.dataSource;
    this.readers = List.copyOf(b.readers);
    this.options = new IntrospectionOptions(b.schemas);
    JdbcSchemaSource.Builder fb = JdbcSchemaSource.builder(b.dataSource).ttl(b.ttl);
    b.schemas.forEach(fb::addSchema);
    this.fallback = fb.build();
    this.cache = Caffeine.newBuilder().expireAfterWrite(b.ttl).maximumSize(1).build(k -> load());
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
    return List.of(new PostgresCatalogReader(), new MySqlCatalogReader(), new SqliteCatalogReader(), new H2CatalogReader(), new SqlServerCatalogReader());
  }

  /**
   * Returns the cached catalog, reading the database when there is none or it expired.
   *
   * @return the catalog, never null
   * @throws SchemaIntrospectionException when the database cannot be read; the message carries the
   *     driver's message but never the URL or credentials
   */
  @Override
  public Catalog catalog() {
    try {
      return cache.get("catalog");
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException) throw (RuntimeException) e.getCause();
      throw e;
    }
  }

  /** Drops the cached catalog; the next {@link #catalog()} reads the database again. */
  public void refresh() {
    cache.invalidateAll();
    fallback.refresh();
  }

  private Catalog load() {
    long start = System.nanoTime();
    CatalogReader reader = null;
    try (Connection c = dataSource.getConnection()) {
      Dialect dialect = Dialect.fromProductName(c.getMetaData().getDatabaseProductName());
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
        return catalog;
      }
    } catch (SQLException e) {
      throw new SchemaIntrospectionException(
          "cannot read the database catalog" + (reader == null ? "" : " with " + reader) + ": "
              + e.getMessage() + " (SQLState " + e.getSQLState() + ")", e);
    }
    LOG.debug("no catalog reader for this database; falling back to DatabaseMetaData");
    fallback.refresh();
    return fallback.catalog();
  }

  @Override
  public String toString() {
    return "DialectSchemaSource[readers=" + readers + ", schemas=" + options.schemas() + "]";
  }

  /** Configures a {@link DialectSchemaSource}; not thread-safe. */
  public static final class Builder {
    private final DataSource dataSource;
    private Duration ttl = Duration.ofHours(1);
    private final List<String> schemas = new ArrayList<>();
    private List<CatalogReader> readers = builtInReaders();

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

    /** Builds the source. Nothing connects until the first {@link DialectSchemaSource#catalog()}. */
    public DialectSchemaSource build() {
      return new DialectSchemaSource(this);
    }
  }
}
