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
   * only when needed.
   */
  public String toSql(Dialect dialect) {
    Objects.requireNonNull(dialect, "dialect");
    if (schema.isEmpty()) {
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
