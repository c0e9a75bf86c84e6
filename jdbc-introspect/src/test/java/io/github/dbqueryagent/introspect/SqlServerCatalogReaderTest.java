package io.github.dbqueryagent.introspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.ForeignKey;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.util.TablesNamesFinder;
import org.junit.jupiter.api.Test;

/**
 * {@link SqlServerCatalogReader} without a SQL Server: the row-to-record mapping over canned result
 * rows shaped like the {@code sys} views' answers, and the query text checked with a T-SQL parser.
 */
class SqlServerCatalogReaderTest {
  private static final String DB = "Sales";

  /** The rows a SQL Server would answer for the fixture database; see each query's column list. */
  private static Map<String, List<Object[]>> fixture() {
    Map<String, List<Object[]>> m = new HashMap<>();
    m.put(SqlServerCatalogReader.DATABASE_QUERY, rows(new Object[] {DB}));
    m.put(SqlServerCatalogReader.TABLES_QUERY, rows(
        new Object[] {"dbo", "Customer", 101, "U", false, "Customers and their parent accounts"},
        new Object[] {"Sales", "Orders", 102, "U", false, null},
        new Object[] {"Sales", "OrderLine", 103, "U", false, null},
        new Object[] {"archive", "Customer", 201, "U", false, "Closed accounts"},
        new Object[] {"dbo", "vCustomer", 301, "V ", false, "Active customers"},
        new Object[] {"dbo", "sysdiagrams", 401, "U", true, null},
        new Object[] {"sys", "trace_xe_action_map", 501, "U", false, null},
        new Object[] {"INFORMATION_SCHEMA", "TABLES", 502, "V", false, null}));
    // object id, column id, name, type, base type, max_length, precision, scale, nullable, identity, comment
    m.put(SqlServerCatalogReader.COLUMNS_QUERY, rows(
        col(101, 1, "CustomerId", "int", "int", false, true, null),
        col(101, 2, "Name", "nvarchar", "nvarchar", false, false, "Display name"),
        col(101, 3, "ParentId", "int", "int", true, false, null),
        col(101, 4, "Login", "sysname", "nvarchar", true, false, null),
        col(101, 5, "Location", "geography", null, true, false, null),
        col(102, 1, "OrderNo", "int", "int", false, false, null),
        col(102, 2, "Region", "nchar", "nchar", false, false, null),
        col(102, 3, "CustomerId", "int", "int", false, false, null),
        col(102, 4, "PlacedAt", "datetime2", "datetime2", false, false, null),
        col(103, 4, "Price", "money", "money", false, false, "Unit price"),
        col(103, 1, "Region", "nchar", "nchar", false, false, null),
        col(103, 2, "OrderNo", "int", "int", false, false, null),
        col(103, 3, "LineNo", "smallint", "smallint", false, false, null),
        col(103, 5, "RowGuid", "uniqueidentifier", "uniqueidentifier", false, false, null),
        col(201, 1, "CustomerId", "bigint", "bigint", false, false, null),
        col(301, 1, "CustomerId", "int", "int", false, false, null),
        col(301, 2, "Name", "nvarchar", "nvarchar", false, false, "Display name"),
        col(401, 1, "diagram_id", "int", "int", false, true, null),
        col(501, 1, "trace_event_id", "smallint", "smallint", false, false, null),
        col(502, 1, "TABLE_NAME", "sysname", "nvarchar", false, false, null)));
    // table object id, key ordinal, column id
    m.put(SqlServerCatalogReader.PRIMARY_KEYS_QUERY, rows(
        new Object[] {101, 1, 1},
        new Object[] {102, 2, 1}, new Object[] {102, 1, 2},
        new Object[] {103, 3, 3}, new Object[] {103, 1, 1}, new Object[] {103, 2, 2},
        new Object[] {201, 1, 1},
        new Object[] {401, 1, 1}));
    // table, constraint name, constraint id, constraint column id, column id, ref schema, ref table, ref column
    m.put(SqlServerCatalogReader.FOREIGN_KEYS_QUERY, rows(
        new Object[] {101, "FK_Customer_Parent", 901, 1, 3, "dbo", "Customer", "CustomerId"},
        new Object[] {102, "FK_Orders_Customer", 902, 1, 3, "dbo", "Customer", "CustomerId"},
        new Object[] {103, "FK_OrderLine_Orders", 903, 2, 2, "Sales", "Orders", "OrderNo"},
        new Object[] {103, "FK_OrderLine_Orders", 903, 1, 1, "Sales", "Orders", "Region"}));
    // object id, rows (bigint); also counts for the view (indexed views have partitions)
    m.put(SqlServerCatalogReader.ROW_COUNTS_QUERY, rows(
        new Object[] {101, 3L}, new Object[] {102, 10L}, new Object[] {201, 7L}, new Object[] {301, 3L}));
    return m;
  }

