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
import java.util.Set;

/**
 * Reads a MySQL or MariaDB catalog from {@code information_schema} in five queries: {@code SCHEMATA}
 * (to resolve which databases to read), {@code TABLES} (base tables and views, {@code TABLE_COMMENT},
 * {@code TABLE_ROWS} as the row estimate), {@code COLUMNS} (ordinal order, {@code COLUMN_TYPE}, {@code
 * IS_NULLABLE}, {@code COLUMN_COMMENT}), primary keys from {@code TABLE_CONSTRAINTS} + {@code
 * KEY_COLUMN_USAGE} in {@code ORDINAL_POSITION} order, and foreign keys from {@code KEY_COLUMN_USAGE}
 * ({@code REFERENCED_*} columns, pairs in {@code ORDINAL_POSITION} order), composite keys included.
 *
 * <p>Reads the connection's current database ({@code DATABASE()}), or the databases named in {@link
 * IntrospectionOptions#schemas()} (compared ignoring case); every non-system database when neither
 * is set. The system databases ({@code information_schema}, {@code mysql}, {@code
 * performance_schema}, {@code sys}) are never read. Tables are named {@code TableName(database, "",
 * name)}, as MySQL's and MariaDB's drivers name them in {@link DatabaseMetaData}.
 *
 * <p>Types follow MariaDB Connector/J's {@code getColumns}: the type name is {@code COLUMN_TYPE}
 * upper-cased without its size ({@code int(11) unsigned} becomes {@code INT UNSIGNED}, {@code
 * tinyint(1)} becomes {@code BOOLEAN}), and the JDBC type comes from {@code DATA_TYPE} (the
 * driver's: unsigned types keep their signed code, {@code tinyint(1)} is {@link Types#BOOLEAN},
 * {@code YEAR} is {@link Types#DATE}). The row estimate is {@code TABLE_ROWS} (exact for MyISAM, an estimate
 * for InnoDB), {@code -1} for views. A view's comment is {@code ""}, not the {@code "VIEW"} MySQL
 * reports.
 *
 * <p>Stateless and thread-safe; {@link #read} blocks on the queries and does not close the connection.
 */
public final class MySqlCatalogReader implements CatalogReader {
  private static final Set<String> SYSTEM = Set.of("information_schema", "mysql", "performance_schema", "sys");

  /** Creates the reader. */
  public MySqlCatalogReader() {}

