package io.github.dbqueryagent.introspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.ForeignKey;
import io.github.dbqueryagent.spi.Index;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import io.github.dbqueryagent.spi.UniqueKey;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link CatalogExporter} and {@link ExportMetadata}: an H2 database read by {@link
 * DialectSchemaSource} (report with excluded tables, dropped, dangling and inferred foreign keys, a
 * table without primary key and a type mismatch), and a catalog built directly with the facts the
 * readers of other databases report (materialized views, sizes, defaults, identity and computed
 * columns, sample values, unique keys, indexes).
 */
class CatalogExporterTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static JdbcDataSource ds;
  private static Introspection introspection;
  private static Catalog catalog;
  private static ExportMetadata metadata;

  @BeforeAll
  static void introspect() throws Exception {
    ds = new JdbcDataSource();
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
          "CREATE TABLE order_notes (customer_id INT, order_no INT, note CLOB, country INT,"
              + " CONSTRAINT fk_note_order FOREIGN KEY (customer_id, order_no) REFERENCES orders(customer_id, order_no),"
              + " CONSTRAINT fk_note_country FOREIGN KEY (country) REFERENCES countries(code))");
      s.execute("COMMENT ON COLUMN orders.total IS 'Sum | incl. tax'");
      s.execute("CREATE VIEW big_orders AS SELECT customer_id, total FROM orders WHERE total > 100");
      s.execute("CREATE TABLE customers_old (id INT PRIMARY KEY)");
      s.execute("CREATE SCHEMA archive");
      s.execute("CREATE TABLE archive.customer (customer_id INT PRIMARY KEY)");
      s.execute(
          "CREATE TABLE cust_reviews (review_id INT PRIMARY KEY, cust_id INT, review_dt DATE, old_customer INT,"
              + " archived_customer INT,"
              + " CONSTRAINT fk_review_old FOREIGN KEY (old_customer) REFERENCES customers_old(id),"
              + " CONSTRAINT fk_review_archive FOREIGN KEY (archived_customer) REFERENCES archive.customer(customer_id))");
    }
    introspection = DialectSchemaSource.builder(ds).addSchema("PUBLIC").build().introspect();
    catalog = introspection.catalog();
    metadata = ExportMetadata.of(introspection);
  }

  /** A catalog with every fact a reader may report, built directly. */
  private static Catalog richCatalog() {
    TableName products = TableName.of("shop", "products");
    Table productTable = new Table(products, Table.Kind.TABLE, "", List.of(
        new Column("id", "int8", Types.BIGINT, false, "", List.of(), 19, 0, "", Column.Generation.IDENTITY),
        new Column("sku", "varchar", Types.VARCHAR, false, "", List.of(), 12, -1, "", Column.Generation.NONE),
        new Column("price", "numeric", Types.NUMERIC, false, "", List.of(), 10, 2, "0", Column.Generation.NONE),
        new Column("price_with_tax", "numeric", Types.NUMERIC, true, "", List.of(), 12, 2, "(price * 1.2)",
            Column.Generation.COMPUTED),
        new Column("status", "text", Types.VARCHAR, false, "", List.of("active", "retired"), -1, -1,
            "'active'::text", Column.Generation.NONE)),
        List.of("id"), List.of(), 1200,
        List.of(new UniqueKey("products_sku_key", List.of("sku"))),
        List.of(new Index("products_pkey", List.of("id"), true), new Index("products_sku_key", List.of("sku"), true),
            new Index("idx_products_status", List.of("lower(status)", "price"), false)));
    Table sales = new Table(TableName.of("shop", "prod_sales"), Table.Kind.MATERIALIZED_VIEW, "", List.of(
        new Column("prod_id", "int8", Types.BIGINT, true, "", List.of()),
        new Column("qty_sold", "int8", Types.BIGINT, true, "", List.of())),
        List.of(), List.of(ForeignKey.inferred("inferred:prod_id", List.of("prod_id"), products, List.of("id"), 0.75)),
        -1);
    return new Catalog("PostgreSQL", "16.2", Dialect.POSTGRESQL, List.of("shop", "staging"), List.of(productTable, sales));
  }

  @Test
  void metadataCountsTheCatalog() {
    assertThat(metadata.format()).isEqualTo("dbqa-catalog/1");
    assertThat(metadata.databaseProduct()).isEqualTo("H2");
    assertThat(metadata.databaseVersion()).isNotBlank();
    assertThat(metadata.dialect()).isEqualTo(Dialect.H2);
    assertThat(metadata.schemas()).isEqualTo(1);
    assertThat(metadata.tables()).isEqualTo(5);
    assertThat(metadata.views()).isEqualTo(1);
    assertThat(metadata.materializedViews()).isZero();
    assertThat(metadata.columns()).isEqualTo(2 + 4 + 3 + 4 + 2 + 5);
    assertThat(metadata.foreignKeys()).isEqualTo(6);
    assertThat(metadata.inferredForeignKeys()).isEqualTo(1);
    assertThat(metadata.fingerprint()).isEqualTo(catalog.fingerprint()).hasSize(64);
    assertThat(metadata.introspectionMs()).isEqualTo(introspection.elapsed().toMillis()).isNotNegative();
    assertThat(metadata.report()).contains(introspection.report());

    ExportMetadata rich = ExportMetadata.of(richCatalog());
    assertThat(rich.schemas()).isEqualTo(2);
    assertThat(rich.tables()).isEqualTo(1);
    assertThat(rich.views()).isZero();
    assertThat(rich.materializedViews()).isEqualTo(1);
    assertThat(rich.uniqueKeys()).isEqualTo(1);
    assertThat(rich.indexes()).isEqualTo(3);
    assertThat(rich.foreignKeys()).isEqualTo(1);
    assertThat(rich.inferredForeignKeys()).isEqualTo(1);
    assertThat(rich.report()).isEmpty();
  }

  @Test
  void jsonRoundTripsWithJackson() throws Exception {
    String json = CatalogExporter.toJson(catalog, metadata);
    JsonNode root = MAPPER.readTree(json);

    assertThat(fieldNames(root)).containsExactly(
        "format", "database", "fingerprint", "counts", "introspectionMs", "schemas", "tables", "report");
    assertThat(root.get("format").asText()).isEqualTo("dbqa-catalog/1");
    assertThat(fieldNames(root.get("database"))).containsExactly("product", "version", "dialect");
    assertThat(root.at("/database/product").asText()).isEqualTo("H2");
    assertThat(root.at("/database/version").asText()).isEqualTo(catalog.productVersion());
    assertThat(root.at("/database/dialect").asText()).isEqualTo("H2");
    assertThat(root.get("fingerprint").asText()).isEqualTo(catalog.fingerprint());
    assertThat(fieldNames(root.get("counts"))).containsExactly("schemas", "tables", "views", "materializedViews",
        "columns", "foreignKeys", "inferredForeignKeys", "uniqueKeys", "indexes");
    assertThat(root.at("/counts/schemas").intValue()).isEqualTo(1);
    assertThat(root.at("/counts/tables").intValue()).isEqualTo(5);
    assertThat(root.at("/counts/views").intValue()).isEqualTo(1);
    assertThat(root.at("/counts/materializedViews").intValue()).isZero();
    assertThat(root.at("/counts/columns").intValue()).isEqualTo(catalog.columnCount());
    assertThat(root.at("/counts/foreignKeys").intValue()).isEqualTo(6);
    assertThat(root.at("/counts/inferredForeignKeys").intValue()).isEqualTo(1);
    assertThat(root.at("/counts/uniqueKeys").intValue()).isEqualTo(metadata.uniqueKeys());
    assertThat(root.at("/counts/indexes").intValue()).isEqualTo(metadata.indexes());
    assertThat(root.get("introspectionMs").isIntegralNumber()).isTrue();
    assertThat(root.get("schemas").toString()).isEqualTo("[\"PUBLIC\"]");

    JsonNode tables = root.get("tables");
    assertThat(tables.size()).isEqualTo(catalog.tables().size());
    for (int i = 0; i < catalog.tables().size(); i++) {
      Table t = catalog.tables().get(i);
      JsonNode jt = tables.get(i);
      assertThat(fieldNames(jt)).containsExactly("catalog", "schema", "name", "readableName", "kind", "comment",
          "rowEstimate", "primaryKey", "columns", "foreignKeys", "uniqueKeys", "indexes");
      assertThat(jt.get("catalog").asText()).isEqualTo(t.name().catalog());
      assertThat(jt.get("schema").asText()).isEqualTo("PUBLIC");
      assertThat(jt.get("name").asText()).isEqualTo(t.name().name());
      assertThat(jt.get("readableName").asText()).isEqualTo(t.readableName());
      assertThat(jt.get("comment").asText()).isEqualTo(t.comment());
      assertThat(jt.get("rowEstimate").longValue()).isEqualTo(t.rowEstimate());
      assertThat(jt.get("columns").size()).isEqualTo(t.columns().size());
      assertThat(jt.get("uniqueKeys").size()).isEqualTo(t.uniqueKeys().size());
      assertThat(jt.get("indexes").size()).isEqualTo(t.indexes().size());
      for (int c = 0; c < t.columns().size(); c++) {
        Column col = t.columns().get(c);
        JsonNode jc = jt.get("columns").get(c);
        assertThat(fieldNames(jc)).containsExactly("name", "readableName", "type", "jdbcType", "size", "scale",
            "nullable", "default", "generation", "comment", "sampleValues");
        assertThat(jc.get("name").asText()).isEqualTo(col.name());
        assertThat(jc.get("readableName").asText()).isEqualTo(col.readableName());
        assertThat(jc.get("type").asText()).isEqualTo(col.typeName());
        assertThat(jc.get("jdbcType").intValue()).isEqualTo(col.jdbcType());
        assertThat(jc.get("size").intValue()).isEqualTo(col.size());
        assertThat(jc.get("scale").intValue()).isEqualTo(col.scale());
        assertThat(jc.get("nullable").booleanValue()).isEqualTo(col.nullable());
        assertThat(jc.get("default").asText()).isEqualTo(col.defaultValue());
        assertThat(jc.get("generation").asText()).isEqualTo(col.generation().name().toLowerCase());
        assertThat(jc.get("comment").asText()).isEqualTo(col.comment());
        assertThat(jc.get("sampleValues").isArray()).isTrue();
      }
      for (JsonNode fk : jt.get("foreignKeys")) {
        assertThat(fieldNames(fk)).containsExactly("name", "columns", "references", "inferred", "confidence");
        assertThat(fieldNames(fk.get("references"))).containsExactly("catalog", "schema", "table", "columns");
      }
    }

    JsonNode customers = table(tables, "CUSTOMERS");
    assertThat(customers.get("kind").asText()).isEqualTo("table");
    assertThat(customers.get("comment").asText()).isEqualTo("People who buy | or browse");
    assertThat(customers.get("primaryKey").toString()).isEqualTo("[\"ID\"]");
    assertThat(customers.at("/columns/1/comment").asText()).isEqualTo("Full name,\nas typed");
    assertThat(customers.at("/columns/1/nullable").booleanValue()).isFalse();
    assertThat(customers.at("/columns/2/nullable").booleanValue()).isTrue();
    assertThat(customers.at("/columns/2/readableName").asText()).isEqualTo("country code");
    JsonNode fk = customers.at("/foreignKeys/0");
    assertThat(fk.get("name").asText()).isEqualTo("FK_CUSTOMER_COUNTRY");
    assertThat(fk.get("columns").toString()).isEqualTo("[\"COUNTRY_CODE\"]");
    assertThat(fk.at("/references/schema").asText()).isEqualTo("PUBLIC");
    assertThat(fk.at("/references/table").asText()).isEqualTo("COUNTRIES");
    assertThat(fk.at("/references/columns").toString()).isEqualTo("[\"CODE\"]");
    assertThat(fk.get("inferred").booleanValue()).isFalse();
    assertThat(fk.get("confidence").doubleValue()).isEqualTo(1.0);

    JsonNode orders = table(tables, "ORDERS");
    assertThat(orders.get("primaryKey").toString()).isEqualTo("[\"CUSTOMER_ID\",\"ORDER_NO\"]");
    assertThat(orders.at("/columns/1/readableName").asText()).isEqualTo("order number");
    JsonNode notes = table(tables, "ORDER_NOTES");
    assertThat(notes.at("/foreignKeys/0/columns").toString()).isEqualTo("[\"CUSTOMER_ID\",\"ORDER_NO\"]");
    assertThat(notes.at("/foreignKeys/0/references/columns").toString())
        .isEqualTo("[\"CUSTOMER_ID\",\"ORDER_NO\"]");
    JsonNode view = table(tables, "BIG_ORDERS");
    assertThat(view.get("kind").asText()).isEqualTo("view");
    assertThat(view.get("primaryKey").size()).isZero();
    assertThat(view.get("foreignKeys").size()).isZero();

    JsonNode reviews = table(tables, "CUST_REVIEWS");
    assertThat(reviews.get("readableName").asText()).isEqualTo("customer reviews");
    assertThat(reviews.at("/columns/2/readableName").asText()).isEqualTo("review date");
    JsonNode inferred = null;
    for (JsonNode k : reviews.get("foreignKeys")) if (k.get("inferred").booleanValue()) inferred = k;
    assertThat(inferred).isNotNull();
    assertThat(inferred.get("name").asText()).isEqualTo("inferred:CUST_ID");
    assertThat(inferred.get("columns").toString()).isEqualTo("[\"CUST_ID\"]");
    assertThat(inferred.at("/references/table").asText()).isEqualTo("CUSTOMERS");
    assertThat(inferred.at("/references/columns").toString()).isEqualTo("[\"ID\"]");
    assertThat(inferred.get("confidence").doubleValue()).isEqualTo(0.8);
    assertThat(reviews.get("foreignKeys")).extracting(k -> k.get("name").asText())
        .as("the key to the excluded CUSTOMERS_OLD is dropped")
        .containsExactly("FK_REVIEW_ARCHIVE", "inferred:CUST_ID");
    assertThat(tables).extracting(t -> t.get("name").asText()).doesNotContain("CUSTOMERS_OLD", "CUSTOMER");
  }

  @Test
  void jsonCarriesTheReport() throws Exception {
    JsonNode report = MAPPER.readTree(CatalogExporter.toJson(catalog, metadata)).get("report");

    assertThat(fieldNames(report)).containsExactly("available", "excludedTables", "droppedForeignKeys",
        "danglingForeignKeys", "inferredForeignKeys", "tablesWithoutPrimaryKey", "foreignKeyTypeMismatches");
    assertThat(report.get("available").booleanValue()).isTrue();

    assertThat(report.get("excludedTables")).hasSize(1);
    JsonNode excluded = report.at("/excludedTables/0");
    assertThat(fieldNames(excluded)).containsExactly("catalog", "schema", "table", "reason", "detail");
    assertThat(excluded.get("catalog").asText()).isEqualTo(catalog.tables().get(0).name().catalog()).isNotEmpty();
    assertThat(excluded.get("schema").asText()).isEqualTo("PUBLIC");
    assertThat(excluded.get("table").asText()).isEqualTo("CUSTOMERS_OLD");
    assertThat(excluded.get("reason").asText()).isEqualTo("deprecated_name");
    assertThat(excluded.get("detail").asText()).isEqualTo("*_old");

    assertThat(report.get("droppedForeignKeys")).hasSize(1);
    JsonNode dropped = report.at("/droppedForeignKeys/0");
    assertThat(fieldNames(dropped)).containsExactly("catalog", "schema", "table", "reason", "foreignKey");
    assertThat(dropped.get("table").asText()).isEqualTo("CUST_REVIEWS");
    assertThat(dropped.get("reason").asText()).isEqualTo("target_excluded");
    assertThat(dropped.at("/foreignKey/name").asText()).isEqualTo("FK_REVIEW_OLD");
    assertThat(dropped.at("/foreignKey/references/table").asText()).isEqualTo("CUSTOMERS_OLD");

    assertThat(report.get("danglingForeignKeys")).hasSize(1);
    JsonNode dangling = report.at("/danglingForeignKeys/0");
    assertThat(dangling.get("table").asText()).isEqualTo("CUST_REVIEWS");
    assertThat(dangling.get("reason").asText()).isEqualTo("target_missing");
    assertThat(dangling.at("/foreignKey/references/schema").asText()).isEqualTo("ARCHIVE");
    assertThat(dangling.at("/foreignKey/inferred").booleanValue()).isFalse();

    assertThat(report.get("inferredForeignKeys")).hasSize(1);
    JsonNode inferred = report.at("/inferredForeignKeys/0");
    assertThat(fieldNames(inferred)).containsExactly("catalog", "schema", "table", "foreignKey");
    assertThat(inferred.get("table").asText()).isEqualTo("CUST_REVIEWS");
    assertThat(inferred.at("/foreignKey/columns").toString()).isEqualTo("[\"CUST_ID\"]");
    assertThat(inferred.at("/foreignKey/inferred").booleanValue()).isTrue();
    assertThat(inferred.at("/foreignKey/confidence").doubleValue()).isEqualTo(0.8);

    assertThat(report.get("tablesWithoutPrimaryKey")).extracting(t -> t.get("table").asText())
        .containsExactly("ORDER_NOTES");
    assertThat(fieldNames(report.at("/tablesWithoutPrimaryKey/0"))).containsExactly("catalog", "schema", "table");

    assertThat(report.get("foreignKeyTypeMismatches")).hasSize(1);
    JsonNode mismatch = report.at("/foreignKeyTypeMismatches/0");
    assertThat(fieldNames(mismatch)).containsExactly("catalog", "schema", "table", "foreignKey", "column",
        "columnType", "referencedColumn", "referencedType");
    assertThat(mismatch.get("table").asText()).isEqualTo("ORDER_NOTES");
    assertThat(mismatch.at("/foreignKey/name").asText()).isEqualTo("FK_NOTE_COUNTRY");
    assertThat(mismatch.get("column").asText()).isEqualTo("COUNTRY");
    assertThat(mismatch.get("columnType").asText()).isEqualTo("INTEGER");
    assertThat(mismatch.get("referencedColumn").asText()).isEqualTo("CODE");
    assertThat(mismatch.get("referencedType").asText()).isEqualTo("CHARACTER");
  }

  @Test
  void jsonWithoutAReportSaysSoWithEmptyLists() throws Exception {
    JsonNode report = MAPPER.readTree(CatalogExporter.toJson(catalog, ExportMetadata.of(catalog))).get("report");
    assertThat(report.get("available").booleanValue()).isFalse();
    for (String list : List.of("excludedTables", "droppedForeignKeys", "danglingForeignKeys", "inferredForeignKeys",
        "tablesWithoutPrimaryKey", "foreignKeyTypeMismatches")) {
      assertThat(report.get(list).isArray()).as(list).isTrue();
      assertThat(report.get(list)).as(list).isEmpty();
    }
    // a catalog alone shows everything but what the read filtered out
    IntrospectionReport checked = IntrospectionReport.check(catalog);
    assertThat(checked.excludedTables()).isEmpty();
    assertThat(checked.droppedForeignKeys()).isEmpty();
    assertThat(checked.danglingForeignKeys()).isEqualTo(introspection.report().danglingForeignKeys());
    assertThat(checked.inferredForeignKeys()).isEqualTo(introspection.report().inferredForeignKeys());
    assertThat(checked.tablesWithoutPrimaryKey()).isEqualTo(introspection.report().tablesWithoutPrimaryKey());
    assertThat(checked.foreignKeyTypeMismatches()).isEqualTo(introspection.report().foreignKeyTypeMismatches());
  }

  @Test
  void jsonWritesEveryColumnAndKeyFact() throws Exception {
    Catalog rich = richCatalog();
    JsonNode root = MAPPER.readTree(CatalogExporter.toJson(rich, ExportMetadata.of(rich, Duration.ofMillis(7))));

    assertThat(root.get("schemas").toString()).isEqualTo("[\"shop\",\"staging\"]");
    assertThat(root.at("/counts/schemas").intValue()).isEqualTo(2);
    assertThat(root.at("/counts/materializedViews").intValue()).isEqualTo(1);
    assertThat(root.at("/counts/uniqueKeys").intValue()).isEqualTo(1);
    assertThat(root.at("/counts/indexes").intValue()).isEqualTo(3);
    assertThat(root.get("introspectionMs").longValue()).isEqualTo(7);

    JsonNode sales = table(root.get("tables"), "prod_sales");
    assertThat(sales.get("kind").asText()).isEqualTo("materialized_view");
    assertThat(sales.get("readableName").asText()).isEqualTo("product sales");
    assertThat(sales.at("/columns/1/readableName").asText()).isEqualTo("quantity sold");
    assertThat(sales.at("/foreignKeys/0/inferred").booleanValue()).isTrue();
    assertThat(sales.at("/foreignKeys/0/confidence").doubleValue()).isEqualTo(0.75);

    JsonNode products = table(root.get("tables"), "products");
    assertThat(products.get("rowEstimate").longValue()).isEqualTo(1200);
    JsonNode id = products.at("/columns/0");
    assertThat(id.get("size").intValue()).isEqualTo(19);
    assertThat(id.get("scale").intValue()).isZero();
    assertThat(id.get("generation").asText()).isEqualTo("identity");
    assertThat(id.get("default").asText()).isEmpty();
    JsonNode sku = products.at("/columns/1");
    assertThat(sku.get("size").intValue()).isEqualTo(12);
    assertThat(sku.get("scale").intValue()).isEqualTo(-1);
    JsonNode price = products.at("/columns/2");
    assertThat(price.get("size").intValue()).isEqualTo(10);
    assertThat(price.get("scale").intValue()).isEqualTo(2);
    assertThat(price.get("default").asText()).isEqualTo("0");
    assertThat(price.get("generation").asText()).isEqualTo("none");
    JsonNode tax = products.at("/columns/3");
    assertThat(tax.get("generation").asText()).isEqualTo("computed");
    assertThat(tax.get("default").asText()).isEqualTo("(price * 1.2)");
    JsonNode status = products.at("/columns/4");
    assertThat(status.get("sampleValues").toString()).isEqualTo("[\"active\",\"retired\"]");
    assertThat(status.get("default").asText()).isEqualTo("'active'::text");
    assertThat(status.get("size").intValue()).isEqualTo(-1);

    assertThat(products.get("uniqueKeys")).hasSize(1);
    assertThat(fieldNames(products.at("/uniqueKeys/0"))).containsExactly("name", "columns");
    assertThat(products.at("/uniqueKeys/0/name").asText()).isEqualTo("products_sku_key");
    assertThat(products.at("/uniqueKeys/0/columns").toString()).isEqualTo("[\"sku\"]");
    assertThat(products.get("indexes")).hasSize(3);
    assertThat(fieldNames(products.at("/indexes/2"))).containsExactly("name", "columns", "unique");
    assertThat(products.at("/indexes/0/unique").booleanValue()).isTrue();
    assertThat(products.at("/indexes/2/name").asText()).isEqualTo("idx_products_status");
    assertThat(products.at("/indexes/2/columns").toString()).isEqualTo("[\"lower(status)\",\"price\"]");
    assertThat(products.at("/indexes/2/unique").booleanValue()).isFalse();
  }

  @Test
  void jsonIsDeterministicAndWriterMatchesString() throws Exception {
    String a = CatalogExporter.toJson(catalog, metadata);
    StringWriter w = new StringWriter();
    CatalogExporter.writeJson(catalog, metadata, w);
    assertThat(w.toString()).isEqualTo(a);
    assertThat(a).endsWith("}\n").doesNotContain("\r").contains("\"format\": \"dbqa-catalog/1\"");

    // a second, independent read of the same database exports to the same bytes (time left out)
    Introspection again = DialectSchemaSource.builder(ds).addSchema("PUBLIC").build().introspect();
    assertThat(again.catalog()).isNotSameAs(catalog);
    assertThat(CatalogExporter.toJson(again.catalog(), ExportMetadata.of(again.catalog()).withReport(again.report())))
        .isEqualTo(CatalogExporter.toJson(catalog, ExportMetadata.of(catalog).withReport(introspection.report())));
    assertThat(CatalogExporter.toMarkdown(richCatalog(), ExportMetadata.of(richCatalog())))
        .isEqualTo(CatalogExporter.toMarkdown(richCatalog(), ExportMetadata.of(richCatalog())));
  }

  @Test
  void markdownListsEveryTableAndColumn() {
    String md = CatalogExporter.toMarkdown(catalog, metadata);
    assertThat(md).startsWith("# Database catalog\n");
    assertThat(md)
        .contains("| Database | H2 " + catalog.productVersion())
        .contains("| Dialect | H2 |")
        .contains("| Schemas | PUBLIC (1) |")
        .contains("| Tables | 5 |")
        .contains("| Views | 1 |")
        .contains("| Columns | " + catalog.columnCount() + " |")
        .contains("| Foreign keys | 6 (1 inferred) |")
        .contains(catalog.fingerprint())
        .contains("dbqa-catalog/1");
    for (Table t : catalog.tables()) {
      assertThat(md).contains("## " + t.name());
      for (Column c : t.columns()) {
        assertThat(md).contains("| " + c.name());
      }
    }
    assertThat(md).contains("## PUBLIC.BIG_ORDERS (view)");
    assertThat(md).contains("\n\nPeople who buy | or browse\n\n");
    assertThat(md).contains("| TOTAL | DECIMAL(10,2) | yes |  |  | Sum \\| incl. tax |");
    assertThat(md).contains("| NAME | CHARACTER VARYING(100) | no |  |  | Full name, as typed |");
    assertThat(md).contains("| COUNTRY_CODE | CHARACTER(2) | yes | FK → PUBLIC.COUNTRIES.CODE |");
    assertThat(md).contains("| ORDER_NO (order number) | INTEGER | no | PK(2) |");
    assertThat(md).contains("- `FK_NOTE_ORDER`: (CUSTOMER_ID, ORDER_NO) → PUBLIC.ORDERS (CUSTOMER_ID, ORDER_NO)\n");
    // readable names where they say more than the identifier
    assertThat(md).contains("## PUBLIC.CUST_REVIEWS\n\nReadable name: customer reviews\n");
    assertThat(md).doesNotContain("Readable name: customers\n");
    assertThat(md).contains("| REVIEW_DT (review date) | DATE |");
    // inferred keys are marked with their confidence
    assertThat(md).contains("| CUST_ID (customer id) | INTEGER | yes | FK → PUBLIC.CUSTOMERS.ID (inferred, 0.8) |");
    assertThat(md).contains("- `inferred:CUST_ID`: (CUST_ID) → PUBLIC.CUSTOMERS (ID) — inferred, confidence 0.8\n");
  }

  @Test
  void markdownEndsWithTheReport() {
    String md = CatalogExporter.toMarkdown(catalog, metadata);
    String report = md.substring(md.indexOf("\n## Report\n"));
    assertThat(report)
        .contains("Excluded tables (1):\n\n- PUBLIC.CUSTOMERS_OLD: deprecated name (*_old)\n")
        .contains("Foreign keys dropped (their table was excluded) (1):\n\n"
            + "- PUBLIC.CUST_REVIEWS (OLD_CUSTOMER) → PUBLIC.CUSTOMERS_OLD (ID)\n")
        .contains("Dangling foreign keys (their table is not in the catalog) (1):\n\n"
            + "- PUBLIC.CUST_REVIEWS (ARCHIVED_CUSTOMER) → ARCHIVE.CUSTOMER (CUSTOMER_ID)\n")
        .contains("Inferred foreign keys (1):\n\n- PUBLIC.CUST_REVIEWS (CUST_ID) → PUBLIC.CUSTOMERS (ID), confidence 0.8\n")
        .contains("Tables without a primary key (1):\n\n- PUBLIC.ORDER_NOTES\n")
        .contains("Foreign keys whose column types differ (1):\n\n"
            + "- PUBLIC.ORDER_NOTES.COUNTRY (INTEGER) → PUBLIC.COUNTRIES.CODE (CHARACTER) in `FK_NOTE_COUNTRY`\n");
    assertThat(CatalogExporter.toMarkdown(catalog, ExportMetadata.of(catalog))).doesNotContain("## Report");
  }

  @Test
  void markdownShowsSizesDefaultsGenerationUniqueKeysAndIndexes() {
    Catalog rich = richCatalog();
    String md = CatalogExporter.toMarkdown(rich, ExportMetadata.of(rich));
    assertThat(md)
        .contains("| Schemas | shop, staging (2) |")
        .contains("| Materialized views | 1 |")
        .contains("| Unique keys | 1 |")
        .contains("| Indexes | 3 |")
        .contains("## shop.prod_sales (materialized view)\n\nReadable name: product sales\n")
        .contains("| qty_sold (quantity sold) | int8 | yes |  |  |  |")
        .contains("| prod_id (product id) | int8 | yes | FK → shop.products.id (inferred, 0.75) |")
        .contains("About 1200 rows.")
        .contains("| id | int8 | no | PK | identity |  |")
        .contains("| sku | varchar(12) | no |  |  |  |")
        .contains("| price | numeric(10,2) | no |  | `0` |  |")
        .contains("| price_with_tax | numeric(12,2) | yes |  | computed: `(price * 1.2)` |  |")
        .contains("| status | text | no |  | `'active'::text` |  |")
        .contains("Unique keys:\n\n- `products_sku_key`: (sku)\n")
        .contains("Indexes:\n\n- `products_pkey`: (id) unique\n- `products_sku_key`: (sku) unique\n"
            + "- `idx_products_status`: (lower(status), price)\n");
  }

  @Test
  void metadataRejectsBadCountsNamingEach() {
    assertThatThrownBy(() -> new ExportMetadata("dbqa-catalog/1", "", "", Dialect.H2, 0, -1, 0, 0, -2, 1, 2, 0,
        -3, 0, "x", Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tables")
        .hasMessageContaining("columns")
        .hasMessageContaining("indexes")
        .hasMessageContaining("inferredForeignKeys must not exceed foreignKeys");
    assertThatThrownBy(() -> new ExportMetadata("dbqa-catalog/1", "", "", Dialect.H2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        "x", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("report");
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
