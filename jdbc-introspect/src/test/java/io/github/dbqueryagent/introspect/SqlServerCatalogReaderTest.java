package io.github.dbqueryagent.introspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.ForeignKey;
import io.github.dbqueryagent.spi.Index;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import io.github.dbqueryagent.spi.UniqueKey;
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
    // name, schema_id
    m.put(SqlServerCatalogReader.SCHEMAS_QUERY, rows(
        new Object[] {"dbo", 1}, new Object[] {"guest", 2}, new Object[] {"INFORMATION_SCHEMA", 3},
        new Object[] {"sys", 4}, new Object[] {"Sales", 5}, new Object[] {"archive", 6}, new Object[] {"staging", 7},
        new Object[] {"db_owner", 16384}, new Object[] {"db_datareader", 16390}));
    m.put(SqlServerCatalogReader.TABLES_QUERY, rows(
        new Object[] {"dbo", "Customer", 101, "U", false, "Customers and their parent accounts"},
        new Object[] {"Sales", "Orders", 102, "U", false, null},
        new Object[] {"Sales", "OrderLine", 103, "U", false, null},
        new Object[] {"Sales", "Product", 104, "U", false, null},
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
        // Sales.Product: every column fact
        full(104, 1, "ProductId", "int", 4, 10, 0, false, true, null, false, null),
        full(104, 2, "Code", "varchar", 40, 0, 0, false, false, null, false, null),
        full(104, 3, "Price", "decimal", 9, 10, 2, false, false, "((0))", false, null),
        full(104, 4, "Status", "nvarchar", 20, 0, 0, false, false, "(N'new')", false, null),
        full(104, 5, "CreatedAt", "datetime2", 8, 27, 7, false, false, "(getdate())", false, null),
        full(104, 6, "Qty", "int", 4, 10, 0, false, false, "((1))", false, null),
        full(104, 7, "Total", "decimal", 13, 21, 2, true, false, null, true, "([Price]*[Qty])"),
        full(104, 8, "Notes", "nvarchar", -1, 0, 0, true, false, null, false, null),
        full(104, 9, "Maker", "nvarchar", 100, 0, 0, true, false, null, false, null),
        full(104, 10, "Model", "nvarchar", 100, 0, 0, true, false, null, false, null),
        full(104, 11, "Sku", "char", 12, 0, 0, true, false, null, false, null),
        col(201, 1, "CustomerId", "bigint", "bigint", false, false, null),
        col(301, 1, "CustomerId", "int", "int", false, false, null),
        col(301, 2, "Name", "nvarchar", "nvarchar", false, false, "Display name"),
        col(401, 1, "diagram_id", "int", "int", false, true, null),
        col(501, 1, "trace_event_id", "smallint", "smallint", false, false, null),
        col(502, 1, "TABLE_NAME", "sysname", "nvarchar", false, false, null)));
    // table object id, constraint type, constraint name, key ordinal, column id
    m.put(SqlServerCatalogReader.KEYS_QUERY, rows(
        new Object[] {101, "PK", "PK_Customer", 1, 1},
        new Object[] {102, "PK", "PK_Orders", 2, 1}, new Object[] {102, "PK", "PK_Orders", 1, 2},
        new Object[] {103, "PK", "PK_OrderLine", 3, 3}, new Object[] {103, "PK", "PK_OrderLine", 1, 1},
        new Object[] {103, "PK", "PK_OrderLine", 2, 2},
        new Object[] {104, "PK", "PK_Product", 1, 1},
        new Object[] {104, "UQ", "UQ_Product_Maker_Model", 2, 10},
        new Object[] {104, "UQ", "UQ_Product_Maker_Model", 1, 9},
        new Object[] {201, "PK", "PK_Archive", 1, 1},
        new Object[] {401, "PK", "PK_sysdiagrams", 1, 1},
        new Object[] {401, "UQ", "UK_principal_name", 1, 1}));
    // table, constraint name, constraint id, constraint column id, column id, ref schema, ref table, ref column
    m.put(SqlServerCatalogReader.FOREIGN_KEYS_QUERY, rows(
        new Object[] {101, "FK_Customer_Parent", 901, 1, 3, "dbo", "Customer", "CustomerId"},
        new Object[] {102, "FK_Orders_Customer", 902, 1, 3, "dbo", "Customer", "CustomerId"},
        new Object[] {103, "FK_OrderLine_Orders", 903, 2, 2, "Sales", "Orders", "OrderNo"},
        new Object[] {103, "FK_OrderLine_Orders", 903, 1, 1, "Sales", "Orders", "Region"}));
    // object id, index name, index id, is_unique, key ordinal, column id (included columns already filtered out)
    m.put(SqlServerCatalogReader.INDEXES_QUERY, rows(
        new Object[] {101, "PK_Customer", 1, true, 1, 1},
        new Object[] {104, "PK_Product", 1, true, 1, 1},
        new Object[] {104, "UQ_Product_Maker_Model", 2, true, 2, 10},
        new Object[] {104, "UQ_Product_Maker_Model", 2, true, 1, 9},
        new Object[] {104, "IX_Product_Code", 3, false, 1, 2},
        new Object[] {104, "UX_Product_Sku_Status", 4, true, 1, 11},
        new Object[] {104, "UX_Product_Sku_Status", 4, true, 2, 4},
        new Object[] {301, "IX_vCustomer", 1, true, 1, 1},
        new Object[] {401, "PK_sysdiagrams", 1, true, 1, 1}));
    // object id, rows (bigint); also counts for the view (indexed views have partitions)
    m.put(SqlServerCatalogReader.ROW_COUNTS_QUERY, rows(
        new Object[] {101, 3L}, new Object[] {102, 10L}, new Object[] {201, 7L}, new Object[] {301, 3L}));
    return m;
  }

  /** max_length, precision, scale as SQL Server keeps them for each type used here. */
  private static final Map<String, short[]> SHAPES = Map.of(
      "int", new short[] {4, 10, 0}, "nvarchar", new short[] {200, 0, 0}, "nchar", new short[] {4, 0, 0},
      "sysname", new short[] {256, 0, 0},
      "datetime2", new short[] {8, 27, 7}, "money", new short[] {8, 19, 4}, "smallint", new short[] {2, 5, 0},
      "uniqueidentifier", new short[] {16, 0, 0}, "bigint", new short[] {8, 19, 0});

  private static Object[] col(int table, int id, String name, String type, String base, boolean nullable,
      boolean identity, String comment) {
    short[] shape = SHAPES.getOrDefault(type, new short[] {-1, 0, 0});
    return new Object[] {table, id, name, type, base, shape[0], shape[1], shape[2], nullable, identity, comment,
        null, false, null};
  }

  /** A column row with every value given: a system type (its own base), length, default, computation. */
  private static Object[] full(int table, int id, String name, String type, int maxLength, int precision, int scale,
      boolean nullable, boolean identity, String defaultDefinition, boolean computed, String computedDefinition) {
    return new Object[] {table, id, name, type, type, (short) maxLength, (short) precision, (short) scale, nullable,
        identity, null, defaultDefinition, computed, computedDefinition};
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
        new TableName(DB, "Sales", "Product"), new TableName(DB, "archive", "Customer"),
        new TableName(DB, "dbo", "Customer"), new TableName(DB, "dbo", "vCustomer"));
  }

  @Test
  void listsEverySchemaButSystemGuestAndRoleSchemasEmptyOnesIncluded() throws SQLException {
    Catalog c = read(fixture(), IntrospectionOptions.defaults(), new ArrayList<>());
    assertThat(c.schemas()).containsExactly("Sales", "archive", "dbo", "staging");
    assertThat(read(fixture(), new IntrospectionOptions(List.of("STAGING", "sales")), new ArrayList<>()).schemas())
        .containsExactly("Sales", "staging");
  }

  @Test
  void readsSizesDefaultsIdentityAndComputedColumns() throws SQLException {
    Catalog c = read(fixture(), IntrospectionOptions.defaults(), new ArrayList<>());
    Column.Generation none = Column.Generation.NONE;
    assertThat(table(c, "Sales", "Product").columns()).containsExactly(
        new Column("ProductId", "int identity", Types.INTEGER, false, "", List.of(), -1, -1, "",
            Column.Generation.IDENTITY),
        new Column("Code", "varchar", Types.VARCHAR, false, "", List.of(), 40, -1, "", none),
        new Column("Price", "decimal", Types.DECIMAL, false, "", List.of(), 10, 2, "((0))", none),
        new Column("Status", "nvarchar", Types.NVARCHAR, false, "", List.of(), 10, -1, "(N'new')", none),
        new Column("CreatedAt", "datetime2", Types.TIMESTAMP, false, "", List.of(), -1, -1, "(getdate())", none),
        new Column("Qty", "int", Types.INTEGER, false, "", List.of(), -1, -1, "((1))", none),
        new Column("Total", "decimal", Types.DECIMAL, true, "", List.of(), 21, 2, "([Price]*[Qty])",
            Column.Generation.COMPUTED),
        new Column("Notes", "nvarchar", Types.NVARCHAR, true, "", List.of(), -1, -1, "", none),
        new Column("Maker", "nvarchar", Types.NVARCHAR, true, "", List.of(), 50, -1, "", none),
        new Column("Model", "nvarchar", Types.NVARCHAR, true, "", List.of(), 50, -1, "", none),
        new Column("Sku", "char", Types.CHAR, true, "", List.of(), 12, -1, "", none));
    assertThat(table(c, "dbo", "Customer").column("Login").orElseThrow().size()).isEqualTo(128);
    assertThat(table(c, "Sales", "OrderLine").column("Price").orElseThrow())
        .extracting(Column::size, Column::scale).containsExactly(19, 4);
    assertThat(table(c, "Sales", "OrderLine").column("RowGuid").orElseThrow().size()).isEqualTo(-1);
    assertThat(SqlServerCatalogReader.sizeAndScale("varbinary", 16, 0, 0)).containsExactly(-1, -1);
    assertThat(SqlServerCatalogReader.sizeAndScale("float", 8, 53, 0)).containsExactly(-1, -1);
    assertThat(SqlServerCatalogReader.sizeAndScale("numeric", 5, 9, 0)).containsExactly(9, 0);
  }

  @Test
  void readsUniqueConstraintsAndIndexesButNotThePrimaryKeyAsAUniqueKey() throws SQLException {
    Catalog c = read(fixture(), IntrospectionOptions.defaults(), new ArrayList<>());
    Table product = table(c, "Sales", "Product");
    assertThat(product.primaryKey()).containsExactly("ProductId");
    assertThat(product.uniqueKeys()).containsExactly(
        new UniqueKey("UQ_Product_Maker_Model", List.of("Maker", "Model")));
    assertThat(product.indexes()).containsExactly(
        new Index("PK_Product", List.of("ProductId"), true),
        new Index("UQ_Product_Maker_Model", List.of("Maker", "Model"), true),
        new Index("IX_Product_Code", List.of("Code"), false),
        new Index("UX_Product_Sku_Status", List.of("Sku", "Status"), true));
    assertThat(table(c, "dbo", "Customer").uniqueKeys()).isEmpty();
    assertThat(table(c, "dbo", "Customer").indexes()).containsExactly(
        new Index("PK_Customer", List.of("CustomerId"), true));
    assertThat(table(c, "dbo", "vCustomer").indexes()).isEmpty();
    assertThat(table(c, "Sales", "Orders").indexes()).isEmpty();
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
        new Column("CustomerId", "int identity", Types.INTEGER, false, "", List.of(), -1, -1, "",
            Column.Generation.IDENTITY),
        new Column("Name", "nvarchar", Types.NVARCHAR, false, "Display name", List.of(), 100, -1, "",
            Column.Generation.NONE),
        new Column("ParentId", "int", Types.INTEGER, true, "", List.of()),
        new Column("Login", "sysname", Types.NVARCHAR, true, "", List.of(), 128, -1, "", Column.Generation.NONE),
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
    assertThat(without.tables()).hasSize(6);
  }

  @Test
  void readsOnlyTheRequestedSchemasIgnoringCase() throws SQLException {
    Catalog c = read(fixture(), new IntrospectionOptions(List.of("sales")), new ArrayList<>());
    assertThat(c.tables()).extracting(Table::name).containsExactly(
        new TableName(DB, "Sales", "OrderLine"), new TableName(DB, "Sales", "Orders"),
        new TableName(DB, "Sales", "Product"));
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
        "sys.extended_properties", "sys.dm_db_partition_stats", "sys.default_constraints", "sys.computed_columns",
        "sys.indexes");
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