  private static Object[] col(int table, int id, String name, String type, String base, boolean nullable,
      boolean identity, String comment) {
    return new Object[] {table, id, name, type, base, (short) 4, (short) 10, (short) 0, nullable, identity, comment};
  }

  private static List<Object[]> rows(Object[]... rows) {
    return List.of(rows);
  }

  private static Catalog read(Map<String, List<Object[]>> answers, IntrospectionOptions options, List<String> ran)
      throws SQLException {
    return SqlServerCatalogReader.read(sql -> {
      ran.add(sql);
      List<Object[]> r = answers.get(sql);
      if (r == null) throw new SQLException("no canned answer (permission denied)", "42000");
      return r;
    }, "Microsoft SQL Server", "16.00.4135", options);
  }

  private static Table table(Catalog c, String schema, String name) {
    return c.table(new TableName(DB, schema, name)).orElseThrow(() -> new AssertionError(schema + "." + name));
  }

  @Test
  void supportsSqlServerOnly() {
    SqlServerCatalogReader reader = new SqlServerCatalogReader();
    assertThat(reader.supports(Dialect.SQLSERVER)).isTrue();
    assertThat(reader.supports(Dialect.POSTGRESQL)).isFalse();
    assertThat(reader.supports(Dialect.H2)).isFalse();
    assertThat(DialectSchemaSource.builtInReaders()).hasAtLeastOneElementOfType(SqlServerCatalogReader.class);
  }

  @Test
  void readsEveryUserTableAndViewInAFixedNumberOfQueries() throws SQLException {
    List<String> ran = new ArrayList<>();
    Catalog c = read(fixture(), IntrospectionOptions.defaults(), ran);
    assertThat(ran).containsExactlyInAnyOrderElementsOf(SqlServerCatalogReader.QUERIES);
    assertThat(c.dialect()).isEqualTo(Dialect.SQLSERVER);
    assertThat(c.productName()).isEqualTo("Microsoft SQL Server");
    assertThat(c.tables()).extracting(Table::name).containsExactly(
        new TableName(DB, "Sales", "OrderLine"), new TableName(DB, "Sales", "Orders"),
        new TableName(DB, "archive", "Customer"), new TableName(DB, "dbo", "Customer"),
        new TableName(DB, "dbo", "vCustomer"));
  }

  @Test
  void skipsMicrosoftShippedObjectsAndSystemSchemas() throws SQLException {
    Catalog c = read(fixture(), IntrospectionOptions.defaults(), new ArrayList<>());
    assertThat(c.tablesNamed("sysdiagrams")).isEmpty();
    assertThat(c.tablesNamed("trace_xe_action_map")).isEmpty();
    assertThat(c.tablesNamed("TABLES")).isEmpty();
  }

  @Test
  void mapsColumnsTypesNullabilityAndComments() throws SQLException {
    Catalog c = read(fixture(), IntrospectionOptions.defaults(), new ArrayList<>());
    Table customer = table(c, "dbo", "Customer");
    assertThat(customer.kind()).isEqualTo(Table.Kind.TABLE);
    assertThat(customer.comment()).isEqualTo("Customers and their parent accounts");
    assertThat(customer.columns()).containsExactly(
        new Column("CustomerId", "int identity", Types.INTEGER, false, "", List.of()),
        new Column("Name", "nvarchar", Types.NVARCHAR, false, "Display name", List.of()),
        new Column("ParentId", "int", Types.INTEGER, true, "", List.of()),
        new Column("Login", "sysname", Types.NVARCHAR, true, "", List.of()),
        new Column("Location", "geography", Types.VARBINARY, true, "", List.of()));
    Table line = table(c, "Sales", "OrderLine");
    assertThat(line.columns()).extracting(Column::name)
        .containsExactly("Region", "OrderNo", "LineNo", "Price", "RowGuid");
    assertThat(line.column("Price").orElseThrow().jdbcType()).isEqualTo(Types.DECIMAL);
    assertThat(line.column("Price").orElseThrow().comment()).isEqualTo("Unit price");
    assertThat(line.column("RowGuid").orElseThrow().jdbcType()).isEqualTo(Types.CHAR);
    assertThat(table(c, "Sales", "Orders").column("PlacedAt").orElseThrow().jdbcType())
        .isEqualTo(Types.TIMESTAMP);
  }

