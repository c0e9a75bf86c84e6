package io.github.dbqueryagent.introspect;

import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a Microsoft SQL Server (or Azure SQL Database) catalog from the {@code sys} catalog views in
 * eight queries, whatever the number of tables: {@code DB_NAME()}; schemas ({@code sys.schemas});
 * tables and views ({@code sys.tables} and {@code sys.views} with {@code sys.schemas}, the {@code
 * MS_Description} extended property of class 1 and minor id 0 as the comment); columns ({@code
 * sys.columns} with {@code sys.types}, {@code MS_Description} with minor id = {@code column_id}, {@code
 * sys.default_constraints} and {@code sys.computed_columns}); primary keys and unique constraints
 * ({@code sys.key_constraints} of type {@code PK} or {@code UQ} with {@code sys.index_columns}, in
 * {@code key_ordinal} order); foreign keys ({@code sys.foreign_keys} with {@code
 * sys.foreign_key_columns}, composite keys in {@code constraint_column_id} order); indexes ({@code
 * sys.indexes} with {@code sys.index_columns}); and row counts from {@code sys.dm_db_partition_stats}
 * (heap or clustered index, {@code index_id} 0 or 1, summed over partitions).
 *
 * <p>Column facts: size is the declared length of {@code char}/{@code varchar} ({@code max_length}
 * bytes) and {@code nchar}/{@code nvarchar} ({@code max_length} / 2), {@code -1} for {@code (max)};
 * size and scale are {@code precision} and {@code scale} for {@code decimal}, {@code numeric}, {@code
 * money} and {@code smallmoney}; every other type has {@code -1, -1} (see {@link #sizeAndScale}). The
 * default is the default constraint's {@code definition} as SQL Server stores it, parentheses included
 * ({@code ((0))}, {@code (N'new')}, {@code (getdate())}). An identity column ({@code is_identity}) is
 * {@link Column.Generation#IDENTITY}; a computed column ({@code is_computed}) is {@link
 * Column.Generation#COMPUTED} with the {@code sys.computed_columns.definition} as its default. Unique
 * keys are the {@code UNIQUE} constraints ({@code sys.key_constraints} type {@code UQ}); a {@code CREATE
 * UNIQUE INDEX} is an index, not a unique key. Indexes are every index of {@code sys.indexes} but heaps
 * ({@code index_id} 0) and hypothetical ones, those backing the primary key and unique constraints
 * included, with their key columns in {@code key_ordinal} order (included columns are not keys and are
 * left out, so a columnstore index, which has no key columns, is not listed), unique by {@code
 * is_unique}. Indexes of indexed views are not kept (views carry no keys or indexes). SQL Server has no
 * materialized views under that name; an indexed view is a {@link Table.Kind#VIEW}.
 *
 * <p>{@link Catalog#schemas()} lists every schema but {@code sys}, {@code INFORMATION_SCHEMA}, {@code
 * guest} and the fixed database roles' schemas ({@code db_owner} and the like, {@code schema_id} 16384
 * and up), empty ones included; {@code guest} and a role's schema still appear when they hold a table.
 *
 * <p>Reads the connection's current database, every schema except {@code sys} and {@code
 * INFORMATION_SCHEMA}, or only the schemas named in {@link IntrospectionOptions#schemas()} (compared
 * ignoring case). Objects shipped by Microsoft ({@code is_ms_shipped = 1}) are never read. Tables
 * are named {@code TableName(DB_NAME(), schema, name)} with identifiers exactly as stored, as
 * mssql-jdbc names them in {@link DatabaseMetaData}.
 *
 * <p>Types follow mssql-jdbc's {@code getColumns}: the type name is the declared type's name from
 * {@code sys.types} (an alias type such as {@code sysname} keeps its own name), with {@code "
 * identity"} appended for identity columns ({@code "int identity"}); the JDBC code comes from the
 * underlying system type (see {@link #jdbcType(String)}). The row estimate of a table is the row
 * count SQL Server keeps in its partition statistics; {@code -1} for views, and for every table when
 * the login lacks {@code VIEW DATABASE STATE} (the row-count query then fails and is ignored).
 *
 * <p>Verified against the query text with a T-SQL parser and against canned result rows only; no SQL
 * Server ran while this reader was written. See {@code docs/introspection.md}.
 *
 * <p>Stateless and thread-safe; {@link #read} blocks on the queries and does not close the connection.
 */
public final class SqlServerCatalogReader implements CatalogReader {

  /** The current database. One row: the name. */
  static final String DATABASE_QUERY = "SELECT DB_NAME()";

  /**
   * Tables and views. Columns: schema, name, object id, kind ({@code U} table, {@code V} view),
   * is_ms_shipped, comment.
   */
  static final String TABLES_QUERY =
      "SELECT x.schema_name, x.object_name, x.object_id, x.kind, x.is_ms_shipped,"
          + " CAST(ep.value AS nvarchar(4000)) AS comment"
          + " FROM (SELECT s.name AS schema_name, t.name AS object_name, t.object_id, 'U' AS kind, t.is_ms_shipped"
          + " FROM sys.tables t JOIN sys.schemas s ON s.schema_id = t.schema_id"
          + " UNION ALL"
          + " SELECT s.name, v.name, v.object_id, 'V', v.is_ms_shipped"
          + " FROM sys.views v JOIN sys.schemas s ON s.schema_id = v.schema_id) x"
          + " LEFT JOIN sys.extended_properties ep ON ep.class = 1 AND ep.major_id = x.object_id"
          + " AND ep.minor_id = 0 AND ep.name = 'MS_Description'"
          + " WHERE x.is_ms_shipped = 0 AND x.schema_name NOT IN ('sys', 'INFORMATION_SCHEMA')";

  /**
   * Schemas of the database. Columns: name, schema id (the fixed database roles' schemas, {@code
   * db_owner} and the like, have ids from 16384 up).
   */
  static final String SCHEMAS_QUERY = "SELECT s.name, s.schema_id FROM sys.schemas s";

  /**
   * Columns of user tables and views. Columns: object id, column id, name, type name, base system
   * type name (null for CLR types), max_length (bytes, -1 for {@code max}), precision, scale,
   * is_nullable, is_identity, comment, default constraint definition, is_computed, computed column
   * definition.
   */
  static final String COLUMNS_QUERY =
      "SELECT c.object_id, c.column_id, c.name, t.name AS type_name, bt.name AS base_type_name,"
          + " c.max_length, c.precision, c.scale, c.is_nullable, c.is_identity,"
          + " CAST(ep.value AS nvarchar(4000)) AS comment, dc.definition AS default_definition, c.is_computed,"
          + " cc.definition AS computed_definition"
          + " FROM sys.columns c"
          + " JOIN sys.types t ON t.user_type_id = c.user_type_id"
          + " LEFT JOIN sys.types bt ON bt.user_type_id = t.system_type_id"
          + " LEFT JOIN sys.extended_properties ep ON ep.class = 1 AND ep.major_id = c.object_id"
          + " AND ep.minor_id = c.column_id AND ep.name = 'MS_Description'"
          + " LEFT JOIN sys.default_constraints dc ON dc.object_id = c.default_object_id"
          + " LEFT JOIN sys.computed_columns cc ON cc.object_id = c.object_id AND cc.column_id = c.column_id"
          + " WHERE c.object_id IN (SELECT object_id FROM sys.tables WHERE is_ms_shipped = 0"
          + " UNION ALL SELECT object_id FROM sys.views WHERE is_ms_shipped = 0)";

  /**
   * Primary key and unique constraint columns. Columns: table object id, constraint type ({@code PK}
   * or {@code UQ}), constraint name, key ordinal, column id.
   */
  static final String KEYS_QUERY =
      "SELECT kc.parent_object_id, kc.type, kc.name, ic.key_ordinal, ic.column_id"
          + " FROM sys.key_constraints kc"
          + " JOIN sys.index_columns ic ON ic.object_id = kc.parent_object_id AND ic.index_id = kc.unique_index_id"
          + " WHERE kc.type IN ('PK', 'UQ') AND ic.key_ordinal > 0";

  /**
   * Foreign key column pairs. Columns: table object id, constraint name, constraint object id,
   * constraint column id, column id, referenced schema, referenced table, referenced column name.
   */
  static final String FOREIGN_KEYS_QUERY =
      "SELECT fk.parent_object_id, fk.name, fk.object_id, fkc.constraint_column_id, fkc.parent_column_id,"
          + " rs.name AS referenced_schema, rt.name AS referenced_table, rc.name AS referenced_column"
          + " FROM sys.foreign_keys fk"
          + " JOIN sys.foreign_key_columns fkc ON fkc.constraint_object_id = fk.object_id"
          + " JOIN sys.tables rt ON rt.object_id = fkc.referenced_object_id"
          + " JOIN sys.schemas rs ON rs.schema_id = rt.schema_id"
          + " JOIN sys.columns rc ON rc.object_id = fkc.referenced_object_id AND rc.column_id = fkc.referenced_column_id";

  /**
   * Key columns of indexes (heaps, index id 0, are no index; included columns, key ordinal 0, are
   * skipped; hypothetical indexes are left out). Columns: object id, index name, index id, is_unique,
   * key ordinal, column id.
   */
  static final String INDEXES_QUERY =
      "SELECT i.object_id, i.name, i.index_id, i.is_unique, ic.key_ordinal, ic.column_id"
          + " FROM sys.indexes i"
          + " JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id"
          + " WHERE i.index_id > 0 AND i.is_hypothetical = 0 AND ic.key_ordinal > 0";

  /** Row counts of heaps and clustered indexes, summed over partitions. Columns: object id, rows. */
  static final String ROW_COUNTS_QUERY =
      "SELECT ps.object_id, SUM(ps.row_count) AS row_count FROM sys.dm_db_partition_stats ps"
          + " WHERE ps.index_id IN (0, 1) GROUP BY ps.object_id";

  /** The queries {@link #read} runs, in order. */
  static final List<String> QUERIES = List.of(
      DATABASE_QUERY, SCHEMAS_QUERY, TABLES_QUERY, COLUMNS_QUERY, KEYS_QUERY, FOREIGN_KEYS_QUERY, INDEXES_QUERY,
      ROW_COUNTS_QUERY);

  /** Runs one catalog query and returns its rows, values as {@code ResultSet.getObject} returns them. */
  @FunctionalInterface
  interface QueryRunner {
    List<Object[]> rows(String sql) throws SQLException;
  }

  /** Creates the reader. */
  public SqlServerCatalogReader() {}

  @Override
  public boolean supports(Dialect dialect) {
    return dialect == Dialect.SQLSERVER;
  }

  /**
   * {@inheritDoc}
   *
   * @throws NullPointerException when an argument is null
   */
  @Override
  public Catalog read(Connection connection, IntrospectionOptions options) throws SQLException {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(options, "options");
    DatabaseMetaData md = connection.getMetaData();
    return read(sql -> jdbcRows(connection, sql), md.getDatabaseProductName(), md.getDatabaseProductVersion(),
        options);
  }

  /** Runs {@link #QUERIES} through {@code runner} and maps their rows; separable from JDBC for tests. */
  static Catalog read(QueryRunner runner, String product, String version, IntrospectionOptions options)
      throws SQLException {
    List<Object[]> db = runner.rows(DATABASE_QUERY);
    String database = db.isEmpty() ? "" : str(db.get(0)[0]);
    CatalogRows rows = new CatalogRows();
    for (Object[] r : runner.rows(SCHEMAS_QUERY)) {
      String schema = str(r[0]);
      // the guest schema and the fixed database roles' schemas exist in every database: listed only with tables
      if (!isSystemSchema(schema) && !schema.equalsIgnoreCase("guest") && num(r[1]) < FIRST_ROLE_SCHEMA_ID
          && options.includes(schema)) {
        rows.addSchema(schema);
      }
    }
    Map<Long, TableName> names = new HashMap<>();
    Map<Long, Boolean> views = new HashMap<>();
    List<Object[]> tableRows = runner.rows(TABLES_QUERY);
    Map<Long, Long> counts = new HashMap<>();
    try {
      for (Object[] r : runner.rows(ROW_COUNTS_QUERY)) {
        if (r[1] != null) counts.put(num(r[0]), num(r[1]));
      }
    } catch (SQLException e) {
      // sys.dm_db_partition_stats needs VIEW DATABASE STATE; without it the estimates are unknown.
      counts.clear();
    }
    for (Object[] r : tableRows) {
      String schema = str(r[0]);
      if (isSystemSchema(schema) || bool(r[4]) || !options.includes(schema)) continue;
      long id = num(r[2]);
      boolean view = "V".equals(str(r[3]).trim());
      TableName name = new TableName(database, schema, str(r[1]));
      names.put(id, name);
      views.put(id, view);
      rows.addTable(name, view ? Table.Kind.VIEW : Table.Kind.TABLE, str(r[5]),
          view ? -1 : counts.getOrDefault(id, -1L));
    }
    Map<Long, Map<Long, String>> columnNames = new HashMap<>();
    for (Object[] r : runner.rows(COLUMNS_QUERY)) {
      long id = num(r[0]);
      TableName table = names.get(id);
      if (table == null) continue;
      long columnId = num(r[1]);
      String column = str(r[2]);
      columnNames.computeIfAbsent(id, k -> new HashMap<>()).put(columnId, column);
      String typeName = str(r[3]);
      String base = r[4] == null ? typeName : str(r[4]);
      boolean identity = bool(r[9]);
      int[] sizeScale = sizeAndScale(base, num(r[5]), (int) num(r[6]), (int) num(r[7]));
      Column.Generation generation = Column.Generation.NONE;
      String defaultValue = str(r[11]);
      if (bool(r[12])) {
        generation = Column.Generation.COMPUTED;
        defaultValue = str(r[13]);
      } else if (identity) {
        generation = Column.Generation.IDENTITY;
      }
      rows.addColumn(table, (int) columnId, new Column(column, identity ? typeName + " identity" : typeName,
          jdbcType(base), bool(r[8]), str(r[10]), List.of(), sizeScale[0], sizeScale[1], defaultValue, generation));
    }
    for (Object[] r : runner.rows(KEYS_QUERY)) {
      long id = num(r[0]);
      TableName table = names.get(id);
      String column = columnNames.getOrDefault(id, Map.of()).get(num(r[4]));
      if (table == null || column == null) continue;
      if ("PK".equals(str(r[1]).trim())) {
        rows.addPrimaryKeyColumn(table, (int) num(r[3]), column);
      } else {
        rows.addUniqueKeyColumn(table, str(r[2]), (int) num(r[3]), column);
      }
    }
    for (Object[] r : runner.rows(FOREIGN_KEYS_QUERY)) {
      long id = num(r[0]);
      TableName table = names.get(id);
      String column = columnNames.getOrDefault(id, Map.of()).get(num(r[4]));
      if (table == null || column == null) continue;
      TableName target = new TableName(database, str(r[5]), str(r[6]));
      rows.addForeignKeyColumn(table, str(r[2]), str(r[1]), (int) num(r[3]), column, target, str(r[7]));
    }
    for (Object[] r : runner.rows(INDEXES_QUERY)) {
      long id = num(r[0]);
      TableName table = names.get(id);
      String column = columnNames.getOrDefault(id, Map.of()).get(num(r[5]));
      if (table == null || column == null) continue;
      rows.addIndexColumn(table, str(r[1]), bool(r[3]), (int) num(r[4]), column);
    }
    return new Catalog(product, version, Dialect.SQLSERVER, rows.schemas(), rows.build());
  }

  /** Schemas from this id up belong to the fixed database roles ({@code db_owner}, {@code db_datareader}, ...). */
  private static final long FIRST_ROLE_SCHEMA_ID = 16384;

  /**
   * Returns {@code {size, scale}} from {@code sys.columns}: for {@code char}/{@code varchar} the
   * length ({@code max_length} bytes), for {@code nchar}/{@code nvarchar} (and {@code sysname}) half
   * of it (two bytes per UTF-16 code unit), {@code -1} for {@code (max)} ({@code max_length} -1); for
   * {@code decimal}, {@code numeric}, {@code money} and {@code smallmoney} precision and scale; {@code
   * -1, -1} for every other type ({@code text}, {@code ntext}, {@code xml}, {@code uniqueidentifier},
   * integers, floating point, dates, binaries).
   *
   * @param systemTypeName the system (base) type name from {@code sys.types}
   */
  static int[] sizeAndScale(String systemTypeName, long maxLength, int precision, int scale) {
    switch (systemTypeName == null ? "" : systemTypeName.toLowerCase(Locale.ROOT)) {
      case "char": case "varchar":
        return new int[] {maxLength > 0 ? (int) maxLength : -1, -1};
      case "nchar": case "nvarchar": case "sysname":
        return new int[] {maxLength > 0 ? (int) (maxLength / 2) : -1, -1};
      case "decimal": case "numeric": case "money": case "smallmoney":
        return new int[] {precision > 0 ? precision : -1, precision > 0 && scale >= 0 ? scale : -1};
      default:
        return new int[] {-1, -1};
    }
  }

  private static boolean isSystemSchema(String schema) {
    return schema.equalsIgnoreCase("sys") || schema.equalsIgnoreCase("INFORMATION_SCHEMA");
  }

  private static List<Object[]> jdbcRows(Connection connection, String sql) throws SQLException {
    List<Object[]> out = new ArrayList<>();
    try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        Object[] row = new Object[n];
        for (int i = 0; i < n; i++) row[i] = rs.getObject(i + 1);
        out.add(row);
      }
    }
    return out;
  }

  private static String str(Object o) {
    return o == null ? "" : o.toString();
  }

  private static long num(Object o) {
    if (o instanceof Number) return ((Number) o).longValue();
    return o == null ? 0 : Long.parseLong(o.toString().trim());
  }

  private static boolean bool(Object o) {
    if (o instanceof Boolean) return (Boolean) o;
    if (o instanceof Number) return ((Number) o).intValue() != 0;
    return o != null && (o.toString().equals("1") || o.toString().equalsIgnoreCase("true"));
  }

  /**
   * Maps a SQL Server system type name (from {@code sys.types}) to the {@link Types} code mssql-jdbc
   * reports in {@code getColumns}' {@code DATA_TYPE}. Unknown names map to {@link Types#OTHER}.
   *
   * <p>The table follows {@code sp_columns_100}'s ODBC codes as mssql-jdbc 13.6's {@code
   * DataTypeFilter} rewrites them: {@code float} becomes {@link Types#DOUBLE}, {@code
   * uniqueidentifier} {@link Types#CHAR}, {@code xml} {@link Types#LONGNVARCHAR}, CLR types ({@code
   * geometry}, {@code geography}, {@code hierarchyid}) {@link Types#VARBINARY}; codes the driver
   * passes through unchanged stay SQL Server's own: {@code datetimeoffset} is -155 and {@code
   * sql_variant} -150.
   */
  static int jdbcType(String systemTypeName) {
    switch (systemTypeName == null ? "" : systemTypeName.toLowerCase(Locale.ROOT)) {
      case "bit": return Types.BIT;
      case "tinyint": return Types.TINYINT;
      case "smallint": return Types.SMALLINT;
      case "int": return Types.INTEGER;
      case "bigint": return Types.BIGINT;
      case "decimal": case "money": case "smallmoney": return Types.DECIMAL;
      case "numeric": return Types.NUMERIC;
      case "float": return Types.DOUBLE;
      case "real": return Types.REAL;
      case "char": case "uniqueidentifier": return Types.CHAR;
      case "varchar": return Types.VARCHAR;
      case "text": return Types.LONGVARCHAR;
      case "nchar": return Types.NCHAR;
      case "nvarchar": case "sysname": return Types.NVARCHAR;
      case "ntext": case "xml": return Types.LONGNVARCHAR;
      case "binary": case "timestamp": case "rowversion": return Types.BINARY;
      case "varbinary": case "geometry": case "geography": case "hierarchyid": return Types.VARBINARY;
      case "image": return Types.LONGVARBINARY;
      case "date": return Types.DATE;
      case "time": return Types.TIME;
      case "datetime": case "datetime2": case "smalldatetime": return Types.TIMESTAMP;
      case "datetimeoffset": return -155;
      case "sql_variant": return -150;
      default: return Types.OTHER;
    }
  }

  @Override
  public String toString() {
    return "SqlServerCatalogReader";
  }
}
