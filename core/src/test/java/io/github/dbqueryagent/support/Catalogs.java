package io.github.dbqueryagent.support;

import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.ForeignKey;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/** Builds {@link Catalog} records directly, without a database, for retriever and budgeter tests. */
public final class Catalogs {
  private Catalogs() {}

  /** A catalog of unqualified tables in the given dialect. */
  public static Catalog catalog(Dialect dialect, List<Table> tables) {
    return new Catalog("Test", "1", dialect, tables);
  }

  /** A catalog of unqualified tables in the PostgreSQL dialect (lower-case names render bare). */
  public static Catalog catalog(TableBuilder... tables) {
    List<Table> built = new ArrayList<>();
    for (TableBuilder t : tables) built.add(t.build());
    return catalog(Dialect.POSTGRESQL, built);
  }

  /** Starts a table without schema. */
  public static TableBuilder table(String name) {
    return new TableBuilder(TableName.of(name));
  }

  /** Starts a table. */
  public static TableBuilder table(TableName name) {
    return new TableBuilder(name);
  }

  /** Builds one {@link Table}. */
  public static final class TableBuilder {
    private final TableName name;
    private Table.Kind kind = Table.Kind.TABLE;
    private String comment = "";
    private final List<Column> columns = new ArrayList<>();
    private final List<String> primaryKey = new ArrayList<>();
    private final List<ForeignKey> foreignKeys = new ArrayList<>();

    private TableBuilder(TableName name) {
      this.name = name;
    }

    /** Returns the table's name. */
    public TableName name() {
      return name;
    }

    /** Adds an integer primary-key column. */
    public TableBuilder id(String column) {
      columns.add(new Column(column, "integer", Types.INTEGER, false, "", List.of()));
      primaryKey.add(column);
      return this;
    }

    /** Adds a nullable varchar column. */
    public TableBuilder col(String column) {
      columns.add(Column.of(column, "varchar(100)", Types.VARCHAR));
      return this;
    }

    /** Adds a column of a type. */
    public TableBuilder col(String column, String typeName, int jdbcType) {
      columns.add(Column.of(column, typeName, jdbcType));
      return this;
    }

    /** Adds a nullable varchar column with a comment. */
    public TableBuilder col(String column, String comment) {
      columns.add(new Column(column, "varchar(100)", Types.VARCHAR, true, comment, List.of()));
      return this;
    }

    /** Adds a nullable integer column referencing {@code refTable.refColumn}. */
    public TableBuilder fk(String column, String refTable, String refColumn) {
      return fk(column, TableName.of(refTable), refColumn, false);
    }

    /** Adds an integer column referencing another table, optionally part of the primary key. */
    public TableBuilder fk(String column, TableName refTable, String refColumn, boolean partOfKey) {
      columns.add(new Column(column, "integer", Types.INTEGER, !partOfKey, "", List.of()));
      if (partOfKey) primaryKey.add(column);
      foreignKeys.add(
          new ForeignKey("fk_" + name.name() + "_" + column, List.of(column), refTable, List.of(refColumn)));
      return this;
    }

    /** Gives the column added last these sample values. */
    public TableBuilder samples(String... values) {
      int last = columns.size() - 1;
      columns.set(last, columns.get(last).withSampleValues(List.of(values)));
      return this;
    }

    /** Sets the table comment. */
    public TableBuilder comment(String text) {
      this.comment = text;
      return this;
    }

    /** Makes it a view. */
    public TableBuilder view() {
      this.kind = Table.Kind.VIEW;
      return this;
    }

    /** Builds the table. */
    public Table build() {
      return new Table(name, kind, comment, columns, primaryKey, foreignKeys, -1);
    }
  }
}
