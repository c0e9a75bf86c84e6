package io.github.dbqueryagent.cli;

import static io.github.dbqueryagent.cli.Cli.dbqa;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.SchemaSource;
import io.github.dbqueryagent.spi.Table;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dbqa schema}. */
class CliSchemaTest {
  static final ObjectMapper JSON = new ObjectMapper();

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
    assertThat(dbqa("schema").out()).startsWith("# Database catalog"); // Markdown is the default
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
  }
}
