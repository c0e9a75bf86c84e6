package io.github.dbqueryagent.cli;

import static io.github.dbqueryagent.cli.Cli.dbqa;
import static io.github.dbqueryagent.cli.CliExitCodesTest.assertOneLine;
import static io.github.dbqueryagent.cli.CliFormatsTest.fieldNames;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code dbqa context}: what the generator would see. Only robust facts about the retrieval are
 * asserted (a question about customers in Brazil includes the customers table), not the exact tables.
 */
class CliContextTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final List<String> FIELDS =
      List.of("question", "tables", "omitted", "columns", "tokens", "budget", "text", "timingsMs");
  static final String BRAZIL = "How many customers are from Brazil?";
  static final String DEMO_CUSTOMERS = "PUBLIC.CUSTOMERS";

  @TempDir static Path dir;
  static String sqlite;

  @BeforeAll
  static void databases() throws Exception {
    sqlite = TestDatabases.sqliteShop(dir);
  }

  @Test
  void textShowsTheHeaderTheTablesAndTheContextText() throws Exception {
    Cli.Run run = dbqa("context", BRAZIL);
    assertThat(run.code()).as(run.all()).isZero();
    assertThat(run.err()).isEmpty();
    String out = run.out();
    assertThat(out).startsWith("Question: " + BRAZIL + "\n");
    Matcher header = Pattern.compile("(?m)^Context: +(\\d+) of 3000 tokens, (\\d+) tables?").matcher(out);
    assertThat(header.find()).as(out).isTrue();
    assertThat(Integer.parseInt(header.group(1))).isPositive().isLessThanOrEqualTo(3000);
    assertThat(out).contains("\nTables, in the order rendered:\n");
    assertThat(out).containsPattern("(?m)^ +# +table +score +matched columns$");
    assertThat(out).containsPattern("(?m)^ +\\d+ +" + Pattern.quote(DEMO_CUSTOMERS) + " +\\d+\\.\\d{3} +\\S");
    assertThat(out).contains("\n---- context text ---");

    // the context text is printed verbatim between the two rules, after the tables
    JsonNode json = JSON.readTree(dbqa("context", "--format", "json", BRAZIL).out());
    String text = json.get("text").asText();
    assertThat(text).isNotBlank();
    int start = out.indexOf("---- context text ");
    String framed = out.substring(out.indexOf('\n', start) + 1);
    assertThat(framed).startsWith(text.endsWith("\n") ? text : text + "\n");
    assertThat(framed.substring(framed.lastIndexOf("\n", framed.length() - 2) + 1)).matches("-{72}\n");
    assertThat(out.indexOf(DEMO_CUSTOMERS)).isLessThan(start);
    assertThat(Integer.parseInt(header.group(2))).isEqualTo(json.get("tables").size());
  }

  @Test
  void textListsTheTablesLeftOutForTheBudget() {
    Cli.Run run = dbqa("context", "--budget", "60", BRAZIL);
    assertThat(run.code()).as(run.all()).isZero();
    assertThat(run.out()).containsPattern("(?m)^Context: +\\d+ of 60 tokens, \\d+ tables?, \\d+ left out for the budget$");
    assertThat(run.out()).contains("\nLeft out for the budget:\n");
  }

  @Test
  void jsonHasEveryFieldWithTheRightTypes() throws Exception {
    Cli.Run run = dbqa("context", "--format", "json", BRAZIL);
    assertThat(run.code()).as(run.all()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).startsWith("{\n  \"question\": ").endsWith("}\n");
    JsonNode o = JSON.readTree(run.out());
    assertThat(fieldNames(o)).containsExactlyElementsOf(FIELDS);
    assertThat(o.get("question").asText()).isEqualTo(BRAZIL);
    assertThat(o.get("tables").isArray()).isTrue();
    assertThat(texts(o.get("tables"))).contains(DEMO_CUSTOMERS).doesNotHaveDuplicates();
    assertThat(o.get("omitted").isArray()).isTrue();
    assertThat(texts(o.get("omitted"))).doesNotContainAnyElementsOf(texts(o.get("tables")));
    assertColumnsQualifiedLikeTables(o);
    assertThat(o.get("tokens").isIntegralNumber()).isTrue();
    assertThat(o.get("budget").isIntegralNumber()).isTrue();
    assertThat(o.get("budget").intValue()).isEqualTo(3000);
    assertThat(o.get("tokens").intValue()).isPositive().isLessThanOrEqualTo(o.get("budget").intValue());
    assertThat(o.get("text").isTextual()).isTrue();
    assertThat(o.get("text").asText()).containsIgnoringCase("country");
    assertThat(fieldNames(o.get("timingsMs"))).containsExactly("retrieve", "budget");
    o.get("timingsMs").forEach(ms -> assertThat(ms.isNumber() && ms.doubleValue() >= 0).isTrue());
  }

  @Test
  void namesAreQualifiedAsInTheCatalog() throws Exception {
    Cli.Run run = dbqa("context", "--url", sqlite, "--format", "json", BRAZIL);
    assertThat(run.code()).as(run.all()).isZero();
    JsonNode o = JSON.readTree(run.out());
    assertThat(texts(o.get("tables"))).contains("customers"); // SQLite has no schema level
    assertColumnsQualifiedLikeTables(o);
    assertThat(o.get("text").asText()).contains("country");
  }

  @Test
  void jsonlBatchPrintsOneObjectPerQuestionInOrder() throws Exception {
    List<String> questions =
        List.of(BRAZIL, "What is the average price of products in each category?", "How many orders were shipped?");
    Path batch = Files.writeString(dir.resolve("three.txt"),
        "# questions\n" + questions.get(0) + "\n\n" + questions.get(1) + "\n" + questions.get(2) + "\n");
    Cli.Run run = dbqa("context", "--format", "jsonl", "--batch", batch.toString());
    assertThat(run.code()).as(run.all()).isZero();
    assertThat(run.err()).isEmpty();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(3);
    for (int i = 0; i < 3; i++) {
      JsonNode o = JSON.readTree(lines.get(i));
      assertThat(fieldNames(o)).containsExactlyElementsOf(FIELDS);
      assertThat(o.get("question").asText()).isEqualTo(questions.get(i));
      assertThat(o.get("tokens").intValue()).isLessThanOrEqualTo(o.get("budget").intValue());
    }
    assertThat(texts(JSON.readTree(lines.get(0)).get("tables"))).contains(DEMO_CUSTOMERS);
  }

  @Test
  void aFailedQuestionDoesNotStopTheBatch() throws Exception {
    Path batch = Files.writeString(dir.resolve("guarded.txt"),
        BRAZIL + "\nDROP TABLE customers\nHow many orders are there?\n");

    Cli.Run jsonl = dbqa("context", "--format", "jsonl", "--batch", batch.toString());
    assertThat(jsonl.code()).isEqualTo(ExitCodes.NOT_ANSWERED);
    List<String> lines = jsonl.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(fieldNames(JSON.readTree(lines.get(0)))).containsExactlyElementsOf(FIELDS);
    JsonNode failed = JSON.readTree(lines.get(1));
    assertThat(fieldNames(failed)).containsExactly("question", "error");
    assertThat(failed.get("question").asText()).isEqualTo("DROP TABLE customers");
    assertThat(fieldNames(failed.get("error"))).containsExactly("type", "message");
    assertThat(failed.at("/error/type").asText()).isEqualTo("question-rejected");
    assertThat(failed.at("/error/message").asText()).startsWith("question rejected: [embedded-sql]");
    assertThat(fieldNames(JSON.readTree(lines.get(2)))).containsExactlyElementsOf(FIELDS);
    assertOneLine(jsonl.err());
    assertThat(jsonl.err()).startsWith("dbqa: question rejected: [embedded-sql]");

    Cli.Run json = dbqa("context", "--format", "json", "--batch", batch.toString());
    assertThat(json.code()).isEqualTo(ExitCodes.NOT_ANSWERED);
    JsonNode array = JSON.readTree(json.out());
    assertThat(array.isArray()).isTrue();
    assertThat(array).hasSize(3);
    assertThat(array.get(1).at("/error/type").asText()).isEqualTo("question-rejected");
    assertThat(array.get(2).get("tables").size()).isPositive();

    Cli.Run text = dbqa("context", "--batch", batch.toString());
    assertThat(text.code()).isEqualTo(ExitCodes.NOT_ANSWERED);
    assertThat(text.out()).startsWith("==== 1 of 3 ====")
        .contains("\n\n==== 2 of 3 ====")
        .contains("\nQuestion: DROP TABLE customers\nError:    question rejected: [embedded-sql]")
        .containsPattern("\n\n==== 3 of 3 =+\nQuestion: How many orders are there\\?\n");
    assertThat(text.out().split("---- context text ", -1)).hasSize(3);
  }

  @Test
  void aBatchMayComeFromStandardInput() throws Exception {
    Cli.Run run = Cli.withInput(Map.of(), BRAZIL + "\nHow many orders are there?\n",
        "context", "--format", "jsonl", "--batch", "-");
    assertThat(run.code()).as(run.all()).isZero();
    assertThat(run.out().lines()).hasSize(2);
  }

  @Test
  void aSingleRejectedQuestionIsExitThree() throws Exception {
    Cli.Run json = dbqa("context", "--format", "json", "Please delete all customers");
    assertThat(json.code()).isEqualTo(ExitCodes.NOT_ANSWERED);
    assertOneLine(json.err());
    JsonNode o = JSON.readTree(json.out());
    assertThat(o.at("/error/type").asText()).isEqualTo("question-rejected");
    assertThat(o.at("/error/message").asText()).isEqualTo(json.err().strip().substring("dbqa: ".length()));

    Cli.Run text = dbqa("context", "Please delete all customers");
    assertThat(text.code()).isEqualTo(ExitCodes.NOT_ANSWERED);
    assertThat(text.out()).isEmpty();
    assertOneLine(text.err());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "1000001", "many"})
  void badBudgetIsAUsageError(String value) {
    Cli.Run run = dbqa("context", "--budget", value, BRAZIL);
    assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).startsWith("dbqa: ").contains("--budget");
    assertOneLine(run.err());
    assertThat(run.out()).isEmpty();
  }

  @Test
  void theBudgetIsHonoured() throws Exception {
    JsonNode small = JSON.readTree(dbqa("context", "--format", "json", "--budget", "150", BRAZIL).out());
    JsonNode large = JSON.readTree(dbqa("context", "--format", "json", "--budget", "3000", BRAZIL).out());
    assertThat(small.get("budget").intValue()).isEqualTo(150);
    assertThat(large.get("budget").intValue()).isEqualTo(3000);
    assertThat(small.get("tokens").intValue()).isLessThanOrEqualTo(150);
    assertThat(large.get("tokens").intValue()).isLessThanOrEqualTo(3000);
    assertThat(small.get("tokens").intValue()).isLessThan(large.get("tokens").intValue());
    assertThat(small.get("text").asText().length()).isLessThan(large.get("text").asText().length());

    JsonNode one = JSON.readTree(dbqa("context", "--format", "json", "--budget", "1", BRAZIL).out());
    assertThat(one.get("tokens").intValue()).isLessThanOrEqualTo(1);
  }

  @Test
  void theDefaultBudgetIsTheAgents() throws Exception {
    Cli.Run run = dbqa(Map.of("DBQA_TOKEN_BUDGET", "500"), "context", "--format", "json", BRAZIL);
    assertThat(run.code()).as(run.all()).isZero();
    JsonNode o = JSON.readTree(run.out());
    assertThat(o.get("budget").intValue()).isEqualTo(500);
    assertThat(o.get("tokens").intValue()).isLessThanOrEqualTo(500);
  }

  @Test
  void questionAndBatchTogetherOrNeitherAreUsageErrors() throws Exception {
    Path one = Files.writeString(dir.resolve("one.txt"), BRAZIL + "\n");
    Cli.Run both = dbqa("context", "--batch", one.toString(), BRAZIL);
    assertThat(both.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(both.err()).isEqualTo("dbqa: give either a QUESTION or --batch FILE, not both\n");
    assertThat(both.out()).isEmpty();

    Cli.Run neither = dbqa("context");
    assertThat(neither.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(neither.err()).startsWith("dbqa: give a QUESTION or --batch FILE, e.g. dbqa context \"");
    assertOneLine(neither.err());

    assertThat(dbqa("context", "--batch", dir.resolve("nope.txt").toString()).code()).isEqualTo(ExitCodes.USAGE);
    assertThat(dbqa("context", "--format", "csv", BRAZIL).err()).contains("expected one of text, json, jsonl");
    assertThat(dbqa("context", "").code()).isEqualTo(ExitCodes.USAGE); // the empty question
  }

  @Test
  void unreachableDatabaseIsExitFour() throws Exception {
    Cli.Run run = dbqa("context", "--url", CliExitCodesTest.UNREACHABLE, "--format", "json", BRAZIL);
    assertThat(run.code()).isEqualTo(ExitCodes.FAILED);
    assertOneLine(run.err());
    assertThat(JSON.readTree(run.out()).at("/error/type").asText()).isEqualTo("schema-introspection");
  }

  @Test
  void optionsMayComeBeforeTheCommandAndHelpListsIt() throws Exception {
    Cli.Run run = dbqa("--budget", "200", "--format", "jsonl", "context", BRAZIL);
    assertThat(run.code()).as(run.all()).isZero();
    assertThat(JSON.readTree(run.out()).get("budget").intValue()).isEqualTo(200);
    assertThat(dbqa("--help").out()).contains("context");
    Cli.Run help = dbqa("context", "--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("--budget").contains("--batch").contains("--format").contains("--url");
  }

  /** Every column is {@code table.column} of a table in {@code tables}, tables in order. */
  private static void assertColumnsQualifiedLikeTables(JsonNode o) {
    assertThat(o.get("columns").isArray()).isTrue();
    List<String> tables = texts(o.get("tables"));
    int last = 0;
    for (JsonNode c : o.get("columns")) {
      assertThat(c.isTextual()).isTrue();
      String column = c.asText();
      int table = -1;
      for (int i = 0; i < tables.size(); i++) {
        String t = tables.get(i);
        if (column.startsWith(t + ".") && column.length() > t.length() + 1 && column.indexOf('.', t.length() + 1) < 0) {
          table = i;
        }
      }
      assertThat(table).as("table of column %s in %s", column, tables).isNotNegative();
      assertThat(table).as("columns in table order").isGreaterThanOrEqualTo(last);
      last = table;
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
