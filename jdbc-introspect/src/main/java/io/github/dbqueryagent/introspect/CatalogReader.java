package io.github.dbqueryagent.introspect;

import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Dialect;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Reads a whole catalog from one connection in a few bulk catalog queries (never one round trip per
 * table). One implementation per dialect family; implementations are stateless and thread-safe.
 */
public interface CatalogReader {

  /** Returns whether this reader understands the dialect's system catalog. */
  boolean supports(Dialect dialect);

  /**
   * Reads the tables and views (with columns, primary and foreign keys, comments and row estimates
   * where the database keeps them) of every non-system schema, or of {@link
   * IntrospectionOptions#schemas()} when given. The caller owns and closes the connection.
   *
   * @param connection an open connection to the database
   * @param options what to read
   * @return the catalog, never null
   * @throws SQLException when a catalog query fails
   */
  Catalog read(Connection connection, IntrospectionOptions options) throws SQLException;
}