  @Test
  void keepsPrimaryKeysInKeyOrdinalOrder() throws SQLException {
    Catalog c = read(fixture(), IntrospectionOptions.defaults(), new ArrayList<>());
    assertThat(table(c, "dbo", "Customer").primaryKey()).containsExactly("CustomerId");
    assertThat(table(c, "Sales", "Orders").primaryKey()).containsExactly("Region", "OrderNo");
    assertThat(table(c, "Sales", "OrderLine").primaryKey()).containsExactly("Region", "OrderNo", "LineNo");
  }

  @Test
  void readsCompositeAndSelfReferencingForeignKeys() throws SQLException {
    Catalog c = read(fixture(), IntrospectionOptions.defaults(), new ArrayList<>());
    TableName customer = new TableName(DB, "dbo", "Customer");
    assertThat(table(c, "dbo", "Customer").foreignKeys()).containsExactly(
        new ForeignKey("FK_Customer_Parent", List.of("ParentId"), customer, List.of("CustomerId")));
    assertThat(table(c, "Sales", "Orders").foreignKeys()).containsExactly(
        new ForeignKey("FK_Orders_Customer", List.of("CustomerId"), customer, List.of("CustomerId")));
    assertThat(table(c, "Sales", "OrderLine").foreignKeys()).containsExactly(
        new ForeignKey("FK_OrderLine_Orders", List.of("Region", "OrderNo"), new TableName(DB, "Sales", "Orders"),
            List.of("Region", "OrderNo")));
  }

  @Test
  void keepsSameNamedTablesOfTwoSchemasApart() throws SQLException {
    Catalog c = read(fixture(), IntrospectionOptions.defaults(), new ArrayList<>());
    assertThat(c.tablesNamed("customer")).extracting(t -> t.name().schema()).containsExactly("archive", "dbo");
    Table archived = table(c, "archive", "Customer");
    assertThat(archived.comment()).isEqualTo("Closed accounts");
    assertThat(archived.columns()).containsExactly(
        new Column("CustomerId", "bigint", Types.BIGINT, false, "", List.of()));
    assertThat(archived.foreignKeys()).isEmpty();
  }

  @Test
  void viewsKeepColumnsAndCommentsButNoKeysOrRowCount() throws SQLException {
    Catalog c = read(fixture(), IntrospectionOptions.defaults(), new ArrayList<>());
    Table view = table(c, "dbo", "vCustomer");
    assertThat(view.kind()).isEqualTo(Table.Kind.VIEW);
    assertThat(view.comment()).isEqualTo("Active customers");
    assertThat(view.columns()).extracting(Column::name).containsExactly("CustomerId", "Name");
    assertThat(view.primaryKey()).isEmpty();
    assertThat(view.rowEstimate()).isEqualTo(-1);
  }

  @Test
  void rowCountsComeFromPartitionStatsOrAreUnknown() throws SQLException {
    Catalog c = read(fixture(), IntrospectionOptions.defaults(), new ArrayList<>());
    assertThat(table(c, "dbo", "Customer").rowEstimate()).isEqualTo(3);
    assertThat(table(c, "Sales", "Orders").rowEstimate()).isEqualTo(10);
    assertThat(table(c, "Sales", "OrderLine").rowEstimate()).isEqualTo(-1);

    Map<String, List<Object[]>> noPermission = fixture();
    noPermission.remove(SqlServerCatalogReader.ROW_COUNTS_QUERY);
    Catalog without = read(noPermission, IntrospectionOptions.defaults(), new ArrayList<>());
    assertThat(without.tables()).extracting(Table::rowEstimate).containsOnly(-1L);
    assertThat(without.tables()).hasSize(5);
  }

  @Test
  void readsOnlyTheRequestedSchemasIgnoringCase() throws SQLException {
    Catalog c = read(fixture(), new IntrospectionOptions(List.of("sales")), new ArrayList<>());
    assertThat(c.tables()).extracting(Table::name).containsExactly(
        new TableName(DB, "Sales", "OrderLine"), new TableName(DB, "Sales", "Orders"));
    assertThat(table(c, "Sales", "Orders").foreignKeys()).extracting(ForeignKey::referencedTable)
        .containsExactly(new TableName(DB, "dbo", "Customer"));
    assertThat(read(fixture(), new IntrospectionOptions(List.of("sys")), new ArrayList<>()).tables()).isEmpty();
  }

  @Test
  void anEmptyDatabaseGivesAnEmptyCatalog() throws SQLException {
    Map<String, List<Object[]>> empty = new HashMap<>();
    for (String q : SqlServerCatalogReader.QUERIES) empty.put(q, List.of());
    empty.put(SqlServerCatalogReader.DATABASE_QUERY, rows(new Object[] {"Empty"}));
    assertThat(read(empty, IntrospectionOptions.defaults(), new ArrayList<>()).tables()).isEmpty();
  }

