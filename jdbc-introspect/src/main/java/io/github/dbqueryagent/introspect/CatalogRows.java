package io.github.dbqueryagent.introspect;

import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.ForeignKey;
import io.github.dbqueryagent.spi.Index;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import io.github.dbqueryagent.spi.UniqueKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Accumulates the rows of bulk catalog queries (tables, columns, key columns) into {@link Table}s.
 * Package-private scaffolding shared by the readers; not thread-safe, one instance per read.
 */
final class CatalogRows {
  /** What is known of one table while its rows arrive. */
  static final class TableRow {
    final TableName name;
    final Table.Kind kind;
    final String comment;
    final long rowEstimate;
    final TreeMap<Integer, Column> columns = new TreeMap<>();
    final TreeMap<Integer, String> primaryKey = new TreeMap<>();
    final Map<String, TreeMap<Integer, String[]>> foreignKeys = new LinkedHashMap<>();
    final Map<String, TableName> fkTargets = new LinkedHashMap<>();
    final Map<String, TreeMap<Integer, String>> uniqueKeys = new LinkedHashMap<>();
    final Map<String, TreeMap<Integer, String>> indexes = new LinkedHashMap<>();
    final Map<String, Boolean> indexUnique = new LinkedHashMap<>();

    TableRow(TableName name, Table.Kind kind, String comment, long rowEstimate) {
      this.name = name;
      this.kind = kind;
      this.comment = comment;
      this.rowEstimate = rowEstimate;
    }
  }

  private final Map<TableName, TableRow> tables = new LinkedHashMap<>();
  private final List<String> schemas = new ArrayList<>();

  /** Records a schema that was read, also when it holds no table. */
  void addSchema(String schema) {
    if (schema != null && !schema.isEmpty() && !schemas.contains(schema)) schemas.add(schema);
  }

  /** Returns the schemas recorded by {@link #addSchema}, in order of arrival. */
  List<String> schemas() {
    return schemas;
  }

  /** Registers a table or view; later rows for unknown tables are ignored. */
  void addTable(TableName name, Table.Kind kind, String comment, long rowEstimate) {
    tables.put(name, new TableRow(name, kind, comment, rowEstimate));
  }

  /** Returns the table's row, or null when the table was not registered (filtered out). */
  TableRow table(TableName name) {
    return tables.get(name);
  }

  void addColumn(TableName table, int position, Column column) {
    TableRow t = tables.get(table);
    if (t != null) t.columns.put(position, column);
  }

  void addPrimaryKeyColumn(TableName table, int position, String column) {
    TableRow t = tables.get(table);
    if (t != null) t.primaryKey.put(position, column);
  }

  /** Adds one column pair of a foreign key; {@code key} identifies the constraint within the table. */
  void addForeignKeyColumn(
      TableName table, String key, String name, int position, String column, TableName target, String targetColumn) {
    TableRow t = tables.get(table);
    if (t == null) return;
    t.fkTargets.putIfAbsent(key, target);
    t.foreignKeys.computeIfAbsent(key, k -> new TreeMap<>()).put(position, new String[] {name, column, targetColumn});
  }

  /** Adds one column of a unique constraint (not the primary key); {@code name} identifies it within the table. */
  void addUniqueKeyColumn(TableName table, String name, int position, String column) {
    TableRow t = tables.get(table);
    if (t != null) t.uniqueKeys.computeIfAbsent(name, k -> new TreeMap<>()).put(position, column);
  }

  /** Adds one column (or expression) of an index; {@code name} identifies it within the table. */
  void addIndexColumn(TableName table, String name, boolean unique, int position, String column) {
    TableRow t = tables.get(table);
    if (t == null) return;
    t.indexUnique.put(name, unique);
    t.indexes.computeIfAbsent(name, k -> new TreeMap<>()).put(position, column);
  }

  /**
   * Builds the tables: columns in ordinal order; views keep no keys (materialized views keep their
   * indexes); tables without columns dropped.
   */
  List<Table> build() {
    List<Table> out = new ArrayList<>(tables.size());
    for (TableRow t : tables.values()) {
      if (t.columns.isEmpty()) continue;
      List<String> pk = new ArrayList<>(t.primaryKey.values());
      List<ForeignKey> fks = new ArrayList<>();
      for (Map.Entry<String, TreeMap<Integer, String[]>> e : t.foreignKeys.entrySet()) {
        List<String> cols = new ArrayList<>();
        List<String> refs = new ArrayList<>();
        String name = "";
        for (String[] part : e.getValue().values()) {
          name = part[0];
          cols.add(part[1]);
          refs.add(part[2]);
        }
        if (refs.contains(null)) continue;
        fks.add(new ForeignKey(name, cols, t.fkTargets.get(e.getKey()), refs));
      }
      List<UniqueKey> uniqueKeys = new ArrayList<>();
      for (Map.Entry<String, TreeMap<Integer, String>> e : t.uniqueKeys.entrySet()) {
        uniqueKeys.add(new UniqueKey(e.getKey(), new ArrayList<>(e.getValue().values())));
      }
      List<Index> indexes = new ArrayList<>();
      for (Map.Entry<String, TreeMap<Integer, String>> e : t.indexes.entrySet()) {
        indexes.add(new Index(e.getKey(), new ArrayList<>(e.getValue().values()), t.indexUnique.get(e.getKey())));
      }
      boolean view = t.kind == Table.Kind.VIEW;
      out.add(new Table(
          t.name, t.kind, t.comment, new ArrayList<>(t.columns.values()), view ? List.of() : pk,
          view ? List.of() : fks, t.rowEstimate, view ? List.of() : uniqueKeys, view ? List.of() : indexes));
    }
    return out;
  }

  /** Runs a query with string parameters and hands each row to the consumer. */
  static void query(Connection c, String sql, List<String> params, RowConsumer consumer) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.size(); i++) ps.setString(i + 1, params.get(i));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) consumer.accept(rs);
      }
    }
  }

  /** A row callback that may throw {@link SQLException}. */
  @FunctionalInterface
  interface RowConsumer {
    void accept(ResultSet rs) throws SQLException;
  }

  /** Returns {@code ?, ?, ?} with n markers, n at least 1. */
  static String markers(int n) {
    return String.join(", ", java.util.Collections.nCopies(n, "?"));
  }

  static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

}
