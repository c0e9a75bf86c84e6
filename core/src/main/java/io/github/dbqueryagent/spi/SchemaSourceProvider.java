package io.github.dbqueryagent.spi;

import java.time.Duration;
import javax.sql.DataSource;

/**
 * A factory for the default {@link SchemaSource} that {@link SchemaSource#jdbc(DataSource)} (and so
 * {@link io.github.dbqueryagent.DatabaseQueryAgent.Builder#build()} without a schema source) returns,
 * discovered with {@link java.util.ServiceLoader}.
 *
 * <p>A module that reads catalogs better than {@link java.sql.DatabaseMetaData} (such as {@code
 * db-query-agent-jdbc-introspect}) registers one implementation in {@code
 * META-INF/services/io.github.dbqueryagent.spi.SchemaSourceProvider}; putting its jar on the class path
 * is then enough to make it the default. With no provider, core's {@code DatabaseMetaData}
 * introspection is used; with more than one, {@link SchemaSource#jdbc(DataSource)} throws a {@link
 * io.github.dbqueryagent.ConfigurationException} that lists them, and the caller must pick one with
 * {@code DatabaseQueryAgent.Builder.schemaSource(...)}. Callers never use this interface directly.
 *
 * <p>Implementations need a public no-argument constructor and must be thread-safe; {@link #create}
 * may be called many times.
 */
public interface SchemaSourceProvider {

  /**
   * Returns a short, human-readable name for messages and logs, such as {@code "jdbc-introspect"}.
   *
   * @return the name, never null or blank
   */
  String name();

  /**
   * Returns a new schema source over the data source. Must not connect: the source reads the
   * database on its first {@link SchemaSource#catalog()}.
   *
   * @param dataSource where to connect; never null; the source borrows connections and closes them
   * @param ttl how long a catalog is reused before it is read again; never null, always positive
   * @return the source, never null
   */
  SchemaSource create(DataSource dataSource, Duration ttl);
}
