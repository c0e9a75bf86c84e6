package io.github.dbqueryagent.introspect;

import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.TableName;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/**
 * {@link SchemaSourceContract} on a SQLite file database (a fresh one per test). SQLite keeps no
 * comments, so {@code legacy_price} is not recognised as deprecated and stays in the catalog; and
 * {@link SqliteCatalogReader} reads only the {@code main} database, so there is no second namespace
 * (an {@code ATTACH}ed database would also have to be attached on every connection the source opens).
 */
class SqliteSchemaSourceTest extends SchemaSourceContract {
  @TempDir Path dir;

  @Override
  Fixture createFixture() throws SQLException {
    SQLiteDataSource ds = new SQLiteDataSource();
    ds.setUrl("jdbc:sqlite:" + dir.resolve("ssc" + UUID.randomUUID() + ".db"));
    CatalogFacts.run(ds, List.of(
        "CREATE TABLE region (region_code VARCHAR(10) NOT NULL, country_code CHAR(2) NOT NULL, name VARCHAR(40),"
            + " PRIMARY KEY (country_code, region_code))",
        "CREATE TABLE store (store_id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,"
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
        "CREATE TABLE \"OrderLine\" (\"OrderId\" INTEGER NOT NULL, \"LineNo\" INTEGER NOT NULL,"
            + " \"Unit Price\" NUMERIC(10,2), qty INTEGER NOT NULL DEFAULT 1, PRIMARY KEY (\"OrderId\", \"LineNo\"))",
        "INSERT INTO \"OrderLine\" VALUES (1, 1, 9.50, 2)",
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
        "CREATE TABLE legacy_price (id INTEGER NOT NULL PRIMARY KEY, price NUMERIC(10,2))"));
    return new Fixture(ds, List.of());
  }

  @Override
  void dropFixture() {
    // the file lives in the test's temporary directory, deleted by JUnit
  }

  @Override
  Dialect dialect() {
    return Dialect.SQLITE;
  }

  @Override
  Capabilities capabilities() {
    return new Capabilities(false, false, false, true);
  }

  @Override
  boolean namespacesAreSchemas() {
    return false;
  }

  @Override
  String namespaceOf(TableName table) {
    return table.schema();
  }
}
