package io.github.dbqueryagent.spi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * An immutable snapshot of a database's tables, views, columns and keys.
 *
 * <p>The {@link #fingerprint()} is a SHA-256 over the structure (schemas, names, kinds, types, sizes,
 * nullability, defaults, generation, keys, indexes, comments, in a stable order; sample values and row
 * estimates are data, not structure, and are left out; so is the JDBC catalog (database) name, so that
 * the same schema in two databases has one fingerprint): two catalogs with the same structure have the same fingerprint and are
 * {@linkplain #equals equal}, and everything cached downstream is keyed by it. Instances are immutable
 * and thread-safe.
 */
public final class Catalog {
  private final String productName;
  private final String productVersion;
  private final Dialect dialect;
  private final List<String> schemas;
  private final List<Table> tables;
  private final Map<TableName, Table> index;
  private final String fingerprint;

  /**
   * Creates a catalog whose schemas are those its tables are in.
   *
   * @param productName the database product name, for example {@code "PostgreSQL"}; null means {@code ""}
   * @param productVersion the product version as the driver reports it; null means {@code ""}
   * @param dialect the detected dialect
   * @param tables the tables and views in any order; they are sorted by name
   * @throws IllegalArgumentException when two tables have the same {@link TableName}
   */
  public Catalog(String productName, String productVersion, Dialect dialect, List<Table> tables) {
    this(productName, productVersion, dialect, List.of(), tables);
  }

  /**
   * Creates a catalog.
   *
   * @param productName the database product name, for example {@code "PostgreSQL"}; null means {@code ""}
   * @param productVersion the product version as the driver reports it; null means {@code ""}
   * @param dialect the detected dialect
   * @param schemas the schemas introspected, empty ones included; the schemas of {@code tables} are
   *     added, and {@code ""} (no schema level) is left out
   * @param tables the tables and views in any order; they are sorted by name
   * @throws IllegalArgumentException when two tables have the same {@link TableName}
   */
  public Catalog(
      String productName, String productVersion, Dialect dialect, List<String> schemas, List<Table> tables) {
    this.productName = productName == null ? "" : productName;
    this.productVersion = productVersion == null ? "" : productVersion;
    this.dialect = Objects.requireNonNull(dialect, "dialect");
    List<Table> sorted = new ArrayList<>(Objects.requireNonNull(tables, "tables"));
    sorted.sort((a, b) -> a.name().compareTo(b.name()));
    this.tables = Collections.unmodifiableList(sorted);
    Map<TableName, Table> m = new HashMap<>();
    TreeSet<String> names = new TreeSet<>();
    for (String schema : Objects.requireNonNull(schemas, "schemas")) {
      if (schema != null && !schema.isEmpty()) names.add(schema);
    }
    for (Table t : sorted) {
      if (m.put(t.name(), t) != null) {
        throw new IllegalArgumentException("duplicate table in catalog: " + t.name());
      }
      if (!t.name().schema().isEmpty()) names.add(t.name().schema());
    }
    this.index = Collections.unmodifiableMap(m);
    this.schemas = List.copyOf(names);
    this.fingerprint = computeFingerprint(this.dialect, this.schemas, this.tables);
  }

  /**
   * Returns a catalog with the same product, dialect and schemas and other tables.
   *
   * @throws IllegalArgumentException when two tables have the same {@link TableName}
   */
  public Catalog withTables(List<Table> newTables) {
    return new Catalog(productName, productVersion, dialect, schemas, newTables);
  }

  /** Returns the database product name, or {@code ""}. */
  public String productName() {
    return productName;
  }

  /** Returns the database product version, or {@code ""}. */
  public String productVersion() {
    return productVersion;
  }

  /** Returns the detected dialect. */
  public Dialect dialect() {
    return dialect;
  }

  /**
   * Returns the schema names, sorted, unmodifiable, never null; empty for databases without a schema
   * level (SQLite, MySQL, where a "schema" is a database and tables carry none).
   */
  public List<String> schemas() {
    return schemas;
  }

  /** Returns the tables and views sorted by name; unmodifiable, never null. */
  public List<Table> tables() {
    return tables;
  }

  /**
   * Finds a table by identity.
   *
   * @return the table, or empty
   */
  public Optional<Table> table(TableName name) {
    Objects.requireNonNull(name, "name");
    return Optional.ofNullable(index.get(name));
  }

  /**
   * Finds tables by unqualified name, ignoring case; several when schemas share a name.
   *
   * @return matching tables, possibly empty, never null
   */
  public List<Table> tablesNamed(String name) {
    Objects.requireNonNull(name, "name");
    String lower = name.toLowerCase(Locale.ROOT);
    List<Table> out = new ArrayList<>();
    for (Table t : tables) {
      if (t.name().name().toLowerCase(Locale.ROOT).equals(lower)) out.add(t);
    }
    return out;
  }

  /** Returns the number of foreign keys over all tables, inferred ones included. */
  public int foreignKeyCount() {
    int n = 0;
    for (Table t : tables) n += t.foreignKeys().size();
    return n;
  }

  /** Returns the number of columns over all tables. */
  public int columnCount() {
    int n = 0;
    for (Table t : tables) n += t.columns().size();
    return n;
  }

  /** Returns a lower-case hex SHA-256 of the catalog's structure; stable across runs and JVMs. */
  public String fingerprint() {
    return fingerprint;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Catalog && ((Catalog) o).fingerprint.equals(fingerprint);
  }

  @Override
  public int hashCode() {
    return fingerprint.hashCode();
  }

  @Override
  public String toString() {
    return "Catalog[" + productName + " " + productVersion + ", " + dialect + ", " + tables.size()
        + " tables, fingerprint=" + fingerprint.substring(0, 12) + "]";
  }

  private static String computeFingerprint(Dialect dialect, List<String> schemas, List<Table> tables) {
    StringBuilder sb = new StringBuilder(4096);
    sb.append(dialect).append('\n');
    sb.append("S|").append(String.join("|", schemas)).append('\n');
    for (Table t : tables) {
      sb.append("T|").append(t.name().schema()).append('|')
          .append(t.name().name()).append('|').append(t.kind()).append('|').append(t.comment()).append('\n');
      for (Column col : t.columns()) {
        sb.append(" C|").append(col.name()).append('|').append(col.typeName()).append('|')
            .append(col.jdbcType()).append('|').append(col.nullable()).append('|').append(col.comment())
            .append('|').append(col.size()).append('|').append(col.scale()).append('|')
            .append(col.defaultValue()).append('|').append(col.generation()).append('\n');
      }
      sb.append(" P|").append(String.join(",", t.primaryKey())).append('\n');
      for (ForeignKey fk : t.foreignKeys()) {
        sb.append(" F|").append(fk.name()).append('|').append(String.join(",", fk.columns())).append('|')
            .append(fk.referencedTable().schema()).append('|')
            .append(fk.referencedTable().name()).append('|').append(String.join(",", fk.referencedColumns()))
            .append('|').append(fk.inferred()).append('|').append(fk.confidence()).append('\n');
      }
      for (UniqueKey u : t.uniqueKeys()) {
        sb.append(" U|").append(u.name()).append('|').append(String.join(",", u.columns())).append('\n');
      }
      for (Index i : t.indexes()) {
        sb.append(" I|").append(i.name()).append('|').append(String.join(",", i.columns())).append('|')
            .append(i.unique()).append('\n');
      }
    }
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
