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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a SQLite catalog in three queries, whatever the number of tables: {@code sqlite_master} joined
 * to the table-valued function {@code pragma_table_xinfo} (tables and views with their columns,
 * generated ones included, declared types, {@code NOT NULL}, defaults and primary key positions),
 * {@code sqlite_master} joined to {@code pragma_foreign_key_list}, and {@code sqlite_master} joined to
 * {@code pragma_index_list} and {@code pragma_index_info} (every index with its columns in order).
 * Internal {@code sqlite_*} tables are skipped.
 *
 * <p>A view whose definition no longer compiles (it names a dropped table) makes SQLite fail the
 * joined column query; the reader then reads the objects one by one and leaves such views out.
 *
 * <p>Only the {@code main} database is read; attached databases are not, {@link Catalog#schemas()} is
 * empty, and {@link IntrospectionOptions#schemas()} does not apply (a SQLite file has no schemas).
 * Tables are named {@code TableName("", "", name)} as sqlite-jdbc's {@link DatabaseMetaData} names them.
 * SQLite keeps no comments, no row estimates and no materialized views: comments are {@code ""},
 * estimates {@code -1}.
 *
 * <p>Types: the type name is the declared type without its size ({@code VARCHAR(50)} becomes {@code
 * VARCHAR}); the JDBC type follows SQLite's column affinity rules (section 3.1 of
 * https://sqlite.org/datatype3.html): {@code INT} anywhere gives {@link Types#INTEGER}, {@code
 * CHAR}/{@code CLOB}/{@code TEXT} give {@link Types#VARCHAR}, {@code BLOB} or no type gives {@link
 * Types#BLOB}, {@code REAL}/{@code FLOA}/{@code DOUB} give {@link Types#DOUBLE} (8-byte floats), anything else {@link
 * Types#NUMERIC}. Size and scale are parsed from the declared type ({@code VARCHAR(40)}: size 40;
 * {@code NUMERIC(10,2)}: size 10, scale 2) for text and numeric columns, {@code -1} otherwise; SQLite
 * does not enforce them (a {@code VARCHAR(40)} column stores longer strings), so they document intent,
 * not a limit.
 *
 * <p>Defaults are {@code dflt_value} as SQLite keeps it ({@code 0}, {@code 'new'}, {@code
 * CURRENT_TIMESTAMP}; a parenthesized expression without its parentheses). A generated column
 * ({@code hidden} 2 or 3) is {@link Column.Generation#COMPUTED} with its expression, cut from the
 * table's {@code CREATE TABLE} text in {@code sqlite_master} (see {@code SqliteDdl}; {@code ""} when
 * that text cannot be read). An {@code INTEGER PRIMARY KEY} that is an alias of the rowid (with or
 * without {@code AUTOINCREMENT}; not in a {@code WITHOUT ROWID} table and not {@code INTEGER PRIMARY KEY
 * DESC}, which SQLite backs with a separate index) is {@link Column.Generation#IDENTITY}.
 *
 * <p>Indexes: every index {@code pragma_index_list} reports, the automatic ones included ({@code
 * sqlite_autoindex_*}, made for {@code PRIMARY KEY} and {@code UNIQUE} constraints), with its columns
 * in index order. A term of an expression index (column id -2) is the expression cut from the {@code
 * CREATE INDEX} text, or {@code "<expression>"} when that fails. Unique keys are the indexes
 * of origin {@code u} ({@code UNIQUE} constraints), named by their {@code CONSTRAINT name} in the DDL
 * when they have one and by their automatic index name otherwise; a {@code CREATE UNIQUE INDEX} is an
 * index, not a unique key, and the primary key's index (origin {@code pk}) is never a unique key.
 *
 * <p>Foreign keys: a key that names no referenced columns refers to the referenced table's
 * primary key, which is resolved here; a key whose target cannot be resolved is left out. Constraint
 * names, which the pragmas do not report, are taken from the table's {@code CREATE TABLE} text for
 * table-level {@code CONSTRAINT name FOREIGN KEY (...) REFERENCES t} clauses; other keys are named
 * {@code ""}.
 *
 * <p>Stateless and thread-safe; {@link #read} blocks on the queries and does not close the connection.
 */
public final class SqliteCatalogReader implements CatalogReader {

  /** Creates the reader. */
  public SqliteCatalogReader() {}

  @Override
  public boolean supports(Dialect dialect) {
    return dialect == Dialect.SQLITE;
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
    CatalogRows rows = new CatalogRows();
    Map<String, String> namesIgnoringCase = new HashMap<>();
    List<ColumnRow> columns = new ArrayList<>();
    String objects = " m.type IN ('table', 'view') AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";
    CatalogRows.RowConsumer columnRow = rs -> {
      TableName table = TableName.of(rs.getString(1));
      if (rows.table(table) == null) {
        boolean view = "view".equals(rs.getString(2));
        rows.addTable(table, view ? Table.Kind.VIEW : Table.Kind.TABLE, "", -1);
        namesIgnoringCase.put(table.name().toLowerCase(Locale.ROOT), table.name());
      }
      ColumnRow c = new ColumnRow(table, rs.getInt(3), rs.getString(4), CatalogRows.nullToEmpty(rs.getString(5)),
          rs.getInt(6) != 0, rs.getString(8), rs.getInt(7), rs.getInt(9), CatalogRows.nullToEmpty(rs.getString(10)));
      columns.add(c);
      if (c.pk > 0) rows.addPrimaryKeyColumn(table, c.pk, c.name);
    };
    try {
      // pragma_table_xinfo, unlike pragma_table_info, lists generated (and hidden) columns, as
      // sqlite-jdbc's getColumns does; the DDL is only fetched for generated columns
      CatalogRows.query(connection,
          "SELECT m.name, m.type, p.cid, p.name, p.type, p.\"notnull\", p.pk, p.dflt_value, p.hidden,"
              + " CASE WHEN p.hidden IN (2, 3) THEN m.sql END"
              + " FROM sqlite_master m JOIN pragma_table_xinfo(m.name) p WHERE" + objects
              + " ORDER BY m.name, p.cid",
          List.of(), columnRow);
    } catch (SQLException e) {
      // one unreadable object (a view over a dropped table) fails the whole join: read one by one
      List<String[]> names = new ArrayList<>();
      CatalogRows.query(connection, "SELECT m.name, m.type FROM sqlite_master m WHERE" + objects, List.of(),
          rs -> names.add(new String[] {rs.getString(1), rs.getString(2)}));
      columns.clear(); // the join may have delivered some rows before it failed; they are read again
      for (String[] object : names) {
        try {
          CatalogRows.query(connection,
              "SELECT ?, ?, p.cid, p.name, p.type, p.\"notnull\", p.pk, p.dflt_value, p.hidden,"
                  + " CASE WHEN p.hidden IN (2, 3) THEN (SELECT sql FROM sqlite_master WHERE name = ?) END"
                  + " FROM pragma_table_xinfo(?) p ORDER BY p.cid",
              List.of(object[0], object[1], object[0], object[0]), columnRow);
        } catch (SQLException unreadable) {
          // left out, as DatabaseMetaData-based introspection leaves out tables without readable columns
        }
      }
    }
    readForeignKeys(connection, rows, namesIgnoringCase);
    Set<TableName> pkIndexed = readIndexes(connection, rows);
    for (ColumnRow c : columns) rows.addColumn(c.table, c.cid, column(c, rows, pkIndexed));
    return new Catalog(md.getDatabaseProductName(), md.getDatabaseProductVersion(), Dialect.SQLITE, rows.build());
  }

  /** One row of {@code pragma_table_xinfo}, kept until the indexes tell which tables have a rowid alias. */
  private record ColumnRow(
      TableName table, int cid, String name, String declared, boolean notNull, String defaultValue, int pk,
      int hidden, String createSql) {}

  /**
   * Builds a column: size and scale from the declared type, the default as {@code dflt_value} gives
   * it, generation from {@code hidden} (2 virtual, 3 stored generated column) or the rowid alias.
   */
  private static Column column(ColumnRow c, CatalogRows rows, Set<TableName> pkIndexed) {
    int paren = c.declared.indexOf('(');
    String typeName = (paren >= 0 ? c.declared.substring(0, paren) : c.declared).strip();
    int jdbcType = jdbcType(c.declared);
    int[] sizeScale = sizeAndScale(c.declared, jdbcType);
    Column.Generation generation = Column.Generation.NONE;
    String defaultValue = CatalogRows.nullToEmpty(c.defaultValue);
    if (c.hidden == 2 || c.hidden == 3) {
      generation = Column.Generation.COMPUTED;
      defaultValue = SqliteDdl.generationExpression(c.createSql, c.name).orElse("");
    } else if (c.pk == 1 && typeName.equalsIgnoreCase("INTEGER") && !pkIndexed.contains(c.table)
        && rows.table(c.table).kind == Table.Kind.TABLE && rows.table(c.table).primaryKey.size() == 1) {
      generation = Column.Generation.IDENTITY;
    }
    return new Column(c.name, typeName, jdbcType, !c.notNull, "", List.of(), sizeScale[0], sizeScale[1],
        defaultValue, generation);
  }

  private static final Pattern SIZE = Pattern.compile("\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\)");

  /**
   * Parses size and scale from a declared type: {@code VARCHAR(40)} gives size 40 for a text column,
   * {@code NUMERIC(10,2)} size 10 and scale 2 (and {@code NUMERIC(10)} scale 0) for a column the
   * affinity rules report as {@link Types#NUMERIC}; everything else is {@code -1, -1}. SQLite itself
   * enforces neither: the numbers are the declaration's, not a limit on the stored values.
   */
  static int[] sizeAndScale(String declaredType, int jdbcType) {
    Matcher m = SIZE.matcher(declaredType == null ? "" : declaredType);
    if (!m.find()) return new int[] {-1, -1};
    int size = parse(m.group(1));
    if (jdbcType == Types.VARCHAR) return new int[] {size, -1};
    if (jdbcType == Types.NUMERIC) return new int[] {size, m.group(2) == null ? 0 : parse(m.group(2))};
    return new int[] {-1, -1};
  }

  private static int parse(String digits) {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException tooLarge) {
      return -1;
    }
  }

  /**
   * Reads the foreign keys ({@code pragma_foreign_key_list}: id numbers the keys of one table, seq the
   * columns of one key) and resolves keys that name no referenced columns to the target's primary key.
   */
  private static void readForeignKeys(Connection connection, CatalogRows rows, Map<String, String> namesIgnoringCase)
      throws SQLException {
    Map<String, TreeMap<Integer, String[]>> keyParts = new java.util.LinkedHashMap<>();
    Map<String, String> ddl = new HashMap<>();
    CatalogRows.query(connection,
        "SELECT m.name, f.id, f.seq, f.\"table\", f.\"from\", f.\"to\", m.sql"
            + " FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f"
            + " WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
            + " ORDER BY m.name, f.id, f.seq",
        List.of(),
        rs -> {
          keyParts.computeIfAbsent(rs.getString(1) + "\u0000" + rs.getInt(2), k -> new TreeMap<>())
              .put(rs.getInt(3), new String[] {rs.getString(1), rs.getString(4), rs.getString(5), rs.getString(6)});
          ddl.putIfAbsent(rs.getString(1), CatalogRows.nullToEmpty(rs.getString(7)));
        });
    for (Map.Entry<String, TreeMap<Integer, String[]>> key : keyParts.entrySet()) {
      String[] first = key.getValue().firstEntry().getValue();
      TableName table = TableName.of(first[0]);
      String targetName = namesIgnoringCase.getOrDefault(first[1].toLowerCase(Locale.ROOT), first[1]);
      TableName target = TableName.of(targetName);
      List<String> targetPk = rows.table(target) == null ? List.of()
          : new ArrayList<>(rows.table(target).primaryKey.values());
      List<String> from = new ArrayList<>();
      for (String[] part : key.getValue().values()) from.add(part[2]);
      String name = constraintName(ddl.getOrDefault(first[0], ""), from, first[1]);
      for (Map.Entry<Integer, String[]> part : key.getValue().entrySet()) {
        String to = part.getValue()[3];
        if (to == null) {
          int seq = part.getKey();
          to = seq < targetPk.size() ? targetPk.get(seq) : null;
        }
        rows.addForeignKeyColumn(table, key.getKey(), name, part.getKey(), part.getValue()[2], target, to);
      }
    }
  }

  /** What an expression term of an index is called when its text cannot be read from the DDL. */
  static final String UNREADABLE_EXPRESSION = "<expression>";

  /**
   * Reads every index of every table in one query ({@code pragma_index_list} joined to {@code
   * pragma_index_info}), adds them and the unique constraints (origin {@code u}) to {@code rows}, and
   * returns the tables that have an index made for their primary key (origin {@code pk}): their
   * {@code INTEGER PRIMARY KEY} is not a rowid alias ({@code WITHOUT ROWID} tables and the {@code
   * INTEGER PRIMARY KEY DESC} quirk, https://sqlite.org/lang_createtable.html#rowid).
   */
  private static Set<TableName> readIndexes(Connection connection, CatalogRows rows) throws SQLException {
    Set<TableName> pkIndexed = new HashSet<>();
    Map<String, TreeMap<Integer, String>> uniqueColumns = new java.util.LinkedHashMap<>();
    Map<String, String[]> uniqueOwners = new HashMap<>();
    CatalogRows.query(connection,
        "SELECT m.name, il.name, il.\"unique\", il.origin, ii.seqno, ii.cid, ii.name,"
            + " CASE WHEN ii.cid = -2 THEN x.sql END, CASE WHEN il.origin = 'u' THEN m.sql END"
            + " FROM sqlite_master m JOIN pragma_index_list(m.name) il JOIN pragma_index_info(il.name) ii"
            + " LEFT JOIN sqlite_master x ON x.type = 'index' AND x.name = il.name"
            + " WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
            + " ORDER BY m.name, il.name, ii.seqno",
        List.of(),
        rs -> {
          TableName table = TableName.of(rs.getString(1));
          String index = rs.getString(2);
          String origin = rs.getString(4);
          int seqno = rs.getInt(5);
          int cid = rs.getInt(6);
          String column = rs.getString(7);
          if (column == null) {
            column = cid == -1 ? "rowid"
                : SqliteDdl.indexedTerm(CatalogRows.nullToEmpty(rs.getString(8)), seqno).orElse(UNREADABLE_EXPRESSION);
          }
          rows.addIndexColumn(table, index, rs.getInt(3) != 0, seqno, column);
          if ("pk".equals(origin)) pkIndexed.add(table);
          if ("u".equals(origin)) {
            uniqueColumns.computeIfAbsent(table.name() + "\u0000" + index, k -> new TreeMap<>()).put(seqno, column);
            uniqueOwners.putIfAbsent(table.name() + "\u0000" + index,
                new String[] {table.name(), index, CatalogRows.nullToEmpty(rs.getString(9))});
          }
        });
    for (Map.Entry<String, TreeMap<Integer, String>> e : uniqueColumns.entrySet()) {
      String[] owner = uniqueOwners.get(e.getKey());
      List<String> cols = new ArrayList<>(e.getValue().values());
      String name = SqliteDdl.uniqueConstraintName(owner[2], cols).orElse(owner[1]);
      for (Map.Entry<Integer, String> col : e.getValue().entrySet()) {
        rows.addUniqueKeyColumn(TableName.of(owner[0]), name, col.getKey(), col.getValue());
      }
    }
    return pkIndexed;
  }

  private static final String IDENTIFIER = "(?:\"(?:[^\"]|\"\")+\"|`(?:[^`]|``)+`|\\[[^\\]]+\\]|[\\w$]+)";
  private static final Pattern NAMED_KEY = Pattern.compile(
      "CONSTRAINT\\s+(" + IDENTIFIER + ")\\s+FOREIGN\\s+KEY\\s*\\(([^)]*)\\)\\s*REFERENCES\\s+(" + IDENTIFIER + ")",
      Pattern.CASE_INSENSITIVE);

  /**
   * Finds the name of a table-level {@code CONSTRAINT name FOREIGN KEY (columns) REFERENCES table} in
   * the table's DDL, matching the key by its columns and referenced table (SQLite's pragmas do not
   * report constraint names). Returns {@code ""} for an unnamed key.
   */
  static String constraintName(String createSql, List<String> columns, String referencedTable) {
    Matcher m = NAMED_KEY.matcher(createSql);
    while (m.find()) {
      List<String> cols = new ArrayList<>();
      for (String c : m.group(2).split(",")) cols.add(SqliteDdl.unquote(c.strip()).toLowerCase(Locale.ROOT));
      List<String> wanted = new ArrayList<>();
      for (String c : columns) wanted.add(c.toLowerCase(Locale.ROOT));
      if (cols.equals(wanted) && SqliteDdl.unquote(m.group(3)).equalsIgnoreCase(referencedTable)) {
        return SqliteDdl.unquote(m.group(1));
      }
    }
    return "";
  }

  /**
   * Maps a declared type to a JDBC type by SQLite's column affinity rules, except that declared dates,
   * times and booleans (NUMERIC affinity) are reported as {@code DATE}, {@code TIMESTAMP}, {@code
   * TIME} and {@code BOOLEAN}, which is what their values mean.
   */
  static int jdbcType(String declaredType) {
    String t = declaredType == null ? "" : declaredType.toUpperCase(Locale.ROOT);
    if (t.contains("INT")) return Types.INTEGER;
    if (t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT")) return Types.VARCHAR;
    if (t.contains("BLOB") || t.isBlank()) return Types.BLOB;
    if (t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB")) return Types.DOUBLE;
    // NUMERIC affinity, but what the column holds is a date or time (stored as text or numbers):
    // report it as temporal so that nobody sums or averages it
    if (t.contains("TIMESTAMP") || t.contains("DATETIME")) return Types.TIMESTAMP;
    if (t.contains("DATE")) return Types.DATE;
    if (t.contains("TIME")) return Types.TIME;
    if (t.contains("BOOL")) return Types.BOOLEAN;
    return Types.NUMERIC;
  }

  @Override
  public String toString() {
    return "SqliteCatalogReader";
  }
}
