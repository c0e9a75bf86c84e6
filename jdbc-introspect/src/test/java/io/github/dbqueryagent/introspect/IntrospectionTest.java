package io.github.dbqueryagent.introspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.github.dbqueryagent.introspect.IntrospectionReport.InferredForeignKey;
import io.github.dbqueryagent.introspect.IntrospectionReport.TypeMismatch;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.ForeignKey;
import io.github.dbqueryagent.spi.ForeignKeyInference;
import io.github.dbqueryagent.spi.TableName;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/**
 * {@link DialectSchemaSource#introspect()}, foreign-key inference and the anomaly checks of the
 * {@link IntrospectionReport}, on H2 and on a SQLite file.
 */
class IntrospectionTest {

  private static JdbcDataSource h2() throws SQLException {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:intro" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(50))");
      s.execute("CREATE TABLE products (product_id INT PRIMARY KEY, title VARCHAR(50))");
      s.execute("CREATE TABLE orders (order_id INT PRIMARY KEY, customer_id INT, prod_id INT, cust_ref VARCHAR(9))");
      s.execute("CREATE TABLE order_lines (order_id INT, line_no INT, qty INT,"
          + " CONSTRAINT fk_line_order FOREIGN KEY (order_id) REFERENCES orders (order_id))");
    }
    return ds;
  }

  @Test
  void introspectReturnsTheCachedCatalogWithItsReportAndTiming() throws SQLException {
    DialectSchemaSource source = DialectSchemaSource.builder(h2()).addSchema("PUBLIC").build();
    assertThat(source.lastReport()).isEmpty();
    Instant before = Instant.now();

    Introspection first = source.introspect();

    assertThat(first.readAt()).isBetween(before, Instant.now());
    assertThat(first.elapsed()).isPositive();
    assertThat(source.catalog()).isSameAs(first.catalog());
    assertThat(source.introspect()).isSameAs(first);
    assertThat(source.lastReport()).containsSame(first.report());

    Catalog catalog = first.catalog();
    assertThat(catalog.tablesNamed("orders").get(0).foreignKeys())
        .extracting(ForeignKey::columns, fk -> fk.referencedTable().name(), ForeignKey::referencedColumns,
            ForeignKey::inferred, ForeignKey::confidence)
        .containsExactly(
            tuple(List.of("CUSTOMER_ID"), "CUSTOMERS", List.of("ID"), true, ForeignKeyInference.PRIMARY_KEY),
            tuple(List.of("PROD_ID"), "PRODUCTS", List.of("PRODUCT_ID"), true, ForeignKeyInference.PRIMARY_KEY));
    assertThat(catalog.tablesNamed("order_lines").get(0).foreignKeys())
        .singleElement().satisfies(fk -> assertThat(fk.inferred()).isFalse());
    IntrospectionReport report = first.report();
    assertThat(report.inferredForeignKeys())
        .extracting(i -> i.table().name(), i -> i.foreignKey().columns())
        .containsExactly(tuple("ORDERS", List.of("CUSTOMER_ID")), tuple("ORDERS", List.of("PROD_ID")));
    assertThat(report.tablesWithoutPrimaryKey()).extracting(TableName::name).containsExactly("ORDER_LINES");
    assertThat(report.foreignKeyTypeMismatches()).isEmpty();
    assertThat(report.anomalyCount()).isEqualTo(1);
    assertThat(first.summary())
        .isEqualTo("4 tables, 0 views, 0 excluded, 2 inferred foreign keys, 1 table without primary key");

    source.refresh();
    Introspection second = source.introspect();
    assertThat(second).isNotSameAs(first);
    assertThat(second.readAt()).isAfterOrEqualTo(first.readAt());
    assertThat(second.catalog()).isEqualTo(first.catalog());
    assertThat(source.lastReport()).containsSame(second.report());
  }

  @Test
  void inferenceCanBeTurnedOff() throws SQLException {
    JdbcDataSource ds = h2();
    Introspection on = DialectSchemaSource.builder(ds).addSchema("PUBLIC").build().introspect();
    Introspection off = DialectSchemaSource.builder(ds).addSchema("PUBLIC").inferForeignKeys(false).build()
        .introspect();

    assertThat(off.catalog().foreignKeyCount()).isEqualTo(1);
    assertThat(off.report().inferredForeignKeys()).isEmpty();
    assertThat(off.catalog().tables()).allSatisfy(t -> assertThat(t.foreignKeys()).noneMatch(ForeignKey::inferred));
    assertThat(on.catalog().foreignKeyCount()).isEqualTo(3);
    assertThat(on.catalog()).isEqualTo(ForeignKeyInference.apply(off.catalog()));
    assertThat(on.catalog().fingerprint()).isNotEqualTo(off.catalog().fingerprint());
    assertThat(off.summary()).contains("0 inferred foreign keys");
  }

  @Test
  void inferenceRunsAfterTheFiltersSoNoKeyPointsAtAnExcludedTable() throws SQLException {
    JdbcDataSource ds = h2();
    Introspection i = DialectSchemaSource.builder(ds).addSchema("PUBLIC").excludeTables("products").build()
        .introspect();
    assertThat(i.report().inferredForeignKeys()).extracting(k -> k.foreignKey().referencedTable().name())
        .containsExactly("CUSTOMERS");
    assertThat(i.report().excludedTables()).extracting(e -> e.table().name()).containsExactly("PRODUCTS");
    assertThat(i.summary()).startsWith("3 tables, 0 views, 1 excluded, 1 inferred foreign key");
  }

  @Test
  void aColumnWhoseDeclaredKeyWasDroppedIsNotInferredElsewhere() throws SQLException {
    JdbcDataSource ds = h2();
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE orders_old (order_id INT PRIMARY KEY)");
      s.execute("CREATE TABLE refunds (refund_id INT PRIMARY KEY, order_id INT, customer_id INT,"
          + " CONSTRAINT fk_refund_old FOREIGN KEY (order_id) REFERENCES orders_old (order_id))");
    }
    Introspection i = DialectSchemaSource.builder(ds).addSchema("PUBLIC").build().introspect();

    assertThat(i.report().droppedForeignKeys()).extracting(d -> d.foreignKey().name())
        .containsExactly("FK_REFUND_OLD");
    assertThat(i.catalog().tablesNamed("refunds").get(0).foreignKeys())
        .as("ORDER_ID pointed at the excluded ORDERS_OLD; ORDERS is not guessed instead")
        .extracting(ForeignKey::columns, fk -> fk.referencedTable().name())
        .containsExactly(tuple(List.of("CUSTOMER_ID"), "CUSTOMERS"));

    Introspection kept = DialectSchemaSource.builder(ds).addSchema("PUBLIC").deprecatedRule(false).build()
        .introspect();
    assertThat(kept.catalog().tablesNamed("refunds").get(0).foreignKeys())
        .extracting(ForeignKey::name).containsExactly("FK_REFUND_OLD", "inferred:CUSTOMER_ID");
  }

  @Test
  void sqliteWithoutDeclaredKeysGetsInferredOnesAndMismatchedDeclaredKeysAreReported(@TempDir Path dir)
      throws SQLException {
    String url = "jdbc:sqlite:" + dir.resolve("shop.db");
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE Customer (CustomerId INTEGER PRIMARY KEY, FirstName TEXT)");
      s.execute("CREATE TABLE Invoice (InvoiceId INTEGER PRIMARY KEY, CustomerId INTEGER, BillingCountry TEXT,"
          + " Total NUMERIC)");
      s.execute("CREATE TABLE Country (Code TEXT PRIMARY KEY)");
      s.execute("CREATE TABLE Address (AddressId INTEGER PRIMARY KEY, CountryCode INTEGER REFERENCES Country (Code),"
          + " Note)");
      s.execute("CREATE TABLE AuditLog (At TEXT, Message TEXT)");
      s.execute("CREATE VIEW BigInvoice AS SELECT * FROM Invoice WHERE Total > 10");
    }
    SQLiteDataSource ds = new SQLiteDataSource();
    ds.setUrl(url);

    Introspection i = DialectSchemaSource.builder(ds).build().introspect();

    assertThat(i.report().inferredForeignKeys())
        .extracting(InferredForeignKey::table, InferredForeignKey::foreignKey)
        .containsExactly(tuple(TableName.of("Invoice"), ForeignKey.inferred("inferred:CustomerId",
            List.of("CustomerId"), TableName.of("Customer"), List.of("CustomerId"), ForeignKeyInference.SAME_NAME)));
    assertThat(i.report().foreignKeyTypeMismatches())
        .extracting(TypeMismatch::table, TypeMismatch::column, TypeMismatch::columnType, TypeMismatch::referencedColumn,
            TypeMismatch::referencedType)
        .containsExactly(tuple(TableName.of("Address"), "CountryCode", "INTEGER", "Code", "TEXT"));
    assertThat(i.report().tablesWithoutPrimaryKey()).containsExactly(TableName.of("AuditLog"));
    assertThat(i.summary()).isEqualTo("5 tables, 1 view, 0 excluded, 1 inferred foreign key, 1 table without"
        + " primary key, 1 foreign key type mismatch");
    assertThat(IntrospectionReport.check(i.catalog())).isEqualTo(i.report());
  }

  @Test
  void typeCompatibilityGroupsNumbersTextAndTemporalTypes() {
    assertThat(IntrospectionReport.compatible(col("int4", java.sql.Types.INTEGER), col("int8", java.sql.Types.BIGINT)))
        .isTrue();
    assertThat(IntrospectionReport.compatible(col("VARCHAR", java.sql.Types.VARCHAR), col("TEXT",
        java.sql.Types.VARCHAR))).isTrue();
    assertThat(IntrospectionReport.compatible(col("CHAR", java.sql.Types.CHAR), col("NVARCHAR",
        java.sql.Types.NVARCHAR))).isTrue();
    assertThat(IntrospectionReport.compatible(col("uuid", java.sql.Types.OTHER), col("uuid", java.sql.Types.OTHER)))
        .isTrue();
    assertThat(IntrospectionReport.compatible(col("DATE", java.sql.Types.DATE), col("TIMESTAMP",
        java.sql.Types.TIMESTAMP))).isTrue();
    assertThat(IntrospectionReport.compatible(col("", java.sql.Types.VARCHAR), col("INTEGER", java.sql.Types.INTEGER)))
        .as("SQLite columns without a declared type fit anything").isTrue();
    assertThat(IntrospectionReport.compatible(col("INTEGER", java.sql.Types.INTEGER), col("VARCHAR",
        java.sql.Types.VARCHAR))).isFalse();
    assertThat(IntrospectionReport.compatible(col("uuid", java.sql.Types.OTHER), col("text", java.sql.Types.VARCHAR)))
        .isFalse();
    assertThat(IntrospectionReport.compatible(col("DATE", java.sql.Types.DATE), col("INTEGER", java.sql.Types.INTEGER)))
        .isFalse();
  }

  @Test
  void theInfoLineCountsInferredKeysAndAnomalies() throws SQLException {
    JdbcDataSource ds = h2();
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    try (PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
      System.setErr(capture);
      DialectSchemaSource.builder(ds).addSchema("PUBLIC").excludeTables("products").build().catalog();
    } finally {
      System.setErr(original);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8).lines()
            .filter(l -> l.contains("INFO") && l.contains("DialectSchemaSource")))
        .singleElement()
        .satisfies(l -> assertThat(l)
            .contains("kept 3 of 4 tables (1 excluded by filters, 0 as deprecated)")
            .contains("inferred: 1;")
            .contains("tables without primary key: 1")
            .contains("foreign keys with mismatched column types: 0"));
  }

  @Test
  void introspectionAndReportRejectNulls() {
    Catalog empty = new Catalog("H2", "2", io.github.dbqueryagent.spi.Dialect.H2, List.of());
    IntrospectionReport report = IntrospectionReport.check(empty);
    assertThat(report.anomalyCount()).isZero();
    assertThatThrownBy(() -> new Introspection(empty, report, Duration.ofMillis(-1), Instant.now()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("elapsed");
    assertThatThrownBy(() -> new Introspection(empty, null, Duration.ZERO, Instant.now()))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("report");
    assertThatThrownBy(() -> new IntrospectionReport(List.of(), List.of(), List.of(), null, List.of(), List.of()))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("inferredForeignKeys");
  }

  private static io.github.dbqueryagent.spi.Column col(String type, int jdbcType) {
    return io.github.dbqueryagent.spi.Column.of("c", type, jdbcType);
  }
}
