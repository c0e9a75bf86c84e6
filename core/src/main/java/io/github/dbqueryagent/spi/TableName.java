package io.github.dbqueryagent.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * The identity of a table or view: its catalog, schema and name exactly as the database reports them.
 *
 * <p>Same-named tables in different schemas are different {@code TableName}s. {@code catalog} and
 * {@code schema} are empty strings (never null) when the database has no such level (SQLite, MySQL
 * schemas).
 *
 * @param catalog the JDBC catalog, or {@code ""}
 * @param schema the schema, or {@code ""}
 * @param name the table name, never empty
 */
public record TableName(String catalog, String schema, String name) implements Comparable<TableName> {

  /** Checks the components. */
  public TableName {
    catalog = catalog == null ? "" : catalog;
    schema = schema == null ? "" : schema;
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("table name must not be empty");
    }
  }

  /** Creates a name without catalog or schema. */
  public static TableName of(String name) {
    return new TableName("", "", name);
  }

  /** Creates a schema-qualified name without catalog. */
  public static TableName of(String schema, String name) {
    return new TableName("", schema, name);
  }

  /** Returns the schema when there is one. */
  public Optional<String> schemaName() {
    return schema.isEmpty() ? Optional.empty() : Optional.of(schema);
  }

  /**
   * Renders the name for SQL in a dialect: schema-qualified when a schema is known, each part quoted
   * only when needed. In MySQL and MariaDB, whose databases are JDBC catalogs and play the part of
   * schemas, a name with a catalog and no schema is qualified with the catalog ({@code shop.customer}),
   * so that SQL over a catalog read from several databases runs against the right one whatever the
   * connection's current database.
   */
  public String toSql(Dialect dialect) {
    Objects.requireNonNull(dialect, "dialect");
    if (schema.isEmpty()) {
      if (!catalog.isEmpty() && (dialect == Dialect.MYSQL || dialect == Dialect.MARIADB)) {
        return dialect.quote(catalog) + "." + dialect.quote(name);
      }
      return dialect.quote(name);
    }
    return dialect.quote(schema) + "." + dialect.quote(name);
  }

  @Override
  public int compareTo(TableName o) {
    int c = catalog.compareTo(o.catalog);
    if (c != 0) return c;
    c = schema.compareTo(o.schema);
    return c != 0 ? c : name.compareTo(o.name);
  }

  /** Returns {@code schema.name} or {@code name}, unquoted, for display. */
  @Override
  public String toString() {
    return schema.isEmpty() ? name : schema + "." + name;
  }
}
