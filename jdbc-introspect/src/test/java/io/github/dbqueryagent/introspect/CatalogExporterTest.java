package io.github.dbqueryagent.introspect;

import io.github.dbqueryagent.internal.schema.JdbcSchemaSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.Table;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CatalogExporterTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static Catalog catalog;
  private static ExportMetadata metadata;

  @BeforeAll
  static void introspect() throws Exception {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:exporter-test;DB_CLOSE_DELAY=-1");
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE countries (code CHAR(2) PRIMARY KEY, name VARCHAR(80) NOT NULL)");
      s.execute("COMMENT ON TABLE countries IS 'ISO 3166 countries'");
      s.execute(
          "CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL, country_code CHAR(2),"
              + " signup DATE, CONSTRAINT fk_customer_country FOREIGN KEY (country_code) REFERENCES countries(code))");
      s.execute("COMMENT ON TABLE customers IS 'People who buy | or browse'");
      s.execute("COMMENT ON COLUMN customers.name IS 'Full name,\nas typed'");
      s.execute(
          "CREATE TABLE orders (customer_id INT NOT NULL, order_no INT NOT NULL, total DECIMAL(10,2),"
              + " PRIMARY KEY (customer_id, order_no), FOREIGN KEY (customer_id) REFERENCES customers(id))");
      s.execute(
          "CREATE TABLE order_notes (customer_id INT, order_no INT, note CLOB,"
              + " CONSTRAINT fk_note_order FOREIGN KEY (customer_id, order_no) REFERENCES orders(customer_id, order_no))");
      s.execute("COMMENT ON COLUMN orders.total IS 'Sum | incl. tax'");
      s.execute("CREATE VIEW big_orders AS SELECT customer_id, total FROM orders WHERE total > 100");
    }
    long start = System.nanoTime();
    catalog = JdbcSchemaSource.builder(ds).build().catalog();
    metadata = ExportMetadata.of(catalog, Duration.ofNanos(System.nanoTime() - start));
  }

  @Test
  void metadataCountsTheCatalog() {
    assertThat(metadata.format()).isEqualTo("dbqa-catalog/1");
    assertThat(metadata.databaseProduct()).isEqualTo("H2");
    assertThat(metadata.databaseVersion()).isNotBlank();
    assertThat(metadata.dialect()).isEqualTo(Dialect.H2);
    assertThat(metadata.tables()).isEqualTo(4);
    assertThat(metadata.views()).isEqualTo(1);
    assertThat(metadata.columns()).isEqualTo(2 + 4 + 3 + 3 + 2);
    assertThat(metadata.foreignKeys()).isEqualTo(3);
    assertThat(metadata.fingerprint()).isEqualTo(catalog.fingerprint()).hasSize(64);
    assertThat(metadata.introspectionMs()).isNotNegative();
  }

  @Test
  void jsonRoundTripsWithJackson() throws Exception {
    String json = CatalogExporter.toJson(catalog, metadata);
    JsonNode root = MAPPER.readTree(json);

    assertThat(fieldNames(root))
        .containsExactly("format", "database", "fingerprint", "counts", "introspectionMs", "tables");
    assertThat(root.get("format").asText()).isEqualTo("dbqa-catalog/1");
    assertThat(root.at("/database/product").asText()).isEqualTo("H2");
    assertThat(root.at("/database/version").asText()).isEqualTo(catalog.productVersion());
    assertThat(root.at("/database/dialect").asText()).isEqualTo("H2");
    assertThat(root.get("fingerprint").asText()).isEqualTo(catalog.fingerprint());
    assertThat(root.at("/counts/tables").intValue()).isEqualTo(4);
    assertThat(root.at("/counts/views").intValue()).isEqualTo(1);
    assertThat(root.at("/counts/columns").intValue()).isEqualTo(catalog.columnCount());
    assertThat(root.at("/counts/foreignKeys").intValue()).isEqualTo(3);
    assertThat(root.get("introspectionMs").isIntegralNumber()).isTrue();

    JsonNode tables = root.get("tables");
    assertThat(tables.size()).isEqualTo(catalog.tables().size());
    for (int i = 0; i < catalog.tables().size(); i++) {
      Table t = catalog.tables().get(i);
      JsonNode jt = tables.get(i);
      assertThat(fieldNames(jt))
          .containsExactly("catalog", "schema", "name", "kind", "comment", "rowEstimate", "primaryKey", "columns",
              "foreignKeys");
      assertThat(jt.get("catalog").asText()).isEqualTo(t.name().catalog());
      assertThat(jt.get("schema").asText()).isEqualTo("PUBLIC");
      assertThat(jt.get("name").asText()).isEqualTo(t.name().name());
      assertThat(jt.get("comment").asText()).isEqualTo(t.comment());
      assertThat(jt.get("rowEstimate").longValue()).isEqualTo(t.rowEstimate());
      assertThat(jt.get("columns").size()).isEqualTo(t.columns().size());
      for (int c = 0; c < t.columns().size(); c++) {
        Column col = t.columns().get(c);
        JsonNode jc = jt.get("columns").get(c);
        assertThat(fieldNames(jc)).containsExactly("name", "type", "jdbcType", "nullable", "comment");
        assertThat(jc.get("name").asText()).isEqualTo(col.name());
        assertThat(jc.get("type").asText()).isEqualTo(col.typeName());
        assertThat(jc.get("jdbcType").intValue()).isEqualTo(col.jdbcType());
        assertThat(jc.get("nullable").booleanValue()).isEqualTo(col.nullable());
        assertThat(jc.get("comment").asText()).isEqualTo(col.comment());
      }
    }

    JsonNode customers = table(tables, "CUSTOMERS");
    assertThat(customers.get("kind").asText()).isEqualTo("table");
    assertThat(customers.get("comment").asText()).isEqualTo("People who buy | or browse");
    assertThat(customers.get("primaryKey").toString()).isEqualTo("[\"ID\"]");
    assertThat(customers.at("/columns/1/comment").asText()).isEqualTo("Full name,\nas typed");
    assertThat(customers.at("/columns/1/nullable").booleanValue()).isFalse();
    assertThat(customers.at("/columns/2/nullable").booleanValue()).isTrue();
    JsonNode fk = customers.at("/foreignKeys/0");
    assertThat(fk.get("name").asText()).isEqualTo("FK_CUSTOMER_COUNTRY");
    assertThat(fk.get("columns").toString()).isEqualTo("[\"COUNTRY_CODE\"]");
    assertThat(fk.at("/references/schema").asText()).isEqualTo("PUBLIC");
    assertThat(fk.at("/references/table").asText()).isEqualTo("COUNTRIES");
    assertThat(fk.at("/references/columns").toString()).isEqualTo("[\"CODE\"]");

    JsonNode orders = table(tables, "ORDERS");
    assertThat(orders.get("primaryKey").toString()).isEqualTo("[\"CUSTOMER_ID\",\"ORDER_NO\"]");
    JsonNode notes = table(tables, "ORDER_NOTES");
    assertThat(notes.at("/foreignKeys/0/columns").toString()).isEqualTo("[\"CUSTOMER_ID\",\"ORDER_NO\"]");
    assertThat(notes.at("/foreignKeys/0/references/columns").toString())
        .isEqualTo("[\"CUSTOMER_ID\",\"ORDER_NO\"]");
    JsonNode view = table(tables, "BIG_ORDERS");
    assertThat(view.get("kind").asText()).isEqualTo("view");
    assertThat(view.get("primaryKey").size()).isZero();
    assertThat(view.get("foreignKeys").size()).isZero();
  }

  @Test
  void jsonIsDeterministicAndWriterMatchesString() throws Exception {
    String a = CatalogExporter.toJson(catalog, metadata);
    StringWriter w = new StringWriter();
    CatalogExporter.writeJson(catalog, metadata, w);
    assertThat(w.toString()).isEqualTo(a);
    assertThat(a).endsWith("}\n").doesNotContain("\r").contains("\"format\": \"dbqa-catalog/1\"");
  }

  @Test
  void markdownListsEveryTableAndColumn() {
    String md = CatalogExporter.toMarkdown(catalog, metadata);
    assertThat(md).startsWith("# Database catalog\n");
    assertThat(md)
        .contains("| Database | H2 " + catalog.productVersion())
        .contains("| Dialect | H2 |")
        .contains("| Tables | 4 |")
        .contains("| Views | 1 |")
        .contains("| Columns | " + catalog.columnCount() + " |")
        .contains("| Foreign keys | 3 |")
        .contains(catalog.fingerprint())
        .contains("dbqa-catalog/1");
    for (Table t : catalog.tables()) {
      assertThat(md).contains("## " + t.name());
      for (Column c : t.columns()) {
        assertThat(md).contains("| " + c.name() + " | " + c.typeName() + " |");
      }
    }
    assertThat(md).contains("## PUBLIC.BIG_ORDERS (view)");
    assertThat(md).contains("\n\nPeople who buy | or browse\n\n");
    assertThat(md).contains("| TOTAL | DECIMAL | yes |  | Sum \\| incl. tax |");
    assertThat(md).contains("| NAME | CHARACTER VARYING | no |  | Full name, as typed |");
    assertThat(md).contains("| COUNTRY_CODE | CHARACTER | yes | FK → PUBLIC.COUNTRIES.CODE |");
    assertThat(md).contains("| ORDER_NO | INTEGER | no | PK(2) |");
    assertThat(md).contains("- `FK_NOTE_ORDER`: (CUSTOMER_ID, ORDER_NO) → PUBLIC.ORDERS (CUSTOMER_ID, ORDER_NO)");
  }

  @Test
  void metadataRejectsNegativeCountsNamingEach() {
    assertThatThrownBy(() -> new ExportMetadata("dbqa-catalog/1", "", "", Dialect.H2, -1, 0, -2, 0, 0, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tables")
        .hasMessageContaining("columns");
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static JsonNode table(JsonNode tables, String name) {
    for (JsonNode t : tables) {
      if (t.get("name").asText().equals(name)) return t;
    }
    throw new AssertionError("no table " + name + " in " + tables);
  }
}
