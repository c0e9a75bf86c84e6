package io.github.dbqueryagent.introspect;

import io.github.dbqueryagent.internal.schema.JdbcSchemaSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.Dialect;
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
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mariadb.jdbc.MariaDbDataSource;

/**
 * {@link MySqlCatalogReader} against the local MariaDB ({@code DBQA_TEST_MARIADB_URL}, default
 * {@code jdbc:mariadb://127.0.0.1:3306/test?user=root}). Creates three databases and drops them after.
 * Skips with a message when the server is absent, fails instead when {@code CI=true}.
 */
class MySqlCatalogReaderIT {
  static final String URL = env("DBQA_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test?user=root");

  String sales;
  String archive;
  String ledger;
  MariaDbDataSource salesDs;

  static String env(String name, String dflt) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? dflt : v;
  }

  @BeforeEach
  void createDatabases() throws Exception {
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    sales = "dbqa_ri_sales_" + suffix;
    archive = "dbqa_ri_archive_" + suffix;
    ledger = "dbqa_ri_ledger_" + suffix;
    try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + sales);
      s.execute("CREATE DATABASE " + archive);
      s.execute("CREATE DATABASE " + ledger);
    } catch (SQLException e) {
      String msg = "MariaDB is not reachable at " + URL + ": " + e.getMessage();
      if ("true".equalsIgnoreCase(System.getenv("CI"))) throw new IllegalStateException("CI=true but " + msg, e);
      System.err.println("SKIPPED: " + msg);
      assumeTrue(false, msg);
    }
    salesDs = new MariaDbDataSource(URL.replace("/test", "/" + sales));
    CatalogFacts.run(salesDs, List.of(
        "CREATE TABLE region (country_code CHAR(2) NOT NULL, region_code VARCHAR(10) NOT NULL,"
            + " name VARCHAR(50) COMMENT 'Display name', PRIMARY KEY (country_code, region_code),"
            + " UNIQUE KEY region_by_code (region_code, country_code))"
            + " COMMENT = 'Sales regions' ENGINE = InnoDB",
        "CREATE TABLE `Store` (`StoreId` INT NOT NULL PRIMARY KEY, region_code VARCHAR(10),"
            + " country_code CHAR(2), `parentStore` INT, opened DATE, area DECIMAL(10,2),"
            + " visitors INT UNSIGNED, active TINYINT(1), kind ENUM('mall','street'), notes TEXT, updated DATETIME,"
            + " CONSTRAINT fk_store_region FOREIGN KEY (region_code, country_code)"
            + " REFERENCES region (region_code, country_code),"
            + " CONSTRAINT fk_store_parent FOREIGN KEY (`parentStore`) REFERENCES `Store` (`StoreId`)) ENGINE = InnoDB",
        "CREATE VIEW store_names AS SELECT s.`StoreId`, r.name FROM `Store` s"
            + " JOIN region r ON r.country_code = s.country_code AND r.region_code = s.region_code"));
    CatalogFacts.run(new MariaDbDataSource(URL.replace("/test", "/" + archive)), List.of(
        "CREATE TABLE region (id BIGINT NOT NULL PRIMARY KEY, note VARCHAR(100)) ENGINE = MyISAM",
        "INSERT INTO region VALUES (1, 'a'), (2, 'b')"));
    CatalogFacts.run(new MariaDbDataSource(URL.replace("/test", "/" + ledger)), List.of(
        "CREATE TABLE account (account_id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, email VARCHAR(120) NOT NULL,"
            + " code VARCHAR(40), region CHAR(3), balance DECIMAL(10,2) NOT NULL DEFAULT 0,"
            + " status VARCHAR(10) DEFAULT 'new', remark VARCHAR(20) DEFAULT 'it''s', nothing VARCHAR(10) DEFAULT NULL,"
            + " created TIMESTAMP NULL DEFAULT CURRENT_TIMESTAMP, ratio DOUBLE, notes LONGTEXT,"
            + " balance_cents DECIMAL(12,0) AS (balance * 100) STORED,"
            + " email_domain VARCHAR(120) AS (substring_index(email, '@', -1)) VIRTUAL,"
            + " CONSTRAINT account_region_code_uq UNIQUE (region, code),"
            + " INDEX account_created_idx (created, status), UNIQUE INDEX account_email_uidx (email)) ENGINE = InnoDB",
        "CREATE VIEW account_emails AS SELECT account_id, email FROM account"));
  }

  @AfterEach
  void dropDatabases() {
    if (salesDs == null) return;
    try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + sales);
      s.execute("DROP DATABASE IF EXISTS " + archive);
      s.execute("DROP DATABASE IF EXISTS " + ledger);
    } catch (SQLException e) {
      System.err.println("could not drop " + sales + ", " + archive + ", " + ledger + ": " + e.getMessage());
    }
  }

  Catalog read(IntrospectionOptions options) throws SQLException {
    try (Connection c = salesDs.getConnection()) {
      return new MySqlCatalogReader().read(c, options);
    }
  }

  @Test
  void readsTheCurrentDatabase() throws Exception {
    Catalog catalog = read(IntrospectionOptions.defaults());

    assertThat(catalog.dialect()).isEqualTo(Dialect.MARIADB);
    assertThat(catalog.tables()).extracting(Table::name).containsExactly(
        new TableName(sales, "", "Store"), new TableName(sales, "", "region"),
        new TableName(sales, "", "store_names"));

    Table region = catalog.table(new TableName(sales, "", "region")).orElseThrow();
    assertThat(region.kind()).isEqualTo(Table.Kind.TABLE);
    assertThat(region.comment()).isEqualTo("Sales regions");
    assertThat(region.columns()).containsExactly(
        column("country_code", "CHAR", Types.CHAR, false, "", 2, -1),
        column("region_code", "VARCHAR", Types.VARCHAR, false, "", 10, -1),
        column("name", "VARCHAR", Types.VARCHAR, true, "Display name", 50, -1));
    assertThat(region.primaryKey()).containsExactly("country_code", "region_code");
    assertThat(region.uniqueKeys()).containsExactly(new UniqueKey("region_by_code", List.of("region_code", "country_code")));
    assertThat(region.indexes()).containsExactly(
        new Index("PRIMARY", List.of("country_code", "region_code"), true),
        new Index("region_by_code", List.of("region_code", "country_code"), true));
    assertThat(region.rowEstimate()).isGreaterThanOrEqualTo(0);

    Table store = catalog.table(new TableName(sales, "", "Store")).orElseThrow();
    assertThat(store.columns()).extracting(Column::name).containsExactly("StoreId", "region_code", "country_code",
        "parentStore", "opened", "area", "visitors", "active", "kind", "notes", "updated");
    assertThat(store.columns()).extracting(Column::typeName).containsExactly("INT", "VARCHAR", "CHAR", "INT", "DATE",
        "DECIMAL", "INT UNSIGNED", "BOOLEAN", "ENUM", "TEXT", "DATETIME");
    assertThat(store.columns()).extracting(Column::jdbcType).containsExactly(Types.INTEGER, Types.VARCHAR,
        Types.CHAR, Types.INTEGER, Types.DATE, Types.DECIMAL, Types.INTEGER, Types.BOOLEAN, Types.VARCHAR,
        Types.LONGVARCHAR, Types.TIMESTAMP);
    assertThat(store.columns()).extracting(Column::size).containsExactly(10, 10, 2, 10, -1, 10, 10, 3, 6, 65535, -1);
    assertThat(store.columns()).extracting(Column::scale).containsExactly(0, -1, -1, 0, -1, 2, 0, 0, -1, -1, -1);
    assertThat(store.column("StoreId").orElseThrow().nullable()).isFalse();
    // InnoDB indexes every foreign key that no other index starts with
    assertThat(store.indexes()).containsExactly(
        new Index("fk_store_parent", List.of("parentStore"), false),
        new Index("fk_store_region", List.of("region_code", "country_code"), false),
        new Index("PRIMARY", List.of("StoreId"), true));
    assertThat(store.uniqueKeys()).isEmpty();
    assertThat(store.primaryKey()).containsExactly("StoreId");
    assertThat(store.foreignKeys()).containsExactlyInAnyOrder(
        new ForeignKey("fk_store_region", List.of("region_code", "country_code"), new TableName(sales, "", "region"),
            List.of("region_code", "country_code")),
        new ForeignKey("fk_store_parent", List.of("parentStore"), new TableName(sales, "", "Store"),
            List.of("StoreId")));

    Table view = catalog.table(new TableName(sales, "", "store_names")).orElseThrow();
    assertThat(view.kind()).isEqualTo(Table.Kind.VIEW);
    assertThat(view.comment()).isEmpty();
    assertThat(view.columns()).extracting(Column::name).containsExactly("StoreId", "name");
    assertThat(view.primaryKey()).isEmpty();
    assertThat(view.indexes()).isEmpty();
    assertThat(view.rowEstimate()).isEqualTo(-1);
    assertThat(catalog.schemas()).isEmpty();
  }

  @Test
  void readsSizesDefaultsGenerationUniqueKeysAndIndexes() throws Exception {
    Catalog catalog = read(new IntrospectionOptions(List.of(ledger)));
    Table account = catalog.table(new TableName(ledger, "", "account")).orElseThrow();
    assertThat(account.columns()).containsExactly(
        new Column("account_id", "INT", Types.INTEGER, false, "", List.of(), 10, 0, "", Column.Generation.IDENTITY),
        column("email", "VARCHAR", Types.VARCHAR, false, "", 120, -1),
        column("code", "VARCHAR", Types.VARCHAR, true, "", 40, -1),
        column("region", "CHAR", Types.CHAR, true, "", 3, -1),
        new Column("balance", "DECIMAL", Types.DECIMAL, false, "", List.of(), 10, 2, "0.00", Column.Generation.NONE),
        new Column("status", "VARCHAR", Types.VARCHAR, true, "", List.of(), 10, -1, "'new'", Column.Generation.NONE),
        new Column("remark", "VARCHAR", Types.VARCHAR, true, "", List.of(), 20, -1, "'it''s'",
            Column.Generation.NONE),
        column("nothing", "VARCHAR", Types.VARCHAR, true, "", 10, -1),
        new Column("created", "TIMESTAMP", Types.TIMESTAMP, true, "", List.of(), -1, -1, "current_timestamp()",
            Column.Generation.NONE),
        column("ratio", "DOUBLE", Types.DOUBLE, true, "", 22, -1),
        column("notes", "LONGTEXT", Types.LONGVARCHAR, true, "", Integer.MAX_VALUE, -1),
        new Column("balance_cents", "DECIMAL", Types.DECIMAL, true, "", List.of(), 12, 0, "`balance` * 100",
            Column.Generation.COMPUTED),
        new Column("email_domain", "VARCHAR", Types.VARCHAR, true, "", List.of(), 120, -1,
            "substring_index(`email`,'@',-1)", Column.Generation.COMPUTED));
    assertThat(account.primaryKey()).containsExactly("account_id");
    // a unique index is a unique constraint in MySQL and MariaDB
    assertThat(account.uniqueKeys()).containsExactly(
        new UniqueKey("account_email_uidx", List.of("email")),
        new UniqueKey("account_region_code_uq", List.of("region", "code")));
    assertThat(account.indexes()).containsExactly(
        new Index("account_created_idx", List.of("created", "status"), false),
        new Index("account_email_uidx", List.of("email"), true),
        new Index("account_region_code_uq", List.of("region", "code"), true),
        new Index("PRIMARY", List.of("account_id"), true));
    Table view = catalog.table(new TableName(ledger, "", "account_emails")).orElseThrow();
    assertThat(view.kind()).isEqualTo(Table.Kind.VIEW);
    assertThat(view.uniqueKeys()).isEmpty();
    assertThat(view.indexes()).isEmpty();
    assertThat(view.columns()).extracting(Column::size).containsExactly(10, 120);
  }

  @Test
  void agreesWithDatabaseMetaDataOnTheFixtureWithDefaultsAndGeneratedColumns() throws Exception {
    MariaDbDataSource ledgerDs = new MariaDbDataSource(URL.replace("/test", "/" + ledger));
    Catalog fromReader;
    try (Connection c = ledgerDs.getConnection()) {
      fromReader = new MySqlCatalogReader().read(c, IntrospectionOptions.defaults());
    }
    Catalog fromMetaData = JdbcSchemaSource.builder(ledgerDs).build().catalog();
    List<Table> expected = new java.util.ArrayList<>();
    for (Table t : CatalogFacts.sharedFacts(fromMetaData)) {
      expected.add(t.kind() == Table.Kind.VIEW
          ? new Table(t.name(), t.kind(), "", t.columns(), t.primaryKey(), t.foreignKeys(), -1) : t);
    }
    assertThat(CatalogFacts.sharedFacts(fromReader)).isEqualTo(expected);
  }

  @Test
  void readsTheRequestedDatabases() throws Exception {
    Catalog catalog = read(new IntrospectionOptions(List.of(sales.toUpperCase(java.util.Locale.ROOT), archive)));

    assertThat(catalog.tablesNamed("region")).extracting(Table::name).containsExactly(
        new TableName(archive, "", "region"), new TableName(sales, "", "region"));
    Table archived = catalog.table(new TableName(archive, "", "region")).orElseThrow();
    assertThat(archived.columns()).containsExactly(
        column("id", "BIGINT", Types.BIGINT, false, "", 19, 0),
        column("note", "VARCHAR", Types.VARCHAR, true, "", 100, -1));
    assertThat(archived.primaryKey()).containsExactly("id");
    assertThat(archived.rowEstimate()).isEqualTo(2);
    assertThat(catalog.tables()).hasSize(4);
  }

  @Test
  void neverReadsSystemDatabases() throws Exception {
    Catalog catalog = read(new IntrospectionOptions(List.of("mysql", "information_schema", archive)));
    assertThat(catalog.tables()).extracting(Table::name).containsExactly(new TableName(archive, "", "region"));
  }

  /**
   * Equal to DatabaseMetaData's catalog except for views' comments: MariaDB reports {@code "VIEW"} as
   * every view's {@code TABLE_COMMENT}, which the driver passes on as REMARKS and the reader drops.
   */
  @Test
  void agreesWithDatabaseMetaData() throws Exception {
    Catalog fromMetaData = JdbcSchemaSource.builder(salesDs).build().catalog();
    assertThat(fromMetaData.table(new TableName(sales, "", "store_names")).orElseThrow().comment()).isEqualTo("VIEW");
    List<Table> expected = new java.util.ArrayList<>();
    for (Table t : CatalogFacts.sharedFacts(fromMetaData)) {
      expected.add(t.kind() == Table.Kind.VIEW
          ? new Table(t.name(), t.kind(), "", t.columns(), t.primaryKey(), t.foreignKeys(), -1) : t);
    }
    assertThat(CatalogFacts.sharedFacts(read(IntrospectionOptions.defaults()))).isEqualTo(expected);
  }

  @Test
  void readsInAFixedNumberOfQueries() throws Exception {
    int[] count = {0};
    try (Connection c = salesDs.getConnection()) {
      new MySqlCatalogReader().read(CatalogFacts.counting(c, count), new IntrospectionOptions(List.of(sales, archive)));
    }
    // DATABASE() and server facts, SCHEMATA, TABLES, COLUMNS, primary and unique keys, foreign keys, STATISTICS
    assertThat(count[0]).isEqualTo(7);
  }

  /** A column without default or generation. */
  static Column column(String name, String type, int jdbcType, boolean nullable, String comment, int size, int scale) {
    return new Column(name, type, jdbcType, nullable, comment, List.of(), size, scale, "", Column.Generation.NONE);
  }

  @Test
  void agreesWithDatabaseMetaDataOnTheOtherDatabase() throws Exception {
    MariaDbDataSource archiveDs = new MariaDbDataSource(URL.replace("/test", "/" + archive));
    Catalog fromReader;
    try (Connection c = archiveDs.getConnection()) {
      fromReader = new MySqlCatalogReader().read(c, IntrospectionOptions.defaults());
    }
    CatalogFacts.assertSameFacts(fromReader, JdbcSchemaSource.builder(archiveDs).build().catalog());
  }
}
