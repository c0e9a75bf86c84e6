package io.github.dbqueryagent.cli;

import static io.github.dbqueryagent.cli.Cli.dbqa;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dbqa ask} with the offline rule-based generator: single questions, batches and the interactive
 * session.
 */
class CliAskTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Map<String, String> NO_MODELS = Map.of();

  @TempDir static Path dir;
  static String sqlite;

  @BeforeAll
  static void databases() throws Exception {
    sqlite = TestDatabases.sqliteShop(dir);
  }

  @Test
  void answersACountQuestion() throws Exception {
    Cli.Run run = dbqa(NO_MODELS, "--url", sqlite, "--format", "json", "How many customers are from Brazil?");
    assertThat(run.code()).as(run.all()).isZero();
    JsonNode o = JSON.readTree(run.out());
    assertThat(o.get("rows").toString()).isEqualTo("[[5]]");
    assertThat(o.get("rowCount").intValue()).isEqualTo(1);
    assertThat(o.get("sql").asText()).containsIgnoringCase("customers").contains("'Brazil'");
    assertThat(o.get("generator").asText()).isEqualTo("rule-based");
    assertThat(o.get("clarification").isNull()).isTrue();
    assertThat(o.get("error").isNull()).isTrue();
    assertThat(o.get("answer").asText()).contains("5");
    assertThat(o.at("/tokens/schemaContext").intValue()).isPositive();
    assertThat(o.get("timingsMs").has("generate")).isTrue();
    assertThat(o.get("timingsMs").has("execute")).isTrue();
  }

  @Test
  void questionWordsAreJoined() throws Exception {
    Cli.Run run = dbqa(NO_MODELS, "--url", sqlite, "--format", "jsonl", "How", "many", "customers", "are", "from",
        "Brazil?");
    assertThat(run.code()).as(run.all()).isZero();
    assertThat(JSON.readTree(run.out()).get("question").asText()).isEqualTo("How many customers are from Brazil?");
  }

  @Test
  void tableFormatShowsRowsSqlAndAnswer() {
    Cli.Run run = dbqa(NO_MODELS, "--url", sqlite, "How many customers are from Brazil?");
    assertThat(run.code()).as(run.all()).isZero();
    assertThat(run.out()).contains("(1 row)").contains("\nSQL: SELECT").contains("\nAnswer: ");
    assertThat(run.out().lines().skip(2).findFirst().orElseThrow().strip()).isEqualTo("5");
  }

  @Test
  void demoDatabaseQuestions() throws Exception {
    JsonNode brazil = ask("How many customers are from Brazil?");
    assertThat(brazil.at("/rows/0/0").intValue()).isEqualTo(demoScalar("SELECT COUNT(*) FROM customers WHERE country = 'Brazil'"));
    JsonNode averages = ask("What is the average price of products in each category?");
    assertThat(averages.get("rowCount").intValue()).isEqualTo(10);
    JsonNode top = ask("Which 5 products have the most orders?");
    assertThat(top.get("rowCount").intValue()).isEqualTo(5);
    JsonNode employees = ask("List the employees");
    assertThat(employees.get("rowCount").intValue()).isEqualTo(12);
  }

  @Test
  void jsonlBatchKeepsOrderAndReportsEachFailure() throws Exception {
    String tooLong = "How many customers " + "x".repeat(2100) + "?";
    Path batch =
        Files.writeString(dir.resolve("questions.txt"),
            "# questions for the SQLite shop\n"
                + "How many customers are from Brazil?\n"
                + "\n"
                + tooLong + "\n"
                + "   \n"
                + "How many customers are from Canada?\n");
    Cli.Run run = dbqa(NO_MODELS, "--url", sqlite, "--format", "jsonl", "--batch", batch.toString());
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(3);
    List<JsonNode> objects = new ArrayList<>();
    for (String l : lines) objects.add(JSON.readTree(l));
    assertThat(objects.get(0).get("question").asText()).isEqualTo("How many customers are from Brazil?");
    assertThat(objects.get(1).get("question").asText()).isEqualTo(tooLong);
    assertThat(objects.get(2).get("question").asText()).isEqualTo("How many customers are from Canada?");

    assertThat(objects.get(1).at("/error/type").asText()).isEqualTo("invalid-question");
    assertThat(objects.get(1).get("rows")).isEmpty();
    assertThat(objects.get(1).get("sql").isNull()).isTrue();
    assertThat(run.err().lines().filter(l -> l.startsWith("dbqa: ")).count()).isEqualTo(1);

    assertThat(objects.get(0).get("rows").toString()).isEqualTo("[[5]]");
    assertThat(objects.get(2).get("rows").toString()).isEqualTo("[[3]]");
    assertThat(run.code()).isEqualTo(2); // the worst: the too-long question
  }

  @Test
  void batchAgainstAnUnreachableDatabaseFailsEveryLine() throws Exception {
    Path batch = Files.writeString(dir.resolve("two.txt"), "How many customers?\nHow many orders?\n");
    Cli.Run run =
        dbqa(NO_MODELS, "--url", "jdbc:postgresql://127.0.0.1:1/x", "--format", "jsonl", "--batch", batch.toString());
    assertThat(run.code()).isEqualTo(4);
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(2);
    for (String l : lines) assertThat(JSON.readTree(l).at("/error/type").asText()).isEqualTo("schema-introspection");
    assertThat(run.err().lines().count()).isEqualTo(2);
  }

  @Test
  void jsonBatchIsOneArray() throws Exception {
    Path batch = Files.writeString(dir.resolve("array.txt"), "How many customers are from Brazil?\nHow many notes?\n");
    Cli.Run run = dbqa(NO_MODELS, "--url", sqlite, "--format", "json", "--batch", batch.toString());
    JsonNode array = JSON.readTree(run.out());
    assertThat(array.isArray()).isTrue();
    assertThat(array).hasSize(2);
    assertThat(array.get(1).get("question").asText()).isEqualTo("How many notes?");
  }

  @Test
  void interactiveSessionReadsUntilExit() throws Exception {
    Cli.Run run =
        Cli.withInput(NO_MODELS,
            "How many customers are from Brazil?\n\n# a comment\nHow many customers are from Germany?\nexit\n"
                + "How many customers are from Canada?\n",
            "--url", sqlite, "--format", "jsonl");
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(JSON.readTree(lines.get(0)).get("rows").toString()).isEqualTo("[[5]]");
    assertThat(JSON.readTree(lines.get(1)).get("rows").toString()).isEqualTo("[[2]]");
    assertThat(run.code()).isZero();
    assertThat(run.err()).isEmpty(); // no prompts when standard input is not a terminal
  }

  @Test
  void interactiveSessionEndsAtEndOfInputWithTheWorstCode() {
    Cli.Run run =
        Cli.withInput(NO_MODELS, "How many customers are from Brazil?\n" + "y".repeat(2500) + "\n",
            "--url", sqlite, "--format", "jsonl", "--session", "s-1");
    assertThat(run.out().lines()).hasSize(2);
    assertThat(run.code()).isEqualTo(2);
  }

  private static JsonNode ask(String question) throws Exception {
    Cli.Run run = dbqa(NO_MODELS, "--format", "json", question);
    assertThat(run.code()).as(question + ": " + run.all()).isZero();
    return JSON.readTree(run.out());
  }

  private static int demoScalar(String sql) throws Exception {
    try (var c = DemoDatabase.dataSource().getConnection();
        var s = c.createStatement();
        var rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