  @Test
  void typeNamesMapToTheCodesMssqlJdbcReports() {
    assertThat(SqlServerCatalogReader.jdbcType("bit")).isEqualTo(Types.BIT);
    assertThat(SqlServerCatalogReader.jdbcType("tinyint")).isEqualTo(Types.TINYINT);
    assertThat(SqlServerCatalogReader.jdbcType("int")).isEqualTo(Types.INTEGER);
    assertThat(SqlServerCatalogReader.jdbcType("bigint")).isEqualTo(Types.BIGINT);
    assertThat(SqlServerCatalogReader.jdbcType("decimal")).isEqualTo(Types.DECIMAL);
    assertThat(SqlServerCatalogReader.jdbcType("numeric")).isEqualTo(Types.NUMERIC);
    assertThat(SqlServerCatalogReader.jdbcType("money")).isEqualTo(Types.DECIMAL);
    assertThat(SqlServerCatalogReader.jdbcType("smallmoney")).isEqualTo(Types.DECIMAL);
    assertThat(SqlServerCatalogReader.jdbcType("float")).isEqualTo(Types.DOUBLE);
    assertThat(SqlServerCatalogReader.jdbcType("real")).isEqualTo(Types.REAL);
    assertThat(SqlServerCatalogReader.jdbcType("varchar")).isEqualTo(Types.VARCHAR);
    assertThat(SqlServerCatalogReader.jdbcType("nvarchar")).isEqualTo(Types.NVARCHAR);
    assertThat(SqlServerCatalogReader.jdbcType("nchar")).isEqualTo(Types.NCHAR);
    assertThat(SqlServerCatalogReader.jdbcType("ntext")).isEqualTo(Types.LONGNVARCHAR);
    assertThat(SqlServerCatalogReader.jdbcType("text")).isEqualTo(Types.LONGVARCHAR);
    assertThat(SqlServerCatalogReader.jdbcType("xml")).isEqualTo(Types.LONGNVARCHAR);
    assertThat(SqlServerCatalogReader.jdbcType("uniqueidentifier")).isEqualTo(Types.CHAR);
    assertThat(SqlServerCatalogReader.jdbcType("timestamp")).isEqualTo(Types.BINARY);
    assertThat(SqlServerCatalogReader.jdbcType("varbinary")).isEqualTo(Types.VARBINARY);
    assertThat(SqlServerCatalogReader.jdbcType("image")).isEqualTo(Types.LONGVARBINARY);
    assertThat(SqlServerCatalogReader.jdbcType("date")).isEqualTo(Types.DATE);
    assertThat(SqlServerCatalogReader.jdbcType("time")).isEqualTo(Types.TIME);
    assertThat(SqlServerCatalogReader.jdbcType("datetime")).isEqualTo(Types.TIMESTAMP);
    assertThat(SqlServerCatalogReader.jdbcType("datetime2")).isEqualTo(Types.TIMESTAMP);
    assertThat(SqlServerCatalogReader.jdbcType("smalldatetime")).isEqualTo(Types.TIMESTAMP);
    assertThat(SqlServerCatalogReader.jdbcType("datetimeoffset")).isEqualTo(-155);
    assertThat(SqlServerCatalogReader.jdbcType("sql_variant")).isEqualTo(-150);
    assertThat(SqlServerCatalogReader.jdbcType("hierarchyid")).isEqualTo(Types.VARBINARY);
    assertThat(SqlServerCatalogReader.jdbcType("vector")).isEqualTo(Types.OTHER);
  }

  @Test
  void everyQueryParsesAsOneTsqlStatementOverTheListedSysViewsOnly() throws Exception {
    Set<String> allowed = Set.of("sys.tables", "sys.views", "sys.schemas", "sys.columns", "sys.types",
        "sys.key_constraints", "sys.index_columns", "sys.foreign_keys", "sys.foreign_key_columns",
        "sys.extended_properties", "sys.dm_db_partition_stats");
    Set<String> seen = new TreeSet<>();
    for (String sql : SqlServerCatalogReader.QUERIES) {
      Statements parsed = CCJSqlParserUtil.parseStatements(sql, p -> p.withSquareBracketQuotation(true));
      assertThat(parsed).as(sql).hasSize(1);
      Statement st = parsed.get(0);
      Set<String> tables = new TablesNamesFinder<Void>().getTables(st);
      for (String t : tables) assertThat(allowed).as("table %s in %s", t, sql).contains(t);
      seen.addAll(tables);
    }
    assertThat(seen).containsExactlyInAnyOrderElementsOf(allowed);
  }
}
