package io.github.dbqueryagent.introspect;

import io.github.dbqueryagent.internal.schema.ColumnSizes;
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
 * Reads an H2 2.x catalog from its {@code INFORMATION_SCHEMA} in six queries, whatever the number of
 * tables: {@code SCHEMATA} (every schema, empty ones included), {@code TABLES} (base tables and views
 * with {@code REMARKS} and {@code ROW_COUNT_ESTIMATE}), {@code COLUMNS} (ordinal order, {@code
 * DATA_TYPE} (the declared one where H2 keeps it: {@code DECIMAL} stays {@code DECIMAL}), {@code
 * IS_NULLABLE}, {@code REMARKS}, {@code CHARACTER_MAXIMUM_LENGTH}, {@code NUMERIC_PRECISION}, {@code
 * NUMERIC_SCALE}, {@code COLUMN_DEFAULT}, {@code IS_IDENTITY}, {@code IS_GENERATED} and {@code
 * GENERATION_EXPRESSION}), primary keys and unique constraints from {@code TABLE_CONSTRAINTS} + {@code
 * KEY_COLUMN_USAGE}, foreign keys from {@code REFERENTIAL_CONSTRAINTS} joined twice to {@code
 * KEY_COLUMN_USAGE} (referencing columns by {@code ORDINAL_POSITION}, referenced columns by {@code
 * POSITION_IN_UNIQUE_CONSTRAINT}), and indexes from {@code INDEXES} + {@code INDEX_COLUMNS}.
 *
 * <p>Column facts: size is {@code CHARACTER_MAXIMUM_LENGTH} for character types ({@code -1} for
 * {@code VARCHAR} without a length and for {@code CLOB}, for which H2 reports its maximum), size and
 * scale are {@code NUMERIC_PRECISION} and {@code NUMERIC_SCALE} for {@code DECIMAL}/{@code NUMERIC}
 * (H2 reports its maximum precision, 100000, for a {@code DECIMAL} declared without one); other types
 * have {@code -1, -1} (H2 gives integer and floating-point precision in bits). The default is {@code
 * COLUMN_DEFAULT} as H2 renders it ({@code 'new'}, {@code CURRENT_TIMESTAMP}). {@code IS_IDENTITY =
 * 'YES'} ({@code GENERATED ... AS IDENTITY}, {@code AUTO_INCREMENT}, {@code IDENTITY}) is {@link
 * Column.Generation#IDENTITY}; {@code IS_GENERATED = 'ALWAYS'} is {@link Column.Generation#COMPUTED}
 * with {@code GENERATION_EXPRESSION} (as H2 renders it, for example {@code "PRICE" * "QTY"}) as the
 * default. Unique keys are the {@code UNIQUE} constraints, named as H2 names them (a generated {@code
 * CONSTRAINT_xx} name when the DDL gave none); a {@code CREATE UNIQUE INDEX} is an index, not a unique
 * key. Indexes are all of {@code INDEXES}, those H2 creates for the primary key ({@code PRIMARY_KEY_xx})
 * and for constraints included, columns in {@code ORDINAL_POSITION} order, unique by {@code
 * INDEX_COLUMNS.IS_UNIQUE}. H2 has no materialized views.
 *
 * <p>Tables are named {@code TableName(TABLE_CATALOG, TABLE_SCHEMA, TABLE_NAME)} as H2's {@link
 * DatabaseMetaData} names them; {@code INFORMATION_SCHEMA} is never read, and is not among {@link
 * Catalog#schemas()}. Type names are H2's {@code
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
        "SELECT s.SCHEMA_NAME FROM INFORMATION_SCHEMA.SCHEMATA s WHERE s.SCHEMA_NAME <> 'INFORMATION_SCHEMA'"
            + (params.isEmpty() ? "" : " AND UPPER(s.SCHEMA_NAME) IN (" + CatalogRows.markers(params.size()) + ")")
            + " ORDER BY s.SCHEMA_NAME",
        params,
        rs -> rows.addSchema(rs.getString(1)));
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
            + " COALESCE(c.DECLARED_DATA_TYPE, c.DATA_TYPE), c.IS_NULLABLE, c.REMARKS,"
            + " c.CHARACTER_MAXIMUM_LENGTH, c.NUMERIC_PRECISION, c.NUMERIC_SCALE, c.COLUMN_DEFAULT,"
            + " c.IS_IDENTITY, c.IS_GENERATED, c.GENERATION_EXPRESSION"
            + " FROM INFORMATION_SCHEMA.COLUMNS c WHERE 1 = 1"
            + String.format(schemaFilter, "c"),
        params,
        rs -> {
          String type = rs.getString(6);
          int jdbcType = jdbcType(type);
          long length = rs.getLong(9);
          if (rs.wasNull()) length = -1;
          int precision = rs.getInt(10);
          if (rs.wasNull()) precision = -1;
          int scale = rs.getInt(11);
          if (rs.wasNull()) scale = -1;
          Column.Generation generation = Column.Generation.NONE;
          String defaultValue = rs.getString(12);
          if ("YES".equals(rs.getString(13))) {
            generation = Column.Generation.IDENTITY;
          } else if ("ALWAYS".equals(rs.getString(14))) {
            generation = Column.Generation.COMPUTED;
            defaultValue = rs.getString(15);
          }
          int[] sizeScale = ColumnSizes.sizeAndScale(jdbcType, length, precision, scale);
          rows.addColumn(name(rs.getString(1), rs.getString(2), rs.getString(3)), rs.getInt(5),
              new Column(rs.getString(4), type, jdbcType, !"NO".equals(rs.getString(7)), rs.getString(8),
                  List.of(), sizeScale[0], sizeScale[1], defaultValue, generation));
        });
    CatalogRows.query(connection,
        "SELECT k.TABLE_CATALOG, k.TABLE_SCHEMA, k.TABLE_NAME, k.COLUMN_NAME, k.ORDINAL_POSITION,"
            + " t.CONSTRAINT_TYPE, t.CONSTRAINT_NAME"
            + " FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS t JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE k"
            + " ON k.CONSTRAINT_CATALOG = t.CONSTRAINT_CATALOG AND k.CONSTRAINT_SCHEMA = t.CONSTRAINT_SCHEMA"
            + " AND k.CONSTRAINT_NAME = t.CONSTRAINT_NAME"
            + " WHERE t.CONSTRAINT_TYPE IN ('PRIMARY KEY', 'UNIQUE')" + String.format(schemaFilter, "k"),
        params,
        rs -> {
          TableName table = name(rs.getString(1), rs.getString(2), rs.getString(3));
          if ("PRIMARY KEY".equals(rs.getString(6))) {
            rows.addPrimaryKeyColumn(table, rs.getInt(5), rs.getString(4));
          } else {
            rows.addUniqueKeyColumn(table, rs.getString(7), rs.getInt(5), rs.getString(4));
          }
        });
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
    CatalogRows.query(connection,
        "SELECT i.TABLE_CATALOG, i.TABLE_SCHEMA, i.TABLE_NAME, i.INDEX_NAME, ic.IS_UNIQUE,"
            + " ic.COLUMN_NAME, ic.ORDINAL_POSITION"
            + " FROM INFORMATION_SCHEMA.INDEXES i JOIN INFORMATION_SCHEMA.INDEX_COLUMNS ic"
            + " ON ic.INDEX_CATALOG = i.INDEX_CATALOG AND ic.INDEX_SCHEMA = i.INDEX_SCHEMA"
            + " AND ic.INDEX_NAME = i.INDEX_NAME WHERE 1 = 1" + String.format(schemaFilter, "i"),
        params,
        rs -> rows.addIndexColumn(name(rs.getString(1), rs.getString(2), rs.getString(3)), rs.getString(4),
            rs.getBoolean(5), rs.getInt(7), rs.getString(6)));
    return new Catalog(md.getDatabaseProductName(), md.getDatabaseProductVersion(), Dialect.H2, rows.schemas(),
        rows.build());
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
