package io.github.dbqueryagent.spi;

import io.github.dbqueryagent.internal.schema.SchemaSourceProviders;
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
   * Returns the default source over a data source, cached for one hour.
   *
   * <p>When exactly one {@link SchemaSourceProvider} is registered on the class path (through {@link
   * java.util.ServiceLoader}, {@code META-INF/services/io.github.dbqueryagent.spi.SchemaSourceProvider}),
   * its source is returned: adding {@code db-query-agent-jdbc-introspect} to the class path makes this
   * the dialect-aware bulk introspection. With no provider, the source introspects through {@link
   * java.sql.DatabaseMetaData} (tables, views, columns, primary and foreign keys, comments) every
   * non-system schema the connection can see. Discovery runs once per JVM, over the class loader that
   * loaded core, and its result is cached; which source is used is logged at debug level by {@code
   * io.github.dbqueryagent.internal.schema.SchemaSourceProviders}. Nothing connects until the first
   * {@link #catalog()}.
   *
   * @param dataSource where to connect; the source borrows a connection per introspection and closes it
   * @return a new source, never null
   * @throws NullPointerException when {@code dataSource} is null
   * @throws io.github.dbqueryagent.ConfigurationException when more than one provider is on the class
   *     path (the message lists their class names; pass a source explicitly with {@code
   *     DatabaseQueryAgent.Builder.schemaSource(...)}), or a registered provider cannot be loaded
   */
  static SchemaSource jdbc(DataSource dataSource) {
    return SchemaSourceProviders.create(dataSource, Duration.ofHours(1));
  }

  /**
   * Returns the default source, as {@link #jdbc(DataSource)} chooses it, with a cache time-to-live.
   *
   * @param dataSource where to connect
   * @param ttl how long a catalog is reused before it is read again; positive
   * @return a new source, never null
   * @throws NullPointerException when an argument is null
   * @throws IllegalArgumentException when {@code ttl} is zero or negative
   * @throws io.github.dbqueryagent.ConfigurationException as {@link #jdbc(DataSource)} does
   */
  static SchemaSource jdbc(DataSource dataSource, Duration ttl) {
    return SchemaSourceProviders.create(dataSource, ttl);
  }

  /** Returns a source that always returns the given catalog (for tests and pre-built catalogs). */
  static SchemaSource fixed(Catalog catalog) {
    java.util.Objects.requireNonNull(catalog, "catalog");
    return () -> catalog;
  }
}
