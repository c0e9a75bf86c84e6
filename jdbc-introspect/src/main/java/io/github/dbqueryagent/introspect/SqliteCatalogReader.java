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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a SQLite catalog in two queries: {@code sqlite_master} joined to the table-valued function
 * {@code pragma_table_info} (tables and views with their columns, declared types, {@code NOT NULL}
 * and primary key positions), and {@code sqlite_master} joined to {@code pragma_foreign_key_list}.
 * Internal {@code sqlite_*} tables are skipped.
 *
 * <p>A view whose definition no longer compiles (it names a dropped table) makes SQLite fail the
 * joined column query; the reader then reads the objects one by one and leaves such views out.
 *
 * <p>Only the {@code main} database is read; attached databases are not, and {@link
 * IntrospectionOptions#schemas()} does not apply (a SQLite file has no schemas). Tables are named
 * {@code TableName("", "", name)} as sqlite-jdbc's {@link DatabaseMetaData} names them. SQLite keeps
 * no comments and no row estimates: comments are {@code ""}, estimates {@code -1}.
 *
 * <p>Types: the type name is the declared type without its size ({@code VARCHAR(50)} becomes {@code
 * VARCHAR}); the JDBC type follows SQLite's column affinity rules (section 3.1 of
 * https://sqlite.org/datatype3.html): {@code INT} anywhere gives {@link Types#INTEGER}, {@code
 * CHAR}/{@code CLOB}/{@code TEXT} give {@link Types#VARCHAR}, {@code BLOB} or no type gives {@link
 * Types#BLOB}, {@code REAL}/{@code FLOA}/{@code DOUB} give {@link Types#DOUBLE} (8-byte floats), anything else {@link
 * Types#NUMERIC}. A foreign key that names no referenced columns refers to the referenced table's
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
    String objects = " m.type IN ('table', 'view') AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";
    CatalogRows.RowConsumer columnRow = rs -> {
      TableName table = TableName.of(rs.getString(1));
      if (rows.table(table) == null) {
        boolean view = "view".equals(rs.getString(2));
        rows.addTable(table, view ? Table.Kind.VIEW : Table.Kind.TABLE, "", -1);
        namesIgnoringCase.put(table.name().toLowerCase(Locale.ROOT), table.name());
      }
      String declared = CatalogRows.nullToEmpty(rs.getString(5));
      int paren = declared.indexOf('(');
      String typeName = (paren >= 0 ? declared.substring(0, paren) : declared).strip();
      rows.addColumn(table, rs.getInt(3),
          new Column(rs.getString(4), typeName, jdbcType(declared), rs.getInt(6) == 0, "", List.of()));
      int pk = rs.getInt(7);
      if (pk > 0) rows.addPrimaryKeyColumn(table, pk, rs.getString(4));
    };
    try {
      CatalogRows.query(connection,
          "SELECT m.name, m.type, p.cid, p.name, p.type, p.\"notnull\", p.pk"
              + " FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE" + objects
              + " ORDER BY m.name, p.cid",
          List.of(), columnRow);
    } catch (SQLException e) {
      // one unreadable object (a view over a dropped table) fails the whole join: read one by one
      List<String[]> names = new ArrayList<>();
      CatalogRows.query(connection, "SELECT m.name, m.type FROM sqlite_master m WHERE" + objects, List.of(),
          rs -> names.add(new String[] {rs.getString(1), rs.getString(2)}));
      for (String[] object : names) {
        try {
          CatalogRows.query(connection,
              "SELECT ?, ?, p.cid, p.name, p.type, p.\"notnull\", p.pk FROM pragma_table_info(?) p ORDER BY p.cid",
              List.of(object[0], object[1], object[0]), columnRow);
        } catch (SQLException unreadable) {
          // left out, as DatabaseMetaData-based introspection leaves out tables without readable columns
        }
      }
    }
    // pragma_foreign_key_list: id numbers the keys of one table, seq the columns of one key
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
    return new Catalog(md.getDatabaseProductName(), md.getDatabaseProductVersion(), Dialect.SQLITE, rows.build());
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
      for (String c : m.group(2).split(",")) cols.add(unquote(c.strip()).toLowerCase(Locale.ROOT));
      List<String> wanted = new ArrayList<>();
      for (String c : columns) wanted.add(c.toLowerCase(Locale.ROOT));
      if (cols.equals(wanted) && unquote(m.group(3)).equalsIgnoreCase(referencedTable)) {
        return unquote(m.group(1));
      }
    }
    return "";
  }

  private static String unquote(String id) {
    if (id.length() >= 2) {
      char a = id.charAt(0);
      char z = id.charAt(id.length() - 1);
      if (a == '"' && z == '"') return id.substring(1, id.length() - 1).replace("\"\"", "\"");
      if (a == '`' && z == '`') return id.substring(1, id.length() - 1).replace("``", "`");
      if (a == '[' && z == ']') return id.substring(1, id.length() - 1);
    }
    return id;
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
