package io.github.dbqueryagent.cli;

import static io.github.dbqueryagent.cli.Cli.dbqa;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.dbqueryagent.introspect.DialectSchemaSource;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.SchemaSource;
import io.github.dbqueryagent.spi.Table;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dbqa schema}: formats, the introspection report, and the table and inference options. */
class CliSchemaTest {
  static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A SQLite file without declared keys between customers and orders (one is inferred), a deprecated
   * table with a declared key into it (dropped, not inferred elsewhere) and a table without primary key.
   */
  static String sqliteWithImplicitKeys(Path dir) throws SQLException {
    String url = "jdbc:sqlite:" + dir.resolve("implicit.db");
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
      s.execute("CREATE TABLE orders (order_id INTEGER PRIMARY KEY, customer_id INTEGER, total REAL)");
      s.execute("CREATE TABLE orders_old (order_id INTEGER PRIMARY KEY, customer_id INTEGER)");
      s.execute("CREATE TABLE refunds (refund_id INTEGER PRIMARY KEY,"
          + " order_id INTEGER REFERENCES orders_old (order_id), amount REAL)");
      s.execute("CREATE TABLE audit_log (at TEXT, message TEXT)");
    }
    return url;
  }

  @Test
  void jsonOfTheDemoDatabase() throws Exception {
    Cli.Run run = dbqa("schema", "--format", "json");
    assertThat(run.code()).as(run.err()).isZero();
    JsonNode root = JSON.readTree(run.out());
    assertThat(root.get("format").asText()).isEqualTo("dbqa-catalog/1");
    assertThat(root.at("/database/product").asText()).isEqualTo("H2");
    assertThat(root.at("/database/dialect").asText()).isEqualTo("H2");
    assertThat(root.at("/counts/tables").intValue()).isEqualTo(10);
    assertThat(root.at("/counts/views").intValue()).isZero();
    assertThat(root.at("/counts/foreignKeys").intValue()).isEqualTo(11);
    Catalog catalog = SchemaSource.jdbc(DemoDatabase.dataSource()).catalog();
    assertThat(root.get("fingerprint").asText()).isEqualTo(catalog.fingerprint());
    assertThat(root.at("/counts/columns").intValue()).isEqualTo(catalog.columnCount());
    assertThat(root.get("tables")).hasSize(10);
    JsonNode customers = null;
    for (JsonNode t : root.get("tables")) {
      if (t.get("name").asText().equals("CUSTOMERS")) customers = t;
    }
    assertThat(customers).isNotNull();
    assertThat(customers.get("comment").asText()).isEqualTo("People who registered with the shop");
    assertThat(customers.get("primaryKey").toString()).isEqualTo("[\"CUSTOMER_ID\"]");
    assertThat(customers.get("readableName").asText()).isEqualTo("customers");
    assertThat(customers.get("kind").asText()).isEqualTo("table");
    assertThat(customers.at("/columns/0/readableName").asText()).isEqualTo("customer id");
    assertThat(root.get("schemas").toString()).isEqualTo("[\"PUBLIC\"]");
    assertThat(root.at("/counts/inferredForeignKeys").intValue()).isZero();
    assertThat(root.at("/report/available").booleanValue()).isTrue();
    assertThat(root.at("/report/excludedTables")).isEmpty();
    assertThat(root.at("/report/tablesWithoutPrimaryKey")).isEmpty();
    assertThat(run.err()).isEqualTo("dbqa schema: 10 tables, 0 views, 0 excluded, 0 inferred foreign keys\n");
    // the same catalog as the library's own DialectSchemaSource reads
    assertThat(root.get("fingerprint").asText())
        .isEqualTo(DialectSchemaSource.builder(DemoDatabase.dataSource()).build().catalog().fingerprint());
  }

  @Test
  void markdownListsEveryTableAndColumn() {
    Cli.Run run = dbqa("schema", "--format", "md");
    assertThat(run.code()).isZero();
    Catalog catalog = SchemaSource.jdbc(DemoDatabase.dataSource()).catalog();
    for (Table t : catalog.tables()) {
      assertThat(run.out()).contains("## " + t.name());
      for (Column c : t.columns()) assertThat(run.out()).contains("| " + c.name() + " |");
    }
    assertThat(run.out()).contains("FK → PUBLIC.CATEGORIES.CATEGORY_ID");
    assertThat(run.out()).contains("\n## Report\n\nNothing excluded, inferred or suspicious.\n");
    assertThat(run.err()).startsWith("dbqa schema: 10 tables");
    assertThat(dbqa("schema").out()).startsWith("# Database catalog"); // Markdown is the default
  }

  @Test
  void tableFiltersOnTheDemoDatabaseDropKeysAndSayWhy() throws Exception {
    Cli.Run run = dbqa("schema", "--format", "json", "--exclude-tables", "order*,PAYMENTS", "--schema", "public");
    assertThat(run.code()).as(run.err()).isZero();
    JsonNode root = JSON.readTree(run.out());
    assertThat(names(root.get("tables"))).containsExactly("CATEGORIES", "CUSTOMERS", "EMPLOYEES", "PRODUCTS",
        "REVIEWS", "SHIPMENTS", "SUPPLIERS");
    assertThat(root.at("/report/excludedTables")).extracting(e -> e.get("table").asText() + " " + e.get("detail")
        .asText()).containsExactly("ORDERS excluded by order*", "ORDER_ITEMS excluded by order*",
            "PAYMENTS excluded by PAYMENTS");
    assertThat(root.at("/report/excludedTables/0/reason").asText()).isEqualTo("filter");
    assertThat(root.at("/report/droppedForeignKeys")).singleElement()
        .satisfies(d -> assertThat(d.at("/foreignKey/name").asText()).isEqualTo("FK_SHIPMENTS_ORDER"));
    assertThat(run.err()).isEqualTo(
        "dbqa schema: 7 tables, 0 views, 3 excluded, 0 inferred foreign keys, 1 foreign key dropped\n");

    Cli.Run included = dbqa("--schema", "PUBLIC", "schema", "--include-tables", "cust*", "--include-tables", "rev*");
    assertThat(included.code()).as(included.err()).isZero();
    assertThat(included.out()).contains("## PUBLIC.CUSTOMERS").contains("## PUBLIC.REVIEWS")
        .doesNotContain("## PUBLIC.ORDERS").contains("Excluded tables (8):");
    assertThat(included.err()).startsWith("dbqa schema: 2 tables, 0 views, 8 excluded, 0 inferred foreign keys");

    Cli.Run none = dbqa("schema", "--schema", "NO_SUCH_SCHEMA", "--format", "json");
    assertThat(none.code()).as(none.err()).isZero();
    assertThat(JSON.readTree(none.out()).get("tables")).isEmpty();
  }

  @Test
  void sqliteReportShowsInferredDroppedAndKeylessTables(@TempDir Path dir) throws Exception {
    String url = sqliteWithImplicitKeys(dir);
    Cli.Run run = dbqa("schema", "--url", url, "--format", "json");
    assertThat(run.code()).as(run.err()).isZero();
    JsonNode root = JSON.readTree(run.out());
    assertThat(root.at("/database/dialect").asText()).isEqualTo("SQLITE");
    assertThat(root.get("schemas")).isEmpty();
    assertThat(names(root.get("tables"))).containsExactly("audit_log", "customers", "orders", "refunds");
    JsonNode orders = root.at("/tables/2");
    assertThat(orders.at("/foreignKeys/0/columns").toString()).isEqualTo("[\"customer_id\"]");
    assertThat(orders.at("/foreignKeys/0/references/table").asText()).isEqualTo("customers");
    assertThat(orders.at("/foreignKeys/0/inferred").booleanValue()).isTrue();
    assertThat(orders.at("/foreignKeys/0/confidence").doubleValue()).isEqualTo(0.8);
    assertThat(root.at("/tables/3/foreignKeys")).as("refunds.order_id pointed at orders_old").isEmpty();
    assertThat(root.at("/report/excludedTables/0/table").asText()).isEqualTo("orders_old");
    assertThat(root.at("/report/excludedTables/0/reason").asText()).isEqualTo("deprecated_name");
    assertThat(root.at("/report/droppedForeignKeys/0/table").asText()).isEqualTo("refunds");
    assertThat(root.at("/report/inferredForeignKeys/0/table").asText()).isEqualTo("orders");
    assertThat(root.at("/report/tablesWithoutPrimaryKey/0/table").asText()).isEqualTo("audit_log");
    assertThat(run.err()).isEqualTo("dbqa schema: 4 tables, 0 views, 1 excluded, 1 inferred foreign key,"
        + " 1 table without primary key, 1 foreign key dropped\n");

    Cli.Run md = dbqa("schema", "--url", url);
    assertThat(md.out())
        .contains("| customer_id | INTEGER | yes | FK → customers.id (inferred, 0.8) |")
        .contains("- `inferred:customer_id`: (customer_id) → customers (id) — inferred, confidence 0.8")
        .contains("\n## Report\n")
        .contains("- orders_old: deprecated name (*_old)")
        .contains("Tables without a primary key (1):\n\n- audit_log\n");
  }

  @Test
  void deprecatedRuleAndInferenceCanBeTurnedOff(@TempDir Path dir) throws Exception {
    String url = sqliteWithImplicitKeys(dir);

    Cli.Run all = dbqa("schema", "--url", url, "--format", "json", "--no-deprecated-rule");
    assertThat(all.code()).as(all.err()).isZero();
    JsonNode root = JSON.readTree(all.out());
    assertThat(names(root.get("tables"))).contains("orders_old").hasSize(5);
    assertThat(root.at("/counts/inferredForeignKeys").intValue()).isEqualTo(2);
    assertThat(root.at("/report/droppedForeignKeys")).isEmpty();
    assertThat(all.err()).isEqualTo("dbqa schema: 5 tables, 0 views, 0 excluded, 2 inferred foreign keys,"
        + " 1 table without primary key\n");

    Cli.Run declared = dbqa("schema", "--url", url, "--format", "json", "--no-inferred-keys");
    assertThat(declared.code()).as(declared.err()).isZero();
    root = JSON.readTree(declared.out());
    assertThat(root.at("/counts/foreignKeys").intValue()).isZero();
    assertThat(root.at("/counts/inferredForeignKeys").intValue()).isZero();
    assertThat(root.at("/report/inferredForeignKeys")).isEmpty();
    assertThat(declared.err()).startsWith("dbqa schema: 4 tables, 0 views, 1 excluded, 0 inferred foreign keys");
    assertThat(root.get("fingerprint").asText()).isNotEqualTo(
        JSON.readTree(dbqa("schema", "--url", url, "--format", "json").out()).get("fingerprint").asText());
  }

  @Test
  void blankSchemaOrGlobIsAUsageError() {
    Cli.Run blank = dbqa("schema", "--include-tables", " ");
    assertThat(blank.code()).isEqualTo(2);
    assertThat(blank.out()).isEmpty();
    assertThat(blank.err()).isEqualTo("dbqa: --include-tables: a glob must not be blank\n");
    Cli.Run schema = dbqa("schema", "--schema", "", "--exclude-tables", "a,,b");
    assertThat(schema.code()).isEqualTo(2);
    assertThat(schema.err()).contains("--schema needs a schema name").contains("--exclude-tables");
  }

  private static List<String> names(JsonNode tables) {
    List<String> out = new ArrayList<>();
    for (JsonNode t : tables) out.add(t.get("name").asText());
    return out;
  }

  @Test
  void sqliteSchema(@TempDir Path dir) throws Exception {
    String url = TestDatabases.sqliteShop(dir);
    Cli.Run run = dbqa("schema", "--url", url, "--format", "json");
    assertThat(run.code()).isZero();
    JsonNode root = JSON.readTree(run.out());
    assertThat(root.at("/database/dialect").asText()).isEqualTo("SQLITE");
    assertThat(root.at("/counts/tables").intValue()).isEqualTo(2);
    assertThat(root.at("/tables/1/name").asText()).isEqualTo("notes");
    assertThat(root.at("/tables/1/foreignKeys/0/references/table").asText()).isEqualTo("customers");
    assertThat(root.at("/tables/1/foreignKeys/0/inferred").booleanValue()).isFalse();
    assertThat(root.at("/report/available").booleanValue()).isTrue();
    assertThat(run.err()).isEqualTo("dbqa schema: 2 tables, 0 views, 0 excluded, 0 inferred foreign keys\n");
  }
}
