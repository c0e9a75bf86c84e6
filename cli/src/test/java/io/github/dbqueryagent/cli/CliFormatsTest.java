package io.github.dbqueryagent.cli;

import static io.github.dbqueryagent.cli.Cli.dbqa;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The output formats of {@code dbqa sql}, which share their printers with {@code dbqa ask}. */
class CliFormatsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final List<String> FIELDS =
      List.of("question", "sql", "columns", "rows", "rowCount", "truncated", "answer", "generator", "clarification",
          "timingsMs", "tokens", "error");

  @TempDir static Path dir;
  static String sqlite;

  @BeforeAll
  static void databases() throws Exception {
    sqlite = TestDatabases.sqliteShop(dir);
  }

  @Test
  void jsonHasTheDocumentedShape() throws Exception {
    Cli.Run run =
        dbqa("sql", "--url", sqlite, "--format", "json",
            "SELECT customer_id, first_name, country, balance FROM customers ORDER BY customer_id");
    assertThat(run.code()).isZero();
    assertThat(run.err()).isEmpty();
    JsonNode o = JSON.readTree(run.out());
    assertThat(fieldNames(o)).containsExactlyElementsOf(FIELDS);
    assertThat(o.get("question").asText()).startsWith("SELECT customer_id");
    assertThat(o.get("sql").asText()).contains("FROM customers").contains("LIMIT 1001");
    assertThat(o.get("columns")).hasSize(4);
    assertThat(fieldNames(o.at("/columns/0"))).containsExactly("name", "type");
    assertThat(o.at("/columns/0/name").asText()).isEqualTo("customer_id");
    assertThat(o.at("/columns/2/name").asText()).isEqualTo("country");
    assertThat(o.get("rows")).hasSize(12);
    assertThat(o.get("rowCount").intValue()).isEqualTo(12);
    assertThat(o.get("truncated").booleanValue()).isFalse();
    assertThat(o.at("/rows/0/0").isIntegralNumber()).isTrue();
    assertThat(o.at("/rows/0/0").intValue()).isEqualTo(1);
    assertThat(o.at("/rows/0/1").asText()).isEqualTo("Luís");
    assertThat(o.at("/rows/0/2").asText()).isEqualTo("Brazil");
    assertThat(o.at("/rows/0/3").isNumber()).isTrue();
    assertThat(o.at("/rows/0/3").doubleValue()).isEqualTo(39.62);
    assertThat(o.at("/rows/11/3").isNull()).isTrue();
    assertThat(o.get("answer").asText()).isNotBlank();
    assertThat(o.get("generator").asText()).isEqualTo("sql");
    assertThat(o.get("clarification").isNull()).isTrue();
    assertThat(fieldNames(o.get("timingsMs"))).containsExactly("schema", "validate", "execute");
    o.get("timingsMs").forEach(ms -> assertThat(ms.isNumber()).isTrue());
    assertThat(fieldNames(o.get("tokens"))).containsExactly("schemaContext", "prompt", "completion");
    assertThat(o.at("/tokens/prompt").intValue()).isZero();
    assertThat(o.get("error").isNull()).isTrue();
  }

  @Test
  void jsonValuesAreTyped() throws Exception {
    Cli.Run run =
        dbqa("sql", "--format", "json",
            "SELECT CAST('2024-03-05 10:15:00' AS TIMESTAMP) AS ts, DATE '2024-03-05' AS d, TIME '10:15:30' AS t,"
                + " CAST('2024-03-05 10:15:00+02:00' AS TIMESTAMP WITH TIME ZONE) AS tz, TRUE AS flag,"
                + " X'CAFE' AS bin, CAST(1.5 AS DOUBLE) AS dbl, CAST(12.30 AS DECIMAL(10,2)) AS amount, 42 AS i,"
                + " NULL AS nothing, 'text' AS s");
    assertThat(run.code()).as(run.err()).isZero();
    JsonNode row = JSON.readTree(run.out()).at("/rows/0");
    assertThat(row.get(0).asText()).isEqualTo("2024-03-05T10:15:00");
    assertThat(row.get(1).asText()).isEqualTo("2024-03-05");
    assertThat(row.get(2).asText()).isEqualTo("10:15:30");
    assertThat(row.get(3).asText()).isEqualTo("2024-03-05T10:15:00+02:00");
    assertThat(row.get(4).isBoolean()).isTrue();
    assertThat(row.get(4).booleanValue()).isTrue();
    assertThat(row.get(5).asText()).isEqualTo("yv4="); // base64 of 0xCAFE
    assertThat(row.get(6).isNumber()).isTrue();
    assertThat(row.get(6).doubleValue()).isEqualTo(1.5);
    assertThat(row.get(7).isNumber()).isTrue();
    assertThat(row.get(7).decimalValue()).isEqualByComparingTo(new BigDecimal("12.30"));
    assertThat(row.get(8).isIntegralNumber()).isTrue();
    assertThat(row.get(9).isNull()).isTrue();
    assertThat(row.get(10).asText()).isEqualTo("text");
  }

  @Test
  void jsonOfAFailureCarriesTheErrorAndEmptyResult() throws Exception {
    Cli.Run run = dbqa("sql", "--url", sqlite, "--format", "json", "SELECT * FROM no_such_table");
    assertThat(run.code()).isEqualTo(3);
    JsonNode o = JSON.readTree(run.out());
    assertThat(fieldNames(o)).containsExactlyElementsOf(FIELDS);
    assertThat(o.get("sql").asText()).isEqualTo("SELECT * FROM no_such_table");
    assertThat(o.get("columns")).isEmpty();
    assertThat(o.get("rows")).isEmpty();
    assertThat(o.get("rowCount").intValue()).isZero();
    assertThat(o.get("answer").isNull()).isTrue();
    assertThat(o.at("/error/type").asText()).isEqualTo("sql-rejected");
    assertThat(o.at("/error/message").asText())
        .contains("[unknown-table] table 'no_such_table' is not in the database catalog");
    assertThat(run.err().strip()).startsWith("dbqa: ").doesNotContain("\n");
  }

  @Test
  void truncatedAtMaxRows() throws Exception {
    Cli.Run run = dbqa("sql", "--url", sqlite, "--format", "json", "--max-rows", "3", "SELECT * FROM customers");
    assertThat(run.code()).isZero();
    JsonNode o = JSON.readTree(run.out());
    assertThat(o.get("rowCount").intValue()).isEqualTo(3);
    assertThat(o.get("rows")).hasSize(3);
    assertThat(o.get("truncated").booleanValue()).isTrue();
  }

  @Test
  void csvQuotesPerRfc4180() {
    Cli.Run run =
        dbqa("sql", "--url", sqlite, "--format", "csv",
            "SELECT note_id, body, attachment FROM notes ORDER BY note_id");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .isEqualTo(
            "note_id,body,attachment\r\n"
                + "1,plain,\r\n"
                + "2,\"with, comma\",yv4=\r\n"
                + "3,\"say \"\"hi\"\"\",\r\n"
                + "4,\"two\nlines\",\r\n"
                + "5,,\r\n");
  }

  @Test
  void tableAlignsColumnsThenShowsSqlAndAnswer() {
    Cli.Run run =
        dbqa("sql", "--url", sqlite,
            "SELECT customer_id, first_name FROM customers WHERE customer_id IN (1, 10) ORDER BY customer_id");
    assertThat(run.code()).isZero();
    assertThat(run.out())
        .isEqualTo(
            " customer_id | first_name\n"
                + "-------------+------------\n"
                + "           1 | Luís\n"
                + "          10 | Hannah\n"
                + "(2 rows)\n"
                + "\n"
                + "SQL: SELECT customer_id, first_name FROM customers WHERE customer_id IN (1, 10) ORDER BY"
                + " customer_id LIMIT 1001\n"
                + "Answer: The query returned 2 rows.\n");
  }

  @Test
  void optionsMayComeBeforeTheCommand() throws Exception {
    Cli.Run run = dbqa("--url", sqlite, "--format", "jsonl", "sql", "SELECT COUNT(*) AS n FROM customers");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out().lines()).hasSize(1);
    assertThat(JSON.readTree(run.out()).at("/rows/0/0").intValue()).isEqualTo(12);
  }

  @Test
  void helpAndVersionExitZero() {
    Cli.Run help = dbqa("--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("ask").contains("sql").contains("schema").contains("Exit codes");
    Cli.Run askHelp = dbqa("ask", "--help");
    assertThat(askHelp.code()).isZero();
    assertThat(askHelp.out()).contains("--password-env").contains("--batch").contains("--llm");
    assertThat(dbqa("--version").code()).isZero();
  }

  static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
