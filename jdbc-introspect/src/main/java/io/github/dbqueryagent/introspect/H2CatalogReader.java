package io.github.dbqueryagent.introspect;

import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads an H2 2.x catalog from its {@code INFORMATION_SCHEMA} in four queries: {@code TABLES} (base
 * tables and views with {@code REMARKS} and {@code ROW_COUNT_ESTIMATE}), {@code COLUMNS} (ordinal
 * order, {@code DATA_TYPE} (the declared one where H2 keeps it: {@code DECIMAL} stays {@code DECIMAL}), {@code IS_NULLABLE}, {@code REMARKS}), primary keys from {@code
 * TABLE_CONSTRAINTS} + {@code KEY_COLUMN_USAGE}, and foreign keys from {@code REFERENTIAL_CONSTRAINTS}
 * joined twice to {@code KEY_COLUMN_USAGE} (referencing columns by {@code ORDINAL_POSITION},
 * referenced columns by {@code POSITION_IN_UNIQUE_CONSTRAINT}).
 *
 * <p>Tables are named {@code TableName(TABLE_CATALOG, TABLE_SCHEMA, TABLE_NAME)} as H2's {@link
 * DatabaseMetaData} names them; {@code INFORMATION_SCHEMA} is never read. Type names are H2's {@code
 * DATA_TYPE} names ({@code CHARACTER VARYING}, {@code NUMERIC}, ...), mapped to {@link Types} as H2
 * maps them. H2 1.x, whose {@code INFORMATION_SCHEMA} differs, is not supported.
 *
 * <p>Stateless and thread-safe; {@link #read} blocks on the queries and does not close the connection.
 */
public final class H2CatalogReader implements CatalogReader {

  /** Creates the reader. */
  public H2CatalogReader() {}

  @Override
  public boolean supports(Dialect dialect) {
    return dialect == Dialect.H2;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Schemas in {@link IntrospectionOptions#schemas()} are compared ignoring case.
   *
   * @throws NullPointerException when an argument is null
   */
  @Override
  public Catalog read(Connection connection, IntrospectionOptions options) throws SQLException {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(options, "options");
    DatabaseMetaData md = connection.getMetaData();
    List<String> params = new ArrayList<>();
    for (String s : options.schemas()) params.add(s.toUpperCase(Locale.ROOT));
    String schemaFilter = " AND %1$s.TABLE_SCHEMA <> 'INFORMATION_SCHEMA'"
        + (params.isEmpty() ? "" : " AND UPPER(%1$s.TABLE_SCHEMA) IN (" + CatalogRows.markers(params.size()) + ")");
    CatalogRows rows = new CatalogRows();
    CatalogRows.query(connection,
        "SELECT t.TABLE_CATALOG, t.TABLE_SCHEMA, t.TABLE_NAME, t.TABLE_TYPE, t.REMARKS, t.ROW_COUNT_ESTIMATE"
            + " FROM INFORMATION_SCHEMA.TABLES t WHERE t.TABLE_TYPE IN ('BASE TABLE', 'VIEW')"
            + String.format(schemaFilter, "t"),
        params,
        rs -> {
          boolean view = "VIEW".equals(rs.getString(4));
          long estimate = rs.getLong(6);
          if (view || rs.wasNull()) estimate = -1;
          rows.addTable(name(rs.getString(1), rs.getString(2), rs.getString(3)),
              view ? Table.Kind.VIEW : Table.Kind.TABLE, rs.getString(5), estimate);
        });
    CatalogRows.query(connection,
        "SELECT c.TABLE_CATALOG, c.TABLE_SCHEMA, c.TABLE_NAME, c.COLUMN_NAME, c.ORDINAL_POSITION,"
            + " COALESCE(c.DECLARED_DATA_TYPE, c.DATA_TYPE),"
            + " c.IS_NULLABLE, c.REMARKS FROM INFORMATION_SCHEMA.COLUMNS c WHERE 1 = 1"
            + String.format(schemaFilter, "c"),
        params,
        rs -> {
          String type = rs.getString(6);
          rows.addColumn(name(rs.getString(1), rs.getString(2), rs.getString(3)), rs.getInt(5),
              new Column(rs.getString(4), type, jdbcType(type), !"NO".equals(rs.getString(7)), rs.getString(8),
                  List.of()));
        });
    CatalogRows.query(connection,
        "SELECT k.TABLE_CATALOG, k.TABLE_SCHEMA, k.TABLE_NAME, k.COLUMN_NAME, k.ORDINAL_POSITION"
            + " FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS t JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE k"
            + " ON k.CONSTRAINT_CATALOG = t.CONSTRAINT_CATALOG AND k.CONSTRAINT_SCHEMA = t.CONSTRAINT_SCHEMA"
            + " AND k.CONSTRAINT_NAME = t.CONSTRAINT_NAME"
            + " WHERE t.CONSTRAINT_TYPE = 'PRIMARY KEY'" + String.format(schemaFilter, "k"),
        params,
        rs -> rows.addPrimaryKeyColumn(name(rs.getString(1), rs.getString(2), rs.getString(3)), rs.getInt(5),
            rs.getString(4)));
    CatalogRows.query(connection,
        "SELECT k.TABLE_CATALOG, k.TABLE_SCHEMA, k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.ORDINAL_POSITION,"
            + " u.TABLE_CATALOG, u.TABLE_SCHEMA, u.TABLE_NAME, u.COLUMN_NAME"
            + " FROM INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS r"
            + " JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE k ON k.CONSTRAINT_CATALOG = r.CONSTRAINT_CATALOG"
            + " AND k.CONSTRAINT_SCHEMA = r.CONSTRAINT_SCHEMA AND k.CONSTRAINT_NAME = r.CONSTRAINT_NAME"
            + " JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE u ON u.CONSTRAINT_CATALOG = r.UNIQUE_CONSTRAINT_CATALOG"
            + " AND u.CONSTRAINT_SCHEMA = r.UNIQUE_CONSTRAINT_SCHEMA AND u.CONSTRAINT_NAME = r.UNIQUE_CONSTRAINT_NAME"
            + " AND u.ORDINAL_POSITION = k.POSITION_IN_UNIQUE_CONSTRAINT WHERE 1 = 1"
            + String.format(schemaFilter, "k"),
        params,
        rs -> rows.addForeignKeyColumn(name(rs.getString(1), rs.getString(2), rs.getString(3)), rs.getString(4),
            rs.getString(4), rs.getInt(6), rs.getString(5), name(rs.getString(7), rs.getString(8), rs.getString(9)),
            rs.getString(10)));
    return new Catalog(md.getDatabaseProductName(), md.getDatabaseProductVersion(), Dialect.H2, rows.build());
  }

  private static TableName name(String catalog, String schema, String table) {
    return new TableName(catalog, schema, table);
  }

  /** Maps an H2 2.x {@code DATA_TYPE} name to the {@link Types} code H2's driver reports for it. */
  static int jdbcType(String dataType) {
    String t = dataType == null ? "" : dataType.toUpperCase(Locale.ROOT);
    if (t.endsWith(" ARRAY")) return Types.ARRAY;
    if (t.startsWith("INTERVAL")) return Types.OTHER;
    switch (t) {
      case "CHARACTER": return Types.CHAR;
      case "CHARACTER VARYING": case "VARCHAR_IGNORECASE": return Types.VARCHAR;
      case "CHARACTER LARGE OBJECT": return Types.CLOB;
      case "BINARY": return Types.BINARY;
      case "BINARY VARYING": return Types.VARBINARY;
      case "BINARY LARGE OBJECT": return Types.BLOB;
      case "BOOLEAN": return Types.BOOLEAN;
      case "TINYINT": return Types.TINYINT;
      case "SMALLINT": return Types.SMALLINT;
      case "INTEGER": return Types.INTEGER;
      case "BIGINT": return Types.BIGINT;
      case "NUMERIC": case "DECFLOAT": return Types.NUMERIC;
      case "DECIMAL": return Types.DECIMAL;
      case "REAL": return Types.REAL;
      case "FLOAT": return Types.FLOAT;
      case "DOUBLE PRECISION": return Types.DOUBLE;
      case "DATE": return Types.DATE;
      case "TIME": return Types.TIME;
      case "TIME WITH TIME ZONE": return Types.TIME_WITH_TIMEZONE;
      case "TIMESTAMP": return Types.TIMESTAMP;
      case "TIMESTAMP WITH TIME ZONE": return Types.TIMESTAMP_WITH_TIMEZONE;
      case "JAVA_OBJECT": return Types.JAVA_OBJECT;
      case "UUID": return Types.BINARY;
      case "ARRAY": return Types.ARRAY;
      default: return Types.OTHER; // ENUM, GEOMETRY, JSON, ROW
    }
  }

  @Override
  public String toString() {
    return "H2CatalogReader";
  }
}
