package io.github.dbqueryagent.introspect;

import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.ForeignKey;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads a PostgreSQL catalog from {@code pg_catalog} in four bulk queries: relations, columns,
 * primary keys and foreign keys (plus one for the database name and search path). The cost does not grow with round trips per table, so a
 * thousand-table schema reads in one pass.
 *
 * <p>What it reads: ordinary and partitioned tables ({@link Table.Kind#TABLE}), views and materialized
 * views ({@link Table.Kind#VIEW}); partitions themselves are left out (their parent stands for them).
 * Columns come in {@code attnum} order with nullability ({@code NOT NULL}, also through a {@code NOT
 * NULL} domain), {@code COMMENT ON} descriptions of tables and columns, primary keys in key order,
 * foreign keys (composite ones column by column, in key order) and {@code pg_class.reltuples} as the
 * row estimate ({@code -1} when the table was never analysed, and for views). Schemas {@code
 * pg_catalog}, {@code information_schema}, {@code pg_toast*} and {@code pg_temp*} are skipped.
 * Identifiers are kept exactly as stored (mixed case included).
 *
 * <p>Type names and {@link java.sql.Types} codes follow what pgjdbc's {@code
 * DatabaseMetaData.getColumns} reports ({@code int4}, {@code varchar}, {@code serial} for an {@code
 * int4} with a {@code nextval} default, {@code _int4} for arrays, {@code STRUCT}, {@code DISTINCT} for
 * domains), and the table's catalog component is the current database name as pgjdbc reports it, so
 * the catalog is {@linkplain Catalog#equals equal} to the one {@code SchemaSource.jdbc} reads from the
 * same schema, and the fingerprints match.
 *
 * <p>Stateless and thread-safe; the caller owns the connection. Works with any PostgreSQL JDBC driver
 * (no driver classes are used) on PostgreSQL 10 and later.
 */
public final class PostgresCatalogReader implements CatalogReader {

  private static final String SCHEMA_FILTER =
      " AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
          + " AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'"
          + " AND (cardinality(?::text[]) = 0 OR lower(n.nspname) = ANY(?::text[]))";

  private static final String RELATIONS_SQL =
      "SELECT c.oid, n.nspname, c.relname, c.relkind, c.reltuples, td.description"
          + " FROM pg_catalog.pg_class c"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " LEFT JOIN pg_catalog.pg_description td ON td.objoid = c.oid"
          + " AND td.classoid = 'pg_catalog.pg_class'::regclass AND td.objsubid = 0"
          + " WHERE c.relkind IN ('r', 'p', 'v', 'm') AND NOT c.relispartition"
          + SCHEMA_FILTER;

  // Joins instead of obj_description/col_description calls (a function call per row cost 5x on
  // 20,000 columns), and no ORDER BY: sorting 20,000 rows spilled to disk at the default work_mem;
  // columns are put in attnum order in Java.
  private static final String COLUMNS_SQL =
      "SELECT a.attrelid, a.attnum, a.attname, a.attnotnull OR (t.typtype = 'd' AND t.typnotnull), cd.description,"
          + " t.typname, tn.nspname, t.typtype, t.typinput = 'pg_catalog.array_in'::regproc,"
          + " d.adbin IS NOT NULL AND pg_catalog.pg_get_expr(d.adbin, d.adrelid) LIKE '%nextval(%'"
          + " FROM pg_catalog.pg_class c"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
          + " JOIN pg_catalog.pg_type t ON t.oid = a.atttypid"
          + " JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace"
          + " LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum"
          + " LEFT JOIN pg_catalog.pg_description cd ON cd.objoid = c.oid"
          + " AND cd.classoid = 'pg_catalog.pg_class'::regclass AND cd.objsubid = a.attnum"
          + " WHERE c.relkind IN ('r', 'p', 'v', 'm') AND NOT c.relispartition"
          + SCHEMA_FILTER;

  private static final String PRIMARY_KEYS_SQL =
      "SELECT con.conrelid, a.attname"
          + " FROM pg_catalog.pg_constraint con"
          + " JOIN pg_catalog.pg_class c ON c.oid = con.conrelid"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)"
          + " JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum"
          + " WHERE con.contype = 'p' AND c.relkind IN ('r', 'p') AND NOT c.relispartition"
          + SCHEMA_FILTER
          + " ORDER BY con.conrelid, k.ord";

  private static final String FOREIGN_KEYS_SQL =
      "SELECT con.conrelid, con.conname, rn.nspname, rc.relname, a.attname, ra.attname"
          + " FROM pg_catalog.pg_constraint con"
          + " JOIN pg_catalog.pg_class c ON c.oid = con.conrelid"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid"
          + " JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace"
          + " CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(attnum, refattnum, ord)"
          + " JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum"
          + " JOIN pg_catalog.pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = k.refattnum"
          + " WHERE con.contype = 'f' AND c.relkind IN ('r', 'p') AND NOT c.relispartition"
          + " AND NOT rc.relispartition"
          + SCHEMA_FILTER
          // pgjdbc's getImportedKeys order, so that the key lists compare equal
          + " ORDER BY con.conrelid, rn.nspname, rc.relname, con.conname, k.ord";

  /** Creates the reader. */
  public PostgresCatalogReader() {}

  /** Returns true for {@link Dialect#POSTGRESQL}. */
  @Override
  public boolean supports(Dialect dialect) {
    return dialect == Dialect.POSTGRESQL;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Runs five queries on the connection, in its current transaction state; blocks until they
   * finish.
   */
  @Override
  public Catalog read(Connection connection, IntrospectionOptions options) throws SQLException {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(options, "options");
    String[] schemas = options.schemas().stream().map(s -> s.toLowerCase(Locale.ROOT)).toArray(String[]::new);
    String database;
    Set<String> onPath = new HashSet<>();
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT current_database(), current_schemas(true)")) {
      rs.next();
      database = rs.getString(1);
      Array path = rs.getArray(2);
      try {
        onPath.addAll(Arrays.asList((String[]) path.getArray()));
      } finally {
        path.free();
      }
    }
    Map<Long, Builder> relations = new HashMap<>();
    try (PreparedStatement ps = prepare(connection, RELATIONS_SQL, schemas); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String kind = rs.getString(4);
        boolean view = "v".equals(kind) || "m".equals(kind);
        float tuples = rs.getFloat(5);
        long estimate = view || tuples < 0 ? -1 : (long) tuples;
        relations.put(rs.getLong(1), new Builder(new TableName(database, rs.getString(2), rs.getString(3)), view,
            rs.getString(6), estimate));
      }
    }
    try (PreparedStatement ps = prepare(connection, COLUMNS_SQL, schemas); ResultSet rs = ps.executeQuery()) {
      Builder b = null;
      long current = 0;
      while (rs.next()) {
        long oid = rs.getLong(1);
        if (b == null || oid != current) {
          b = relations.get(oid);
          current = oid;
        }
        if (b == null) continue; // created between the two queries
        String typname = rs.getString(6);
        String typeSchema = rs.getString(7);
        String typeName = onPath.contains(typeSchema) ? typname : '"' + typeSchema + "\".\"" + typname + '"';
        if (rs.getBoolean(10) && "pg_catalog".equals(typeSchema)) {
          if ("int4".equals(typname)) typeName = "serial";
          else if ("int8".equals(typname)) typeName = "bigserial";
          else if ("int2".equals(typname)) typeName = "smallserial";
        }
        int jdbcType = jdbcType(typname, typeSchema, rs.getString(8), rs.getBoolean(9));
        b.columns.put(rs.getInt(2),
            new Column(rs.getString(3), typeName, jdbcType, !rs.getBoolean(4), rs.getString(5), List.of()));
      }
    }
    try (PreparedStatement ps = prepare(connection, PRIMARY_KEYS_SQL, schemas); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        Builder b = relations.get(rs.getLong(1));
        if (b != null) b.primaryKey.add(rs.getString(2));
      }
    }
    try (PreparedStatement ps = prepare(connection, FOREIGN_KEYS_SQL, schemas); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        Builder b = relations.get(rs.getLong(1));
        if (b == null) continue;
        String fkName = rs.getString(2);
        TableName ref = new TableName(database, rs.getString(3), rs.getString(4));
        String fkKey = fkName + '\u0000' + ref.schema() + '\u0000' + ref.name();
        FkBuilder fk = b.foreignKeys.computeIfAbsent(fkKey, k -> new FkBuilder(fkName, ref));
        fk.columns.add(rs.getString(5));
        fk.referencedColumns.add(rs.getString(6));
      }
    }
    List<Table> tables = new ArrayList<>(relations.size());
    for (Builder b : relations.values()) {
      if (b.columns.isEmpty()) continue; // as DatabaseMetaData-based introspection: nothing to query
      List<ForeignKey> fks = new ArrayList<>(b.foreignKeys.size());
      for (FkBuilder f : b.foreignKeys.values()) {
        fks.add(new ForeignKey(f.name, f.columns, f.referencedTable, f.referencedColumns));
      }
      tables.add(new Table(b.name, b.view ? Table.Kind.VIEW : Table.Kind.TABLE, b.comment,
          new ArrayList<>(b.columns.values()),
          b.view ? List.of() : b.primaryKey, b.view ? List.of() : fks, b.rowEstimate));
    }
    DatabaseMetaData md = connection.getMetaData();
    return new Catalog(md.getDatabaseProductName(), md.getDatabaseProductVersion(), Dialect.POSTGRESQL, tables);
  }

  private static PreparedStatement prepare(Connection c, String sql, String[] schemas) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    try {
      Array array = c.createArrayOf("text", schemas);
      ps.setArray(1, array);
      ps.setArray(2, array);
      return ps;
    } catch (SQLException | RuntimeException e) {
      ps.close();
      throw e;
    }
  }

    /**
   * Maps a PostgreSQL type to a {@link Types} code the way pgjdbc's {@code TypeInfoCache} does:
   * composite types are {@code STRUCT}, domains {@code DISTINCT}, enums {@code VARCHAR}, arrays {@code
   * ARRAY}, the built-in scalar types by name, anything else {@code OTHER}.
   */
  static int jdbcType(String typname, String typeSchema, String typtype, boolean array) {
    if ("c".equals(typtype)) return Types.STRUCT;
    if ("d".equals(typtype)) return Types.DISTINCT;
    if ("e".equals(typtype)) return Types.VARCHAR;
    if (array) return Types.ARRAY;
    if (!"pg_catalog".equals(typeSchema)) return Types.OTHER;
    switch (typname) {
      case "int2":
        return Types.SMALLINT;
      case "int4":
        return Types.INTEGER;
      case "oid":
      case "int8":
        return Types.BIGINT;
      case "money":
      case "float8":
        return Types.DOUBLE;
      case "numeric":
        return Types.NUMERIC;
      case "float4":
        return Types.REAL;
      case "char":
      case "bpchar":
        return Types.CHAR;
      case "varchar":
      case "text":
      case "name":
        return Types.VARCHAR;
      case "bytea":
        return Types.BINARY;
      case "bool":
      case "bit":
        return Types.BIT;
      case "date":
        return Types.DATE;
      case "time":
      case "timetz":
        return Types.TIME;
      case "timestamp":
      case "timestamptz":
        return Types.TIMESTAMP;
      case "refcursor":
        return Types.REF_CURSOR;
      case "xml":
        return Types.SQLXML;
      default:
        return Types.OTHER;
    }
  }

  private static final class Builder {
    final TableName name;
    final boolean view;
    final String comment;
    final long rowEstimate;
    final SortedMap<Integer, Column> columns = new TreeMap<>();
    final List<String> primaryKey = new ArrayList<>();
    final Map<String, FkBuilder> foreignKeys = new LinkedHashMap<>();

    Builder(TableName name, boolean view, String comment, long rowEstimate) {
      this.name = name;
      this.view = view;
      this.comment = comment;
      this.rowEstimate = rowEstimate;
    }
  }

  private static final class FkBuilder {
    final String name;
    final TableName referencedTable;
    final List<String> columns = new ArrayList<>();
    final List<String> referencedColumns = new ArrayList<>();

    FkBuilder(String name, TableName referencedTable) {
      this.name = name;
      this.referencedTable = referencedTable;
    }
  }

  @Override
  public String toString() {
    return "PostgresCatalogReader";
  }
}
