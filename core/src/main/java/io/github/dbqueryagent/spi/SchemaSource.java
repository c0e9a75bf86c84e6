package io.github.dbqueryagent.spi;

import io.github.dbqueryagent.internal.schema.JdbcSchemaSource;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Supplies the {@link Catalog} of the database the agent answers questions about.
 *
 * <p>Implementations cache: {@link #catalog()} is called once per question and must be cheap after the
 * first call. They must be thread-safe.
 */
@FunctionalInterface
public interface SchemaSource {

  /**
   * Returns the current catalog.
   *
   * @return the catalog, never null
   * @throws io.github.dbqueryagent.SchemaIntrospectionException when the database cannot be read
   */
  Catalog catalog();

  /**
   * Returns the default source: introspection through {@link java.sql.DatabaseMetaData} (tables,
   * views, columns, primary and foreign keys, comments) of every non-system schema the connection can
   * see, cached for one hour.
   *
   * @param dataSource where to connect; the source borrows a connection per introspection and closes it
   */
  static SchemaSource jdbc(DataSource dataSource) {
    return JdbcSchemaSource.builder(dataSource).build();
  }

  /**
   * Returns the default source with a cache time-to-live.
   *
   * @param dataSource where to connect
   * @param ttl how long a catalog is reused before it is read again; positive
   */
  static SchemaSource jdbc(DataSource dataSource, Duration ttl) {
    return JdbcSchemaSource.builder(dataSource).ttl(ttl).build();
  }

  /** Returns a source that always returns the given catalog (for tests and pre-built catalogs). */
  static SchemaSource fixed(Catalog catalog) {
    java.util.Objects.requireNonNull(catalog, "catalog");
    return () -> catalog;
  }
}
