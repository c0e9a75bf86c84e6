package io.github.dbqueryagent.introspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.ForeignKey;
import io.github.dbqueryagent.spi.Index;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import io.github.dbqueryagent.spi.UniqueKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link SqlServerCatalogReader}'s queries, through the JDBC path, against H2 in {@code
 * MSSQLServer} mode. H2 has no {@code sys} catalog views, so this test creates tables named and
 * shaped like them (the columns the reader uses, with the types Microsoft documents) and fills them
 * with the rows SQL Server would hold for a small database. It checks that every query runs as
 * written over those shapes (column names, joins, the {@code UNION ALL}, the grouping) and that values
 * arrive through {@code ResultSet.getObject} in a form the mapping accepts. SQL Server's unsigned
 * {@code tinyint} columns are {@code smallint} here (H2's {@code tinyint} is signed), {@code
 * sql_variant} is {@code nvarchar} and {@code sysname} is {@code nvarchar(128)}. It cannot check SQL
 * Server's own semantics: see {@code docs/introspection.md}.
 */
public class SqlServerCatalogReaderStandInTest {
  private Connection connection;

  /** Stands in for T-SQL's {@code DB_NAME()}; public (and the class too) so that H2 can call it. */
  public static String dbName() {
    return "Shop";
  }

  @BeforeEach
  void createFakeSysViews() throws SQLException {
    connection = DriverManager.getConnection(
        "jdbc:h2:mem:mssql" + System.nanoTime() + ";MODE=MSSQLServer;DATABASE_TO_UPPER=FALSE;NON_KEYWORDS=VALUE");
    try (Statement st = connection.createStatement()) {
      for (String ddl : List.of(
          "CREATE ALIAS DB_NAME FOR \"" + getClass().getName() + ".dbName\"",
          "CREATE SCHEMA sys",
          "CREATE TABLE sys.schemas (name nvarchar(128), schema_id int, principal_id int)",
          "CREATE TABLE sys.tables (name nvarchar(128), object_id int, schema_id int, type char(2),"
              + " is_ms_shipped bit)",
          "CREATE TABLE sys.views (name nvarchar(128), object_id int, schema_id int, type char(2),"
              + " is_ms_shipped bit)",
          "CREATE TABLE sys.columns (object_id int, name nvarchar(128), column_id int, system_type_id smallint,"
              + " user_type_id int, max_length smallint, precision smallint, scale smallint, is_nullable bit,"
              + " is_identity bit, default_object_id int, is_computed bit)",
          "CREATE TABLE sys.default_constraints (name nvarchar(128), object_id int, parent_object_id int,"
              + " parent_column_id int, type char(2), definition nvarchar(max), is_ms_shipped bit)",
          "CREATE TABLE sys.computed_columns (object_id int, name nvarchar(128), column_id int,"
              + " definition nvarchar(max), is_persisted bit)",
          "CREATE TABLE sys.indexes (object_id int, name nvarchar(128), index_id int, type smallint,"
              + " type_desc nvarchar(60), is_unique bit, is_primary_key bit, is_unique_constraint bit,"
              + " is_hypothetical bit, is_disabled bit)",
          "CREATE TABLE sys.types (name nvarchar(128), system_type_id smallint, user_type_id int, schema_id int,"
              + " is_user_defined bit)",
          "CREATE TABLE sys.extended_properties (class smallint, class_desc nvarchar(60), major_id int,"
              + " minor_id int, name nvarchar(128), value nvarchar(4000))",
          "CREATE TABLE sys.key_constraints (name nvarchar(128), object_id int, parent_object_id int,"
              + " type char(2), unique_index_id int, is_ms_shipped bit)",
          "CREATE TABLE sys.index_columns (object_id int, index_id int, index_column_id int, column_id int,"
              + " key_ordinal smallint, is_included_column bit)",
          "CREATE TABLE sys.foreign_keys (name nvarchar(128), object_id int, parent_object_id int,"
              + " referenced_object_id int, type char(2), is_ms_shipped bit)",
          "CREATE TABLE sys.foreign_key_columns (constraint_object_id int, constraint_column_id int,"
              + " parent_object_id int, parent_column_id int, referenced_object_id int, referenced_column_id int)",
          "CREATE TABLE sys.dm_db_partition_stats (partition_id bigint, object_id int, index_id int,"
              + " partition_number int, row_count bigint)",
          // schemas: dbo 1, guest 2, INFORMATION_SCHEMA 3, sys 4, Sales 5, archive 6, staging 7 (empty),
          // db_owner 16384 (a fixed database role's schema)
          "INSERT INTO sys.schemas VALUES ('dbo', 1, 1), ('guest', 2, 2), ('INFORMATION_SCHEMA', 3, 3), ('sys', 4, 4),"
              + " ('Sales', 5, 1), ('archive', 6, 1), ('staging', 7, 1), ('db_owner', 16384, 16384)",
          "INSERT INTO sys.types VALUES ('int', 56, 56, 4, 0), ('nvarchar', 231, 231, 4, 0),"
              + " ('sysname', 231, 256, 4, 0), ('money', 60, 60, 4, 0), ('nchar', 239, 239, 4, 0),"
              + " ('bigint', 127, 127, 4, 0), ('datetime2', 42, 42, 4, 0), ('geography', 240, 130, 4, 0),"
              + " ('decimal', 106, 106, 4, 0)",
          "INSERT INTO sys.tables VALUES ('Customer', 101, 1, 'U ', 0), ('Orders', 102, 5, 'U ', 0),"
              + " ('Customer', 201, 6, 'U ', 0), ('sysdiagrams', 401, 1, 'U ', 1)",
          "INSERT INTO sys.views VALUES ('vCustomer', 301, 1, 'V ', 0), ('TABLES', 502, 3, 'V ', 1)",
          "INSERT INTO sys.columns VALUES"
              + " (101, 'CustomerId', 1, 56, 56, 4, 10, 0, 0, 1, 0, 0),"
              + " (101, 'Name', 2, 231, 231, 200, 0, 0, 0, 0, 0, 0),"
              + " (101, 'ParentId', 3, 56, 56, 4, 10, 0, 1, 0, 0, 0),"
              + " (101, 'Login', 4, 231, 256, 256, 0, 0, 1, 0, 0, 0),"
              + " (101, 'Location', 5, 240, 130, -1, 0, 0, 1, 0, 0, 0),"
              + " (102, 'OrderNo', 1, 56, 56, 4, 10, 0, 0, 0, 0, 0),"
              + " (102, 'Region', 2, 239, 239, 4, 0, 0, 0, 0, 0, 0),"
              + " (102, 'CustomerId', 3, 56, 56, 4, 10, 0, 0, 0, 0, 0),"
              + " (102, 'Total', 4, 60, 60, 8, 19, 4, 1, 0, 0, 0),"
              + " (102, 'Status', 5, 231, 231, 20, 0, 0, 0, 0, 921, 0),"
              + " (102, 'Net', 6, 106, 106, 13, 21, 4, 1, 0, 0, 1),"
              + " (102, 'Notes', 7, 231, 231, -1, 0, 0, 1, 0, 0, 0),"
              + " (201, 'CustomerId', 1, 127, 127, 8, 19, 0, 0, 0, 0, 0),"
              + " (301, 'CustomerId', 1, 56, 56, 4, 10, 0, 0, 0, 0, 0),"
              + " (401, 'diagram_id', 1, 56, 56, 4, 10, 0, 0, 1, 0, 0),"
              + " (502, 'TABLE_NAME', 1, 231, 256, 256, 0, 0, 0, 0, 0, 0)",
          "INSERT INTO sys.default_constraints VALUES"
              + " ('DF_Orders_Status', 921, 102, 5, 'D ', '(N''new'')', 0)",
          "INSERT INTO sys.computed_columns VALUES (102, 'Net', 6, '([Total]*(0.8))', 0)",
          "INSERT INTO sys.indexes VALUES"
              + " (101, 'PK_Customer', 1, 1, 'CLUSTERED', 1, 1, 0, 0, 0),"
              + " (101, 'UQ_Customer_Name', 2, 2, 'NONCLUSTERED', 1, 0, 1, 0, 0),"
              + " (102, 'PK_Orders', 1, 1, 'CLUSTERED', 1, 1, 0, 0, 0),"
              + " (102, 'IX_Orders_Region', 3, 2, 'NONCLUSTERED', 0, 0, 0, 0, 0),"
              + " (102, '_dta_index_Orders_5', 4, 2, 'NONCLUSTERED', 0, 0, 0, 1, 0),"
              + " (201, NULL, 0, 0, 'HEAP', 0, 0, 0, 0, 0)",
          "INSERT INTO sys.extended_properties VALUES"
              + " (1, 'OBJECT_OR_COLUMN', 101, 0, 'MS_Description', 'Customers'),"
              + " (1, 'OBJECT_OR_COLUMN', 101, 2, 'MS_Description', 'Display name'),"
              + " (1, 'OBJECT_OR_COLUMN', 101, 2, 'Owner', 'crm team'),"
              + " (1, 'OBJECT_OR_COLUMN', 301, 0, 'MS_Description', 'Active customers'),"
              + " (0, 'DATABASE', 0, 0, 'MS_Description', 'The shop')",
          "INSERT INTO sys.key_constraints VALUES ('PK_Customer', 901, 101, 'PK', 1, 0),"
              + " ('PK_Orders', 902, 102, 'PK', 1, 0), ('UQ_Customer_Name', 903, 101, 'UQ', 2, 0)",
          "INSERT INTO sys.index_columns VALUES (101, 1, 1, 1, 1, 0), (102, 1, 1, 2, 1, 0), (102, 1, 2, 1, 2, 0),"
              + " (101, 2, 1, 2, 1, 0), (102, 3, 1, 3, 0, 1), (102, 3, 2, 2, 1, 0), (102, 4, 1, 1, 1, 0)",
          "INSERT INTO sys.foreign_keys VALUES ('FK_Customer_Parent', 911, 101, 101, 'F ', 0),"
              + " ('FK_Orders_Customer', 912, 102, 101, 'F ', 0)",
          "INSERT INTO sys.foreign_key_columns VALUES (911, 1, 101, 3, 101, 1), (912, 1, 102, 3, 101, 1)",
          "INSERT INTO sys.dm_db_partition_stats VALUES (1, 101, 1, 1, 2), (2, 101, 2, 1, 2),"
              + " (3, 102, 1, 1, 5), (4, 102, 1, 2, 6), (5, 201, 0, 1, 9)")) {
        st.execute(ddl);
      }
    }
  }

