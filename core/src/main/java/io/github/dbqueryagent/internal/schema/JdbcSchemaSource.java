package io.github.dbqueryagent.internal.schema;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.github.dbqueryagent.SchemaIntrospectionException;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.ForeignKey;
import io.github.dbqueryagent.spi.Index;
import io.github.dbqueryagent.spi.SchemaSource;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import io.github.dbqueryagent.spi.UniqueKey;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Introspects a database through {@link DatabaseMetaData}: tables, views and materialized views of
 * every non-system schema (or the configured ones), the schema list ({@code getSchemas}, empty ones
 * included, filtered like the tables; none for MySQL and MariaDB, whose databases are catalogs),
 * columns in one bulk {@code getColumns} call per schema, primary and foreign keys and indexes
 * ({@code getIndexInfo}, approximate) per table, and comments. The catalog is cached for the
 * configured time-to-live (default one hour); {@link #refresh()} drops it. Thread-safe; concurrent
 * callers share one load.
 *
 * <p>Column facts come from {@code getColumns}: size is {@code COLUMN_SIZE} for character types
 * ({@code -1} when the driver reports no limit: a value of 1,000,000,000 or more, as H2, sqlite-jdbc
 * and pgjdbc report for unbounded text) and for {@code DECIMAL}/{@code NUMERIC}, whose scale is {@code
 * DECIMAL_DIGITS}; every other type has size and scale {@code -1} (drivers disagree on integer and
 * floating-point precision: digits, bits or 2,000,000,000). The default is {@code COLUMN_DEF} as the
 * driver gives it. {@code IS_GENERATEDCOLUMN = 'YES'} is {@link Column.Generation#COMPUTED} (with {@code
 * COLUMN_DEF} as its expression where the driver puts it there, pgjdbc does, H2 does not, so it may
 * be {@code ""}); otherwise {@code IS_AUTOINCREMENT = 'YES'} is {@link Column.Generation#IDENTITY}. A
 * driver's answer is taken as it is: sqlite-jdbc, for example, reports a rowid alias without {@code
 * AUTOINCREMENT} as not auto-incremented and maps {@code NUMERIC(10,2)} to {@code FLOAT}.
 *
 * <p>Indexes are the rows of {@code getIndexInfo(..., unique=false, approximate=true)} for tables and
 * materialized views (views have none), statistics rows left out, columns in {@code ORDINAL_POSITION}
 * order; a term without a column name (an expression the driver does not render) is {@code
 * "<expression>"}. {@code DatabaseMetaData} does not tell unique constraints from unique indexes, so every
 * unique index whose columns are not exactly the primary key's stands for a unique key, named by the
 * index.
 *
 * <p>Foreign keys that are not declared are inferred from names ({@link
 * io.github.dbqueryagent.spi.ForeignKeyInference}) unless {@link Builder#inferForeignKeys(boolean)} turns
 * that off.
 */
public final class JdbcSchemaSource implements SchemaSource {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcSchemaSource.class);
  private static final Set<String> SYSTEM_SCHEMAS =
      Set.of("information_schema", "pg_catalog", "pg_toast", "sys", "mysql", "performance_schema",
          "db_accessadmin", "db_backupoperator", "db_datareader", "db_datawriter", "db_ddladmin",
          "db_denydatareader", "db_denydatawriter", "db_owner", "db_securityadmin", "guest", "ctxsys",
          "mdsys", "outln", "system", "xdb", "wmsys", "olapsys", "exfsys", "dbsnmp", "appqossys");
  private static final String[] TABLE_TYPES = {"TABLE", "BASE TABLE", "VIEW", "MATERIALIZED VIEW", "PARTITIONED TABLE"};
  /** The column name of an index term that the driver reports without one (an expression). */
  static final String EXPRESSION = "<expression>";

  private final DataSource dataSource;
  private final List<String> schemas;
  private final boolean inferForeignKeys;
  private final LoadingCache<String, Catalog> cache;

  private JdbcSchemaSource(Builder b) {
    this.dataSource = b.dataSource;
    this.schemas = List.copyOf(b.schemas);
    this.inferForeignKeys = b.inferForeignKeys;
    this.cache = Caffeine.newBuilder().expireAfterWrite(b.ttl).maximumSize(1).build(k -> load());
  }

  /** Returns a builder over a data source. */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  @Override
  public Catalog catalog() {
    try {
      return cache.get("catalog");
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException) throw (RuntimeException) e.getCause();
      throw e;
    }
  }

  /** Drops the cached catalog; the next {@link #catalog()} reads the database again. */
  public void refresh() {
    cache.invalidateAll();
  }

  private Catalog load() {
    long start = System.nanoTime();
    try (Connection c = dataSource.getConnection()) {
      DatabaseMetaData md = c.getMetaData();
      String product = md.getDatabaseProductName();
      Dialect dialect = Dialect.fromProductName(product);
      String currentCatalog = null;
      if (dialect == Dialect.MYSQL || dialect == Dialect.MARIADB) {
        currentCatalog = c.getCatalog();
      }
      Map<TableName, String[]> tableInfo = new LinkedHashMap<>();
      try (ResultSet rs = md.getTables(currentCatalog, null, "%", TABLE_TYPES)) {
        while (rs.next()) {
          String cat = rs.getString("TABLE_CAT");
          String schema = rs.getString("TABLE_SCHEM");
          String name = rs.getString("TABLE_NAME");
          String type = rs.getString("TABLE_TYPE");
          if (name == null || !includeSchema(dialect, schema != null ? schema : cat)) continue;
          if (dialect == Dialect.SQLITE && name.startsWith("sqlite_")) continue;
          tableInfo.put(new TableName(cat, schema, name), new String[] {type, rs.getString("REMARKS")});
        }
      }
      Map<TableName, List<Column>> columns = new HashMap<>();
      Set<String> schemaKeys = new java.util.HashSet<>();
      for (TableName t : tableInfo.keySet()) schemaKeys.add(t.catalog() + "\u0000" + t.schema());
      for (String key : schemaKeys) {
        String[] parts = key.split("\u0000", -1);
        try {
          readColumns(md, parts[0].isEmpty() ? null : parts[0], parts[1].isEmpty() ? null : parts[1], tableInfo,
              columns);
        } catch (SQLException e) {
          // some drivers build one statement over every table for a bulk getColumns and fail on wide
          // schemas (sqlite-jdbc: SQLITE_TOOBIG at about 1,000 tables); the per-table reads below cover it
          LOG.debug("bulk getColumns failed ({}); reading columns table by table", e.getMessage());
        }
      }
      List<Table> tables = new ArrayList<>();
      for (Map.Entry<TableName, String[]> e : tableInfo.entrySet()) {
        TableName tn = e.getKey();
        List<Column> cols = columns.getOrDefault(tn, List.of());
        if (cols.isEmpty()) {
          cols = readTableColumns(md, tn);
        }
        if (cols.isEmpty()) {
          LOG.debug("skipping {}: no readable columns", tn);
          continue;
        }
        String type = e.getValue()[0] == null ? "TABLE" : e.getValue()[0].toUpperCase(Locale.ROOT);
        Table.Kind kind = type.contains("MATERIALIZED") ? Table.Kind.MATERIALIZED_VIEW
            : type.contains("VIEW") ? Table.Kind.VIEW : Table.Kind.TABLE;
        List<String> pk = kind == Table.Kind.TABLE ? primaryKey(md, tn) : List.of();
        List<ForeignKey> fks = kind == Table.Kind.TABLE ? foreignKeys(md, tn) : List.of();
        List<Index> indexes = kind == Table.Kind.VIEW ? List.of() : indexes(md, tn);
        tables.add(new Table(tn, kind, e.getValue()[1], cols, pk, fks, -1, uniqueKeys(indexes, pk), indexes));
      }
      List<String> schemaNames = dialect == Dialect.MYSQL || dialect == Dialect.MARIADB
          ? List.of() : schemas(md, dialect);
      Catalog catalog = new Catalog(product, md.getDatabaseProductVersion(), dialect, schemaNames, tables);
      if (inferForeignKeys) catalog = io.github.dbqueryagent.spi.ForeignKeyInference.apply(catalog);
      LOG.debug("introspected {} tables, {} columns in {} ms", tables.size(), catalog.columnCount(),
          (System.nanoTime() - start) / 1_000_000);
      return catalog;
    } catch (SQLException e) {
      throw new SchemaIntrospectionException("cannot read the database catalog: " + e.getMessage(), e);
    }
  }

  /** Lists the schemas {@code getSchemas} reports that the filter keeps; empty when the driver has none. */
  private List<String> schemas(DatabaseMetaData md, Dialect dialect) throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = md.getSchemas()) {
      while (rs.next()) {
        String schema = rs.getString("TABLE_SCHEM");
        if (schema != null && !schema.isEmpty() && includeSchema(dialect, schema)) out.add(schema);
      }
    } catch (SQLFeatureNotSupportedException e) {
      LOG.debug("the driver lists no schemas: {}", e.getMessage());
    }
    return out;
  }

  private boolean includeSchema(Dialect dialect, String schema) {
    if (!schemas.isEmpty()) {
      return schema != null && schemas.stream().anyMatch(s -> s.equalsIgnoreCase(schema));
    }
    if (schema == null) return true;
    String s = schema.toLowerCase(Locale.ROOT);
    if (SYSTEM_SCHEMAS.contains(s)) return false;
    if (dialect == Dialect.POSTGRESQL && (s.startsWith("pg_temp") || s.startsWith("pg_toast"))) return false;
    return true;
  }

  private static void readColumns(
      DatabaseMetaData md, String cat, String schema, Map<TableName, String[]> tables, Map<TableName, List<Column>> out)
      throws SQLException {
    Map<TableName, TreeMap<Integer, Column>> ordered = new HashMap<>();
    try (ResultSet rs = md.getColumns(cat, schema, "%", "%")) {
      Set<String> labels = labels(rs);
      while (rs.next()) {
        TableName tn = new TableName(rs.getString("TABLE_CAT"), rs.getString("TABLE_SCHEM"), rs.getString("TABLE_NAME"));
        if (!tables.containsKey(tn)) continue;
        int pos = rs.getInt("ORDINAL_POSITION");
        ordered.computeIfAbsent(tn, k -> new TreeMap<>()).put(pos, column(rs, labels));
      }
    }
    for (Map.Entry<TableName, TreeMap<Integer, Column>> e : ordered.entrySet()) {
      out.put(e.getKey(), new ArrayList<>(e.getValue().values()));
    }
  }

  private static List<Column> readTableColumns(DatabaseMetaData md, TableName tn) throws SQLException {
    TreeMap<Integer, Column> ordered = new TreeMap<>();
    try (ResultSet rs = md.getColumns(emptyToNull(tn.catalog()), emptyToNull(tn.schema()), tn.name(), "%")) {
      Set<String> labels = labels(rs);
      while (rs.next()) {
        if (!tn.name().equals(rs.getString("TABLE_NAME"))) continue;
        ordered.put(rs.getInt("ORDINAL_POSITION"), column(rs, labels));
      }
    }
    return new ArrayList<>(ordered.values());
  }

  /** Returns the upper-case column labels of a result set (older drivers lack the JDBC 4.1 ones). */
  private static Set<String> labels(ResultSet rs) throws SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    Set<String> out = new HashSet<>();
    for (int i = 1; i <= meta.getColumnCount(); i++) out.add(meta.getColumnLabel(i).toUpperCase(Locale.ROOT));
    return out;
  }

  private static Column column(ResultSet rs, Set<String> labels) throws SQLException {
    String name = rs.getString("COLUMN_NAME");
    String typeName = rs.getString("TYPE_NAME");
    int jdbcType = rs.getInt("DATA_TYPE");
    boolean nullable = rs.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls;
    String remarks = rs.getString("REMARKS");
    long columnSize = rs.getLong("COLUMN_SIZE");
    if (rs.wasNull()) columnSize = -1;
    int decimalDigits = rs.getInt("DECIMAL_DIGITS");
    if (rs.wasNull()) decimalDigits = -1;
    int[] sizeScale = ColumnSizes.sizeAndScale(jdbcType, columnSize, columnSize, decimalDigits);
    String defaultValue = labels.contains("COLUMN_DEF") ? rs.getString("COLUMN_DEF") : null;
    Column.Generation generation = Column.Generation.NONE;
    if (labels.contains("IS_GENERATEDCOLUMN") && "YES".equalsIgnoreCase(rs.getString("IS_GENERATEDCOLUMN"))) {
      generation = Column.Generation.COMPUTED;
    } else if (labels.contains("IS_AUTOINCREMENT") && "YES".equalsIgnoreCase(rs.getString("IS_AUTOINCREMENT"))) {
      generation = Column.Generation.IDENTITY;
    }
    return new Column(name, typeName, jdbcType, nullable, remarks, List.of(), sizeScale[0], sizeScale[1], defaultValue,
        generation);
  }

  /**
   * Reads a table's indexes with {@code getIndexInfo(approximate=true)}, leaving out statistics rows;
   * columns in {@code ORDINAL_POSITION} order, in the order the driver reports the indexes.
   */
  private static List<Index> indexes(DatabaseMetaData md, TableName tn) throws SQLException {
    Map<String, TreeMap<Integer, String>> columns = new LinkedHashMap<>();
    Map<String, Boolean> unique = new HashMap<>();
    try (ResultSet rs = md.getIndexInfo(emptyToNull(tn.catalog()), emptyToNull(tn.schema()), tn.name(), false, true)) {
      while (rs.next()) {
        if (rs.getShort("TYPE") == DatabaseMetaData.tableIndexStatistic) continue;
        String name = rs.getString("INDEX_NAME");
        String key = name == null ? "" : name;
        String column = rs.getString("COLUMN_NAME");
        unique.put(key, !rs.getBoolean("NON_UNIQUE"));
        TreeMap<Integer, String> cols = columns.computeIfAbsent(key, k -> new TreeMap<>());
        cols.put(rs.getInt("ORDINAL_POSITION"), column == null ? EXPRESSION : column);
      }
    } catch (SQLFeatureNotSupportedException e) {
      LOG.debug("the driver reports no indexes of {}: {}", tn, e.getMessage());
      return List.of();
    }
    List<Index> out = new ArrayList<>();
    for (Map.Entry<String, TreeMap<Integer, String>> e : columns.entrySet()) {
      out.add(new Index(e.getKey(), new ArrayList<>(e.getValue().values()), unique.get(e.getKey())));
    }
    return out;
  }

  /** Every unique index whose columns are not exactly the primary key's stands for a unique key. */
  private static List<UniqueKey> uniqueKeys(List<Index> indexes, List<String> primaryKey) {
    Set<String> pk = new HashSet<>(primaryKey);
    List<UniqueKey> out = new ArrayList<>();
    for (Index index : indexes) {
      if (index.unique() && !new HashSet<>(index.columns()).equals(pk)) {
        out.add(new UniqueKey(index.name(), index.columns()));
      }
    }
    return out;
  }

  private static List<String> primaryKey(DatabaseMetaData md, TableName tn) throws SQLException {
    TreeMap<Integer, String> cols = new TreeMap<>();
    try (ResultSet rs = md.getPrimaryKeys(emptyToNull(tn.catalog()), emptyToNull(tn.schema()), tn.name())) {
      while (rs.next()) cols.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME"));
    }
    return new ArrayList<>(cols.values());
  }

  private static List<ForeignKey> foreignKeys(DatabaseMetaData md, TableName tn) throws SQLException {
    // group the key's columns by constraint; unnamed keys restart at KEY_SEQ 1
    List<ForeignKey> out = new ArrayList<>();
    Map<String, List<String[]>> groups = new LinkedHashMap<>();
    Map<String, TableName> referenced = new HashMap<>();
    int unnamed = 0;
    String currentKey = null;
    try (ResultSet rs = md.getImportedKeys(emptyToNull(tn.catalog()), emptyToNull(tn.schema()), tn.name())) {
      while (rs.next()) {
        String fkName = rs.getString("FK_NAME");
        int seq = rs.getInt("KEY_SEQ");
        TableName ref = new TableName(rs.getString("PKTABLE_CAT"), rs.getString("PKTABLE_SCHEM"), rs.getString("PKTABLE_NAME"));
        String key;
        if (fkName != null && !fkName.isEmpty()) {
          key = fkName + "\u0000" + ref;
        } else {
          if (seq <= 1 || currentKey == null) unnamed++;
          key = "\u0000unnamed" + unnamed + "\u0000" + ref;
        }
        currentKey = key;
        referenced.put(key, ref);
        groups.computeIfAbsent(key, k -> new ArrayList<>())
            .add(new String[] {String.valueOf(seq), rs.getString("FKCOLUMN_NAME"), rs.getString("PKCOLUMN_NAME"), fkName});
      }
    }
    for (Map.Entry<String, List<String[]>> g : groups.entrySet()) {
      List<String[]> parts = g.getValue();
      parts.sort((a, b) -> Integer.compare(Integer.parseInt(a[0]), Integer.parseInt(b[0])));
      List<String> cols = new ArrayList<>();
      List<String> refCols = new ArrayList<>();
      for (String[] p : parts) {
        cols.add(p[1]);
        refCols.add(p[2]);
      }
      TableName ref = referenced.get(g.getKey());
      if (refCols.stream().anyMatch(Objects::isNull)) {
        continue; // SQLite reports keys to the referenced table's implicit primary key without columns
      }
      out.add(new ForeignKey(parts.get(0)[3], cols, ref, refCols));
    }
    return out;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  @Override
  public String toString() {
    return "JdbcSchemaSource[" + dataSource + "]";
  }

  /** Configures a {@link JdbcSchemaSource}. */
  public static final class Builder {
    private final DataSource dataSource;
    private Duration ttl = Duration.ofHours(1);
    private final List<String> schemas = new ArrayList<>();
    private boolean inferForeignKeys = true;

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** How long a catalog is reused, positive. Default one hour. */
    public Builder ttl(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.isNegative() || ttl.isZero()) throw new IllegalArgumentException("ttl must be positive: " + ttl);
      this.ttl = ttl;
      return this;
    }

    /** Restricts introspection to a schema (case-insensitive); call once per schema. Default: all non-system schemas. */
    public Builder addSchema(String schema) {
      schemas.add(Objects.requireNonNull(schema, "schema"));
      return this;
    }

    /**
     * Whether foreign keys are inferred from column names where none is declared ({@link
     * io.github.dbqueryagent.spi.ForeignKeyInference}, marked {@link io.github.dbqueryagent.spi.ForeignKey#inferred()}).
     * Default {@code true}. Every later stage (join paths, retrieval, prompts) uses exactly the keys of the
     * catalog, so {@code false} means no inferred join anywhere.
     */
    public Builder inferForeignKeys(boolean enabled) {
      this.inferForeignKeys = enabled;
      return this;
    }

    /** Builds the source. Nothing connects until the first {@link JdbcSchemaSource#catalog()}. */
    public JdbcSchemaSource build() {
      return new JdbcSchemaSource(this);
    }
  }
}
