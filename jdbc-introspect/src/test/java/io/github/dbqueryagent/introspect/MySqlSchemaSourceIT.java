package io.github.dbqueryagent.introspect;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.dbqueryagent.JdbcDataSources;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.TableName;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.mariadb.jdbc.MariaDbDataSource;

/**
 * {@link SchemaSourceContract} on the local MariaDB ({@code DBQA_TEST_MARIADB_URL}): two fresh
 * databases per test (MariaDB's namespaces; tables carry them as their JDBC catalog), dropped
 * afterwards. Skipped with a message when the server is absent, failing when {@code CI=true}.
 *
 * <p>{@link TableName#toSql} leaves the catalog out, so SQL built from the second database's {@code
 * item} would name the first database's {@code item}: the contract does not run SQL against the
 * second database here (see {@link SchemaSourceContract.Capabilities#toSqlReachesSecondNamespace}).
 */
class MySqlSchemaSourceIT extends SchemaSourceContract {
  private String a;
  private String b;

  @Override
  Fixture createFixture() throws SQLException {
    String url = MySqlCatalogReaderIT.URL;
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    a = "dbqa_ssc_a_" + suffix;
    b = "dbqa_ssc_b_" + suffix;
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + a);
      s.execute("CREATE DATABASE " + b);
    } catch (SQLException e) {
      String msg = "MariaDB is not reachable at " + JdbcDataSources.maskUrl(url) + ": " + e.getMessage();
      if ("true".equalsIgnoreCase(System.getenv("CI"))) throw new IllegalStateException("CI=true but " + msg, e);
      System.err.println("SKIPPED: " + msg);
      a = null;
      assumeTrue(false, msg);
    }
    MariaDbDataSource ds = new MariaDbDataSource(url.replace("/test", "/" + a));
    CatalogFacts.run(ds, List.of(
        "CREATE TABLE region (region_code VARCHAR(10) NOT NULL, country_code CHAR(2) NOT NULL,"
            + " name VARCHAR(40) COMMENT 'Display name', PRIMARY KEY (country_code, region_code))"
            + " COMMENT = 'Sales regions'",
        "CREATE TABLE store (store_id INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY,"
            + " region_code VARCHAR(10) NOT NULL, country_code CHAR(2) NOT NULL, code VARCHAR(20) NOT NULL,"
            + " area NUMERIC(10,2), status VARCHAR(10) NOT NULL DEFAULT 'open', opened DATE,"
            + " CONSTRAINT fk_store_region FOREIGN KEY (country_code, region_code)"
            + " REFERENCES region (country_code, region_code),"
            + " CONSTRAINT uq_store_code UNIQUE (code, country_code))",
        "CREATE INDEX ix_store_opened ON store (opened)",
        "CREATE UNIQUE INDEX ux_store_region_code ON store (region_code, code)",
        "CREATE TABLE employee (id INTEGER NOT NULL PRIMARY KEY, manager_id INTEGER, store_id INTEGER,"
            + " full_name VARCHAR(80) NOT NULL, hired DATE,"
            + " CONSTRAINT fk_employee_manager FOREIGN KEY (manager_id) REFERENCES employee (id),"
            + " CONSTRAINT fk_employee_store FOREIGN KEY (store_id) REFERENCES store (store_id))",
        "CREATE TABLE `OrderLine` (`OrderId` INTEGER NOT NULL, `LineNo` INTEGER NOT NULL,"
            + " `Unit Price` NUMERIC(10,2) COMMENT 'Price per unit', qty INTEGER NOT NULL DEFAULT 1,"
            + " PRIMARY KEY (`OrderId`, `LineNo`))",
        "INSERT INTO `OrderLine` VALUES (1, 1, 9.50, 2)",
        "CREATE TABLE item (item_id INTEGER NOT NULL PRIMARY KEY, label VARCHAR(40))",
        "CREATE TABLE visit (id INTEGER NOT NULL PRIMARY KEY, employee_id INTEGER, visited DATE)",
        "CREATE VIEW store_names AS SELECT s.store_id, s.code, r.name AS region_name FROM store s"
            + " JOIN region r ON r.country_code = s.country_code AND r.region_code = s.region_code",
        "CREATE TABLE audit_log (id INTEGER NOT NULL PRIMARY KEY, note VARCHAR(100))",
        "CREATE TABLE shipment (id INTEGER NOT NULL PRIMARY KEY, store_id INTEGER NOT NULL, audit_id INTEGER,"
            + " CONSTRAINT fk_shipment_store FOREIGN KEY (store_id) REFERENCES store (store_id),"
            + " CONSTRAINT fk_shipment_audit FOREIGN KEY (audit_id) REFERENCES audit_log (id))",
        "CREATE TABLE customer_old (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(40))",
        "CREATE TABLE tmp_import (line VARCHAR(200))",
        "CREATE TABLE legacy_price (id INTEGER NOT NULL PRIMARY KEY, price NUMERIC(10,2))"
            + " COMMENT = 'Deprecated: use store prices'",
        "CREATE TABLE " + b + ".item (item_id INTEGER NOT NULL PRIMARY KEY, weight NUMERIC(8,3))",
        "INSERT INTO " + b + ".item VALUES (7, 1.5)"));
    return new Fixture(ds, List.of(a, b));
  }

  @Override
  void dropFixture() throws SQLException {
    if (a == null) return;
    try (Connection c = DriverManager.getConnection(MySqlCatalogReaderIT.URL); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + a);
      s.execute("DROP DATABASE IF EXISTS " + b);
    }
  }

  @Override
  Dialect dialect() {
    return Dialect.MARIADB;
  }

  @Override
  Capabilities capabilities() {
    return new Capabilities(true, true, false, true);
  }

  @Override
  boolean namespacesAreSchemas() {
    return false;
  }

  @Override
  String namespaceOf(TableName table) {
    return table.catalog();
  }
}