  @AfterEach
  void close() throws SQLException {
    connection.close();
  }

  @Test
  void everyQueryRunsOverTheDocumentedShapesAndMapsThroughJdbc() throws SQLException {
    Catalog c = new SqlServerCatalogReader().read(connection, IntrospectionOptions.defaults());
    TableName customer = new TableName("Shop", "dbo", "Customer");
    assertThat(c.schemas()).containsExactly("Sales", "archive", "dbo", "staging");
    assertThat(c.tables()).extracting(Table::name).containsExactly(
        new TableName("Shop", "Sales", "Orders"), new TableName("Shop", "archive", "Customer"), customer,
        new TableName("Shop", "dbo", "vCustomer"));
    Table cust = c.table(customer).orElseThrow();
    assertThat(cust.comment()).isEqualTo("Customers");
    assertThat(cust.columns()).containsExactly(
        new Column("CustomerId", "int identity", Types.INTEGER, false, "", List.of(), -1, -1, "",
            Column.Generation.IDENTITY),
        new Column("Name", "nvarchar", Types.NVARCHAR, false, "Display name", List.of(), 100, -1, "",
            Column.Generation.NONE),
        new Column("ParentId", "int", Types.INTEGER, true, "", List.of()),
        new Column("Login", "sysname", Types.NVARCHAR, true, "", List.of(), 128, -1, "", Column.Generation.NONE),
        new Column("Location", "geography", Types.VARBINARY, true, "", List.of()));
    assertThat(cust.primaryKey()).containsExactly("CustomerId");
    assertThat(cust.uniqueKeys()).containsExactly(new UniqueKey("UQ_Customer_Name", List.of("Name")));
    assertThat(cust.indexes()).containsExactlyInAnyOrder(
        new Index("PK_Customer", List.of("CustomerId"), true), new Index("UQ_Customer_Name", List.of("Name"), true));
    assertThat(cust.foreignKeys()).containsExactly(
        new ForeignKey("FK_Customer_Parent", List.of("ParentId"), customer, List.of("CustomerId")));
    assertThat(cust.rowEstimate()).isEqualTo(2);

    Table orders = c.table(new TableName("Shop", "Sales", "Orders")).orElseThrow();
    assertThat(orders.primaryKey()).containsExactly("Region", "OrderNo");
    assertThat(orders.column("Total").orElseThrow().jdbcType()).isEqualTo(Types.DECIMAL);
    assertThat(orders.columns().subList(3, 7)).containsExactly(
        new Column("Total", "money", Types.DECIMAL, true, "", List.of(), 19, 4, "", Column.Generation.NONE),
        new Column("Status", "nvarchar", Types.NVARCHAR, false, "", List.of(), 10, -1, "(N'new')",
            Column.Generation.NONE),
        new Column("Net", "decimal", Types.DECIMAL, true, "", List.of(), 21, 4, "([Total]*(0.8))",
            Column.Generation.COMPUTED),
        new Column("Notes", "nvarchar", Types.NVARCHAR, true, "", List.of(), -1, -1, "", Column.Generation.NONE));
    assertThat(orders.uniqueKeys()).isEmpty();
    // the included column (key ordinal 0) and the hypothetical index are left out
    assertThat(orders.indexes()).containsExactlyInAnyOrder(
        new Index("PK_Orders", List.of("Region", "OrderNo"), true),
        new Index("IX_Orders_Region", List.of("Region"), false));
    assertThat(orders.foreignKeys()).containsExactly(
        new ForeignKey("FK_Orders_Customer", List.of("CustomerId"), customer, List.of("CustomerId")));
    assertThat(orders.rowEstimate()).isEqualTo(11);
    assertThat(c.table(new TableName("Shop", "archive", "Customer")).orElseThrow().rowEstimate()).isEqualTo(9);
    assertThat(c.table(new TableName("Shop", "archive", "Customer")).orElseThrow().indexes()).isEmpty();

    Table view = c.table(new TableName("Shop", "dbo", "vCustomer")).orElseThrow();
    assertThat(view.kind()).isEqualTo(Table.Kind.VIEW);
    assertThat(view.comment()).isEqualTo("Active customers");
    assertThat(view.rowEstimate()).isEqualTo(-1);
  }

  @Test
  void aMissingPartitionStatsPermissionLeavesRowCountsUnknown() throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute("DROP TABLE sys.dm_db_partition_stats");
    }
    Catalog c = new SqlServerCatalogReader().read(connection, new IntrospectionOptions(List.of("SALES")));
    assertThat(c.tables()).extracting(Table::name).containsExactly(new TableName("Shop", "Sales", "Orders"));
    assertThat(c.tables().get(0).rowEstimate()).isEqualTo(-1);
  }
}
