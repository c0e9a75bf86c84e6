package io.github.dbqueryagent.introspect;

import io.github.dbqueryagent.spi.SchemaSource;
import io.github.dbqueryagent.spi.SchemaSourceProvider;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Makes {@link DialectSchemaSource} the default {@link SchemaSource#jdbc(DataSource)} (and so the
 * default schema source of {@code DatabaseQueryAgent.builder()}) whenever this module is on the class
 * path. Registered in {@code META-INF/services/io.github.dbqueryagent.spi.SchemaSourceProvider}; found
 * by core through {@link java.util.ServiceLoader}. Applications do not call it; to configure schemas or
 * readers, build a {@link DialectSchemaSource} and pass it with {@code schemaSource(...)}.
 *
 * <p>Stateless and thread-safe.
 */
public final class DialectSchemaSourceProvider implements SchemaSourceProvider {

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public DialectSchemaSourceProvider() {}

  /**
   * Returns {@code "jdbc-introspect"}.
   *
   * @return the name, never null
   */
  @Override
  public String name() {
    return "jdbc-introspect";
  }

  /**
   * Returns a {@link DialectSchemaSource} with the {@linkplain DialectSchemaSource#builtInReaders()
   * built-in readers}, every non-system schema, the given time-to-live and the builder's other
   * defaults (deprecated-table rule and foreign-key inference on). Does not connect.
   *
   * @param dataSource where to connect; not null
   * @param ttl cache time-to-live; positive
   * @return a new source, never null
   * @throws NullPointerException when an argument is null
   * @throws IllegalArgumentException when {@code ttl} is not positive
   */
  @Override
  public SchemaSource create(DataSource dataSource, Duration ttl) {
    return DialectSchemaSource.builder(dataSource).ttl(ttl).build();
  }

  @Override
  public String toString() {
    return "DialectSchemaSourceProvider[" + name() + "]";
  }
}