  @Override
  public boolean supports(Dialect dialect) {
    return dialect == Dialect.MYSQL || dialect == Dialect.MARIADB;
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
    String product = md.getDatabaseProductName();
    Dialect dialect = Dialect.fromProductName(product) == Dialect.MYSQL ? Dialect.MYSQL : Dialect.MARIADB;
    List<String> databases = new ArrayList<>();
    String[] current = new String[1];
    CatalogRows.query(connection, "SELECT DATABASE()", List.of(), rs -> current[0] = rs.getString(1));
    CatalogRows.query(connection, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA ORDER BY SCHEMA_NAME",
        List.of(), rs -> {
          String db = rs.getString(1);
          if (SYSTEM.contains(db.toLowerCase(Locale.ROOT))) return;
          boolean wanted = !options.schemas().isEmpty() ? options.includes(db)
              : current[0] == null || current[0].equals(db);
          if (wanted) databases.add(db);
        });
    CatalogRows rows = new CatalogRows();
    if (!databases.isEmpty()) {
      String in = " IN (" + CatalogRows.markers(databases.size()) + ")";
      CatalogRows.query(connection,
          "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, TABLE_COMMENT, TABLE_ROWS FROM information_schema.TABLES"
              + " WHERE TABLE_TYPE IN ('BASE TABLE', 'VIEW', 'SYSTEM VERSIONED') AND TABLE_SCHEMA" + in,
          databases,
          rs -> {
            boolean view = "VIEW".equals(rs.getString(3));
            long estimate = rs.getLong(5);
            if (view || rs.wasNull()) estimate = -1;
            rows.addTable(name(rs.getString(1), rs.getString(2)), view ? Table.Kind.VIEW : Table.Kind.TABLE,
                view ? "" : rs.getString(4), estimate);
          });
      CatalogRows.query(connection,
          "SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE,"
              + " COLUMN_COMMENT FROM information_schema.COLUMNS WHERE TABLE_SCHEMA" + in,
          databases,
          rs -> {
            String dataType = rs.getString(5);
            String columnType = rs.getString(6);
            rows.addColumn(name(rs.getString(1), rs.getString(2)), rs.getInt(4),
                new Column(rs.getString(3), typeName(columnType), jdbcType(dataType, columnType),
                    "YES".equals(rs.getString(7)), rs.getString(8), List.of()));
          });
      CatalogRows.query(connection,
          "SELECT k.TABLE_SCHEMA, k.TABLE_NAME, k.COLUMN_NAME, k.ORDINAL_POSITION"
              + " FROM information_schema.TABLE_CONSTRAINTS t JOIN information_schema.KEY_COLUMN_USAGE k"
              + " ON k.CONSTRAINT_SCHEMA = t.CONSTRAINT_SCHEMA AND k.CONSTRAINT_NAME = t.CONSTRAINT_NAME"
              + " AND k.TABLE_SCHEMA = t.TABLE_SCHEMA AND k.TABLE_NAME = t.TABLE_NAME"
              + " WHERE t.CONSTRAINT_TYPE = 'PRIMARY KEY' AND t.TABLE_SCHEMA" + in,
          databases,
          rs -> rows.addPrimaryKeyColumn(name(rs.getString(1), rs.getString(2)), rs.getInt(4), rs.getString(3)));
      CatalogRows.query(connection,
          "SELECT TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, ORDINAL_POSITION,"
              + " REFERENCED_TABLE_SCHEMA, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME"
              + " FROM information_schema.KEY_COLUMN_USAGE"
              + " WHERE REFERENCED_TABLE_NAME IS NOT NULL AND TABLE_SCHEMA" + in,
          databases,
          rs -> rows.addForeignKeyColumn(name(rs.getString(1), rs.getString(2)), rs.getString(3), rs.getString(3),
              rs.getInt(5), rs.getString(4), name(rs.getString(6), rs.getString(7)), rs.getString(8)));
    }
    return new Catalog(product, md.getDatabaseProductVersion(), dialect, rows.build());
  }

  private static TableName name(String database, String table) {
    return new TableName(database, "", table);
  }

  /** {@code COLUMN_TYPE} upper-cased without its parenthesized size; {@code tinyint(1)} is {@code BOOLEAN}. */
  static String typeName(String columnType) {
    String t = columnType == null ? "" : columnType;
    if (t.toLowerCase(Locale.ROOT).startsWith("tinyint(1)")) return "BOOLEAN";
    int open = t.indexOf('(');
    int close = t.indexOf(')', open + 1);
    if (open >= 0 && close > open) t = t.substring(0, open) + t.substring(close + 1);
    return t.toUpperCase(Locale.ROOT);
  }

  /** Maps {@code DATA_TYPE} (and {@code COLUMN_TYPE} for {@code tinyint(1)}) to a {@link Types} code. */
  static int jdbcType(String dataType, String columnType) {
    String d = dataType == null ? "" : dataType.toLowerCase(Locale.ROOT);
    String c = columnType == null ? "" : columnType.toLowerCase(Locale.ROOT);
    switch (d) {
      case "bit": return Types.BIT;
      case "tinyint": return c.startsWith("tinyint(1)") ? Types.BOOLEAN : Types.TINYINT;
      case "smallint": return Types.SMALLINT;
      case "mediumint": case "int": case "integer": return Types.INTEGER;
      case "bigint": return Types.BIGINT;
      case "decimal": case "numeric": return Types.DECIMAL;
      case "float": return Types.REAL;
      case "double": case "real": return Types.DOUBLE;
      case "char": return Types.CHAR;
      case "varchar": case "tinytext": case "enum": case "set": return Types.VARCHAR;
      case "text": case "mediumtext": case "longtext": case "json": return Types.LONGVARCHAR;
      case "binary": return Types.BINARY;
      case "varbinary": case "tinyblob": return Types.VARBINARY;
      case "blob": case "mediumblob": case "longblob": return Types.LONGVARBINARY;
      case "date": case "year": return Types.DATE;
      case "time": return Types.TIME;
      case "datetime": case "timestamp": return Types.TIMESTAMP;
      default: return Types.OTHER;
    }
  }

  @Override
  public String toString() {
    return "MySqlCatalogReader";
  }
}
