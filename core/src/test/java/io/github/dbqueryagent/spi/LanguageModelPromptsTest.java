package io.github.dbqueryagent.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.dbqueryagent.ModelException;
import io.github.dbqueryagent.Stage;
import io.github.dbqueryagent.TokenUsage;
import io.github.dbqueryagent.spi.LanguageModelPrompts.Messages;
import io.github.dbqueryagent.spi.LanguageModelPrompts.ParsedReply;
import io.github.dbqueryagent.spi.LanguageModelPrompts.ParsedReply.Form;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LanguageModelPromptsTest {
  private static final TableName CUSTOMER = TableName.of("Customer");
  private static final TableName INVOICE = TableName.of("Invoice");
  private static final String SCHEMA_TEXT =
      "Customer(CustomerId INTEGER PK, Name VARCHAR, Country VARCHAR)\n"
          + "Invoice(InvoiceId INTEGER PK, CustomerId INTEGER -> Customer.CustomerId, Total DECIMAL)\n";

  private static GenerationRequest request(String question) {
    return request(new Catalog("PostgreSQL", "16.4", Dialect.POSTGRESQL, List.of()), question, SCHEMA_TEXT,
        List.of(), List.of(), Optional.empty());
  }

  private static GenerationRequest request(Catalog catalog, String question, String schemaText, List<Turn> history,
      List<TableName> omitted, Optional<GenerationRequest.PreviousAttempt> previous) {
    SchemaContext context = new SchemaContext(schemaText, 42, List.of(CUSTOMER, INVOICE), omitted);
    Retrieval retrieval = new Retrieval(List.of(new Retrieval.ScoredTable(CUSTOMER, 1.0, List.of())), List.of());
    return new GenerationRequest(question, catalog, retrieval, context, Map.of(), history, ValueLookup.none(),
        previous, new Cancellation());
  }

  private static Catalog catalog(Dialect dialect) {
    Table customer = new Table(CUSTOMER, Table.Kind.TABLE, "",
        List.of(Column.of("CustomerId", "INTEGER", Types.INTEGER), Column.of("Country", "VARCHAR", Types.VARCHAR)),
        List.of("CustomerId"), List.of(), 10);
    return new Catalog("Microsoft SQL Server", "16.0", dialect, List.of(customer));
  }

  private static Turn turn(String question, String sql) {
    return new Turn(question, sql, List.of("n"), 1, "answer", "", Instant.EPOCH);
  }

  @Nested
  class Prompt {

    @Test
    void systemMessageStatesTheDialectTheDatabaseAndTheRules() {
      GenerationRequest request = request(catalog(Dialect.SQLSERVER), "q?", SCHEMA_TEXT, List.of(), List.of(),
          Optional.empty());

      String system = LanguageModelPrompts.messages(request).system();

      assertThat(system)
          .contains("Microsoft SQL Server (T-SQL) query")
          .contains("The database is Microsoft SQL Server 16.0.")
          .contains("[Order Details]")
          .contains("SELECT TOP n")
          .contains("exactly one read-only SELECT")
          .contains("only the tables and columns listed in the schema")
          .contains("```sql")
          .contains("CLARIFY: <");
    }

    @Test
    void systemMessageFollowsTheDialect() {
      String postgres = LanguageModelPrompts.messages(request("q?")).system();
      String oracle = LanguageModelPrompts.messages(
          request(catalog(Dialect.ORACLE), "q?", SCHEMA_TEXT, List.of(), List.of(), Optional.empty())).system();

      assertThat(postgres).contains("PostgreSQL syntax").contains("\"Order Details\"").contains("LIMIT n")
          .contains("ILIKE");
      assertThat(oracle).contains("Oracle Database syntax").contains("FETCH FIRST n ROWS ONLY")
          .doesNotContain("LIMIT n");
    }

    @Test
    void systemMessageLeavesOutAnUnknownProduct() {
      Catalog unknown = new Catalog("", "", Dialect.GENERIC, List.of());

      String system = LanguageModelPrompts.messages(
          request(unknown, "q?", SCHEMA_TEXT, List.of(), List.of(), Optional.empty())).system();

      assertThat(system).contains("standard SQL (SQL:2008) query").doesNotContain("The database is");
    }

    @Test
    void sampleValuesReachThePromptThroughTheSchemaContext() {
      Column country = Column.of("Country", "VARCHAR", Types.VARCHAR).withSampleValues(List.of("Brazil", "Canada"));
      Table customer = new Table(CUSTOMER, Table.Kind.TABLE, "",
          List.of(Column.of("CustomerId", "INTEGER", Types.INTEGER), country), List.of("CustomerId"), List.of(), 10);
      Catalog catalog = new Catalog("PostgreSQL", "16.4", Dialect.POSTGRESQL, List.of(customer));
      Retrieval retrieval = new Retrieval(List.of(new Retrieval.ScoredTable(CUSTOMER, 1.0, List.of())), List.of());
      SchemaContext context = TokenBudgeter.defaults().render(catalog, retrieval, Map.of(), 500);
      GenerationRequest request = new GenerationRequest("How many customers are from Brazil?", catalog, retrieval,
          context, Map.of(), List.of(), ValueLookup.none(), Optional.empty(), new Cancellation());

      Messages messages = LanguageModelPrompts.messages(request);

      assertThat(messages.user()).contains("\"Country\" VARCHAR /* e.g. 'Brazil', 'Canada' */");
      assertThat(messages.system()).contains("Values shown after e.g. are stored values of that column");
    }

    @Test
    void userMessageHoldsTheSchemaAndTheQuestionLast() {
      Messages messages = LanguageModelPrompts.messages(request("  How many customers?  "));

      assertThat(messages.user())
          .isEqualTo("Schema:\n" + SCHEMA_TEXT.strip() + "\n\nQuestion: How many customers?\n")
          .doesNotContain("previous SQL");
    }

    @Test
    void userMessageListsOmittedTablesAndClarifiedTurns() {
      Turn clarified = new Turn("show the big ones", "", List.of(), 0, "", "Big by what?", Instant.EPOCH);
      GenerationRequest request = request(catalog(Dialect.H2), "by total", SCHEMA_TEXT, List.of(clarified),
          List.of(TableName.of("sales", "InvoiceLine")), Optional.empty());

      String user = LanguageModelPrompts.messages(request).user();

      assertThat(user)
          .startsWith("Schema:\n")
          .contains("left out for space: sales.InvoiceLine")
          .contains("Q: show the big ones\n(you asked: Big by what?)")
          .endsWith("Question: by total\n");
    }

    @Test
    void userMessageSaysWhenNoTableMatched() {
      GenerationRequest request = request(catalog(Dialect.H2), "q?", "  \n", List.of(), List.of(), Optional.empty());

      assertThat(LanguageModelPrompts.messages(request).user()).startsWith("Schema:\n(no table matched the question)\n");
    }

    @Test
    void userMessageShowsTheMostRecentTurnsOldestFirstOnOneLineEach() {
      List<Turn> history = new ArrayList<>();
      for (int i = 1; i <= 7; i++) {
        history.add(turn("question\nnumber " + i + "?", "SELECT " + i + "\n  AS n"));
      }
      GenerationRequest request = request(catalog(Dialect.H2), "only those from Canada", SCHEMA_TEXT, history,
          List.of(), Optional.empty());

      String five = LanguageModelPrompts.messages(request).user();
      String two = LanguageModelPrompts.messages(request, 2).user();
      String none = LanguageModelPrompts.messages(request, 0).user();

      assertThat(five).doesNotContain("number 1?").doesNotContain("number 2?");
      for (int i = 3; i <= 7; i++) {
        assertThat(five).contains("Q: question number " + i + "?\nSQL: SELECT " + i + " AS n\n");
      }
      assertThat(five.indexOf("number 3?")).isLessThan(five.indexOf("number 7?"));
      assertThat(five.indexOf("number 7?")).isLessThan(five.indexOf("Question: only those from Canada"));
      assertThat(two).doesNotContain("number 5?").contains("number 6?").contains("number 7?");
      assertThat(none).doesNotContain("Earlier in this conversation").doesNotContain("number 7?");
    }

    @Test
    void repairMessageCarriesThePreviousSqlAndItsErrorCutToLength() {
      GenerationRequest.PreviousAttempt previous = new GenerationRequest.PreviousAttempt(
          "SELECT contry FROM customer;\n", "ERROR: column \"contry\" does not exist");
      String longError = "x".repeat(LanguageModelPrompts.MAX_ERROR_CHARS + 500);

      String user = LanguageModelPrompts.messages(
          request(catalog(Dialect.H2), "Which countries?", SCHEMA_TEXT, List.of(), List.of(), Optional.of(previous)))
          .user();
      String cut = LanguageModelPrompts.messages(request(catalog(Dialect.H2), "q?", SCHEMA_TEXT, List.of(), List.of(),
          Optional.of(new GenerationRequest.PreviousAttempt("SELECT 1", longError)))).user();

      assertThat(user)
          .contains("Your previous SQL for this question failed:\n```sql\nSELECT contry FROM customer;\n```\n")
          .contains("Error: ERROR: column \"contry\" does not exist\n")
          .contains("Fix the SQL so that it runs on H2")
          .contains("corrected query");
      assertThat(user.indexOf("Question: Which countries?")).isLessThan(user.indexOf("previous SQL"));
      assertThat(cut).contains("x".repeat(LanguageModelPrompts.MAX_ERROR_CHARS) + " ...\n")
          .doesNotContain("x".repeat(LanguageModelPrompts.MAX_ERROR_CHARS + 1));
    }

    @Test
    void argumentsAreChecked() {
      assertThatThrownBy(() -> LanguageModelPrompts.messages(request("q?"), -1))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("historyTurns");
      assertThatThrownBy(() -> LanguageModelPrompts.messages(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> LanguageModelPrompts.dialectName(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void everyDialectHasAName() {
      for (Dialect d : Dialect.values()) {
        assertThat(LanguageModelPrompts.dialectName(d)).isNotBlank();
        assertThat(LanguageModelPrompts.messages(
            request(catalog(d), "q?", SCHEMA_TEXT, List.of(), List.of(), Optional.empty())).system())
            .contains(LanguageModelPrompts.dialectName(d) + " syntax.");
      }
      assertThat(LanguageModelPrompts.dialectName(Dialect.GENERIC)).contains("standard SQL");
    }
  }

  @Nested
  class Reply {
    private ParsedReply parse(String reply) {
      return LanguageModelPrompts.parseReply(reply);
    }

    private ModelException failure(String reply, boolean truncated) {
      return catchThrowableOfType(ModelException.class, () -> LanguageModelPrompts.parseReply(reply, truncated));
    }

    @Test
    void sqlBlockWinsAndProseBecomesTheExplanation() {
      ParsedReply reply = parse("Counting customers per country:\n\n```sql\nSELECT country, COUNT(*)\nFROM customer\n"
          + "GROUP BY country;\n```\nThis groups by country.");

      assertThat(reply.form()).isEqualTo(Form.FENCED_SQL);
      assertThat(reply.isClarification()).isFalse();
      assertThat(reply.sql()).isEqualTo("SELECT country, COUNT(*)\nFROM customer\nGROUP BY country");
      assertThat(reply.clarification()).isEmpty();
      assertThat(reply.explanation()).isEqualTo("Counting customers per country: This groups by country.");
    }

    @Test
    void ofSeveralBlocksTakesTheLastCompleteSingleQueryAndStripsSemicolons() {
      ParsedReply reply = parse("First draft:\n```sql\nSELECT 1;;\n```\nFixed:\n```sql\nSELECT 2;\n```\nDone.");

      assertThat(reply.sql()).isEqualTo("SELECT 2");
      assertThat(reply.explanation()).isEqualTo("First draft: Fixed: Done.");
    }

    @Test
    void ofSeveralBlocksSkipsOnesThatAreNotOneQueryOrAreLeftOpen() {
      assertThat(parse("```sql\nSELECT a FROM t\n```\n```sql\nSELECT 1; DROP TABLE t\n```").sql())
          .isEqualTo("SELECT a FROM t");
      assertThat(parse("```sql\nSELECT a FROM t\n```\n```sql\nDELETE FROM t\n```").sql()).isEqualTo("SELECT a FROM t");
      assertThat(parse("```sql\nSELECT a FROM t\n```\n```sql\nSELECT b FROM").sql()).isEqualTo("SELECT a FROM t");
      assertThat(parse("```sql\nSELECT [a] FROM t\n```\n```sql\nSELECT TOP 5 [b] FROM [t]\n```").sql())
          .isEqualTo("SELECT TOP 5 [b] FROM [t]");
      // none parses: the first, as before
      assertThat(parse("```sql\nSELEKT 1\n```\n```sql\nSELEKT 2\n```").sql()).isEqualTo("SELEKT 1");
    }

    @Test
    void tagIsCaseInsensitiveAndDialectTagsAndQueryLikeUntaggedBlocksCount() {
      assertThat(parse("```SQL\nSELECT 1\n```").sql()).isEqualTo("SELECT 1");
      assertThat(parse("```postgresql\nSELECT 4\n```").sql()).isEqualTo("SELECT 4");
      assertThat(parse("```\nselect 2\n```").sql()).isEqualTo("select 2");
      assertThat(parse("```\nWITH t AS (SELECT 1 AS x) SELECT x FROM t\n```").form()).isEqualTo(Form.FENCED_SQL);
      assertThat(parse("```python\nprint(1)\n```\n```sql\nSELECT 3\n```").sql()).isEqualTo("SELECT 3");
    }

    @Test
    void openBlockOfACompleteReplyStillYieldsItsText() {
      ParsedReply reply = parse("```sql\nSELECT 1\nFROM t");

      assertThat(reply.sql()).isEqualTo("SELECT 1\nFROM t");
      assertThat(reply.form()).isEqualTo(Form.FENCED_SQL);
    }

    @Test
    void bareSelectOrWithIsAcceptedAsBareSql() {
      ParsedReply reply = parse("  SELECT * FROM t;;  ");

      assertThat(reply.sql()).isEqualTo("SELECT * FROM t");
      assertThat(reply.form()).isEqualTo(Form.BARE_SQL);
      assertThat(reply.explanation()).isEmpty();
      assertThat(parse("with x as (select 1) select * from x").sql()).isEqualTo("with x as (select 1) select * from x");
    }

    @Test
    void thinkingSectionsAreDropped() {
      assertThat(parse("<think>\nCLARIFY: maybe? SELECT nothing\n</think>\n```sql\nSELECT 1\n```").sql())
          .isEqualTo("SELECT 1");
      assertThat(parse("<THINK>hmm</THINK>SELECT 2").sql()).isEqualTo("SELECT 2");
    }

    @Test
    void clarifyLineBecomesAClarification() {
      ParsedReply reply = parse("CLARIFY: Which year?");

      assertThat(reply.form()).isEqualTo(Form.CLARIFICATION);
      assertThat(reply.isClarification()).isTrue();
      assertThat(reply.sql()).isEmpty();
      assertThat(reply.clarification()).contains("Which year?");
      assertThat(parse("**CLARIFY:** Which year?").clarification()).contains("Which year?");
      assertThat(parse("The question is vague.\nclarify: Which   year?").clarification()).contains("Which year?");
      assertThat(parse("The schema has no product table.\n- CLARIFY: Which table holds products?").clarification())
          .contains("Which table holds products?");
      assertThat(parse("```sql\nCLARIFY: Which year?\n```").clarification()).contains("Which year?");
    }

    @Test
    void leadingClarifyWinsOverLaterSql() {
      ParsedReply reply = parse("CLARIFY: Total or count?\n```sql\nSELECT COUNT(*) FROM invoice\n```");

      assertThat(reply.sql()).isEmpty();
      assertThat(reply.clarification()).contains("Total or count?");
    }

    @Test
    void anEmptyClarifyStillAsksSomething() {
      assertThat(parse("clarify:").clarification()).contains(LanguageModelPrompts.FALLBACK_CLARIFICATION);
      assertThat(parse("CLARIFY:   ").clarification()).contains(LanguageModelPrompts.FALLBACK_CLARIFICATION);
    }

    @Test
    void longExplanationsAreCut() {
      String prose = "word ".repeat(300);

      String explanation = parse(prose + "\n```sql\nSELECT 1\n```").explanation();

      assertThat(explanation).hasSize(LanguageModelPrompts.MAX_EXPLANATION_CHARS).endsWith("...");
    }

    @Test
    void proseIsNeitherSqlNorAClarification() {
      ModelException e = failure("Sure! Here you go: DELETE FROM t", false);

      assertThat(e.retriable()).isFalse();
      assertThat(e.statusCode()).isZero();
      assertThat(e.stage()).isEqualTo(Stage.GENERATE);
      assertThat(e.getMessage()).startsWith("unusable model reply: ")
          .contains("neither SQL")
          .contains("neither a ```sql block nor a line starting with CLARIFY:")
          .contains("reply was: \"Sure! Here you go: DELETE FROM t\"");
      assertThat(failure("Selecting customers is easy, just ask your DBA.", false).getMessage()).contains("neither");
    }

    @Test
    void theQuotedReplyIsShortAndOnOneLine() {
      ModelException e = failure("Nothing\n\nhere " + "blah ".repeat(100), false);

      String quoted = e.getMessage().substring(e.getMessage().indexOf("reply was: "));
      assertThat(quoted).doesNotContain("\n").startsWith("reply was: \"Nothing here blah").hasSizeLessThan(220);
    }

    @Test
    void emptyRepliesAndBlocksAreUnusable() {
      assertThat(failure("   ", false).getMessage()).contains("reply is empty");
      assertThat(failure("<think>only thinking</think>", false).getMessage()).contains("reply is empty");
      ModelException emptyBlock = failure("```sql\n\n```", false);
      assertThat(emptyBlock.retriable()).isFalse();
      assertThat(emptyBlock.getMessage()).contains("```sql block is empty");
    }

    @Test
    void aTruncatedReplyWhoseSqlMayBeCutShortIsUnusable() {
      ModelException openBlock = failure("```sql\nSELECT a, b, c FROM", true);
      ModelException bare = failure("SELECT a, b, c FROM", true);
      ModelException other = failure("Let me write that:\n```python\nprint(", true);

      assertThat(openBlock.retriable()).isFalse();
      assertThat(openBlock.getMessage()).contains("cut off").contains("```sql block ended");
      assertThat(bare.getMessage()).contains("cut off").contains("before the SQL ended");
      assertThat(other.getMessage()).contains("cut off");
      assertThat(failure("", true).getMessage()).contains("empty").contains("cut off");
    }

    @Test
    void aTruncatedReplyWithAClosedBlockOrAClarificationIsFine() {
      ParsedReply sql = LanguageModelPrompts.parseReply("```sql\nSELECT 1\n```\nThis selects on", true);
      ParsedReply clarify = LanguageModelPrompts.parseReply("CLARIFY: Which one", true);

      assertThat(sql.sql()).isEqualTo("SELECT 1");
      assertThat(clarify.clarification()).contains("Which one");
    }

    @Test
    void nullIsRejected() {
      assertThatThrownBy(() -> LanguageModelPrompts.parseReply(null)).isInstanceOf(NullPointerException.class);
    }
  }

  @Nested
  class JsonReply {
    private ParsedReply parse(String reply) {
      return LanguageModelPrompts.parseJsonReply(reply);
    }

    private ModelException failure(String reply, boolean truncated) {
      return catchThrowableOfType(ModelException.class, () -> LanguageModelPrompts.parseJsonReply(reply, truncated));
    }

    @Test
    void sqlWithExplanationConfidenceAndTables() {
      ParsedReply reply = parse("{\"sql\": \"SELECT COUNT(*) FROM customer;\", \"explanation\": \"Counts\\n customers.\","
          + " \"confidence\": 0.93, \"needs_clarification\": false, \"clarification_question\": \"\","
          + " \"tables_used\": [\"customer\", \" \", \"customer\", 3]}");

      assertThat(reply.form()).isEqualTo(Form.JSON);
      assertThat(reply.sql()).isEqualTo("SELECT COUNT(*) FROM customer");
      assertThat(reply.explanation()).isEqualTo("Counts customers.");
      assertThat(reply.confidence()).hasValue(0.93);
      assertThat(reply.tablesUsed()).containsExactly("customer");
      assertThat(reply.clarification()).isEmpty();
      assertThat(reply.toGeneratedSql(reply.confidence().orElse(0.5), new TokenUsage(1, 2, 3)).confidence())
          .isEqualTo(0.93);
    }

    @Test
    void confidenceIsClampedAndOptional() {
      assertThat(parse("{\"sql\": \"SELECT 1\", \"confidence\": 7}").confidence()).hasValue(1.0);
      assertThat(parse("{\"sql\": \"SELECT 1\", \"confidence\": -0.5}").confidence()).hasValue(0.0);
      assertThat(parse("{\"sql\": \"SELECT 1\", \"confidence\": \"high\"}").confidence()).isEmpty();
      assertThat(parse("{\"sql\": \"SELECT 1\"}").tablesUsed()).isEmpty();
    }

    @Test
    void needsClarificationBecomesAClarification() {
      ParsedReply reply = parse("{\"sql\": \"\", \"explanation\": \"Ambiguous.\", \"confidence\": 0.2,"
          + " \"needs_clarification\": true, \"clarification_question\": \"Which   year?\", \"tables_used\": []}");

      assertThat(reply.form()).isEqualTo(Form.CLARIFICATION);
      assertThat(reply.sql()).isEmpty();
      assertThat(reply.clarification()).contains("Which year?");
      assertThat(reply.explanation()).isEqualTo("Ambiguous.");
      assertThat(parse("{\"sql\": \"SELECT 1\", \"needs_clarification\": true}").clarification())
          .contains(LanguageModelPrompts.FALLBACK_CLARIFICATION);
      assertThat(parse("{\"sql\": \"\", \"clarification_question\": \"Which one?\"}").clarification())
          .contains("Which one?");
    }

    @Test
    void fencedOrSurroundedJsonIsStillRead() {
      assertThat(parse("```json\n{\"sql\": \"SELECT 1\"}\n```").sql()).isEqualTo("SELECT 1");
      assertThat(parse("Here it is:\n```\n{\"sql\": \"SELECT 2\"}\n```\nHope it helps").sql()).isEqualTo("SELECT 2");
      assertThat(parse("Sure: {\"sql\": \"SELECT 3\", \"explanation\": \"x\"} as asked.").sql()).isEqualTo("SELECT 3");
      assertThat(parse("<think>{maybe}</think>{\"sql\": \"```sql\\nSELECT 4;\\n```\"}").sql()).isEqualTo("SELECT 4");
    }

    @Test
    void aReplyWithoutJsonIsReadAsText() {
      ParsedReply text = parse("I count them.\n```sql\nSELECT COUNT(*) FROM t\n```");
      ParsedReply braces = parse("Uses {braces} in prose.\n```sql\nSELECT 5\n```");

      assertThat(text.form()).isEqualTo(Form.FENCED_SQL);
      assertThat(text.sql()).isEqualTo("SELECT COUNT(*) FROM t");
      assertThat(braces.sql()).isEqualTo("SELECT 5");
      assertThat(parse("CLARIFY: Which year?").clarification()).contains("Which year?");
    }

    @Test
    void malformedOrIncompleteJsonIsUnusableAndNotRetriable() {
      ModelException malformed = failure("{\"sql\": \"SELECT 1\", }", false);
      ModelException cut = failure("{\"sql\": \"SELECT a, b FR", true);
      ModelException noSql = failure("{\"explanation\": \"nothing\", \"needs_clarification\": false}", false);
      ModelException notObject = failure("```json\n{\"sql\": 1}\n```", false);
      ModelException proseOnly = failure("Sure: {\"answer\": 42}", false);

      for (ModelException e : List.of(malformed, cut, noSql, notObject, proseOnly)) {
        assertThat(e.retriable()).isFalse();
        assertThat(e.statusCode()).isZero();
        assertThat(e.stage()).isEqualTo(Stage.GENERATE);
        assertThat(e.getMessage()).startsWith("unusable model reply: ");
      }
      assertThat(malformed.getMessage()).contains("not valid JSON");
      assertThat(cut.getMessage()).contains("cut off");
      assertThat(noSql.getMessage()).contains("no \"sql\"");
      assertThat(proseOnly.getMessage()).contains("neither \"sql\"");
      assertThat(failure("[1, 2]", false).getMessage()).contains("neither SQL");
      assertThat(failure("  ", false).getMessage()).contains("empty");
      assertThatThrownBy(() -> LanguageModelPrompts.parseJsonReply(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void theSchemaRequiresEveryPropertyAndAllowsNoOther() throws Exception {
      Map<String, Object> schema = LanguageModelPrompts.replySchema();
      JsonNode json = new ObjectMapper().readTree(LanguageModelPrompts.replySchemaJson());

      assertThat(schema).containsEntry("type", "object").containsEntry("additionalProperties", false);
      assertThat(json.path("required")).hasSize(6);
      List<String> names = new ArrayList<>();
      json.path("properties").fieldNames().forEachRemaining(names::add);
      assertThat(names).containsExactly("sql", "explanation", "confidence", "needs_clarification",
          "clarification_question", "tables_used");
      assertThat(json.path("properties").path("tables_used").path("items").path("type").asText()).isEqualTo("string");
      assertThatThrownBy(() -> schema.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void structuredMessagesAskForTheJsonObject() {
      GenerationRequest.PreviousAttempt previous = new GenerationRequest.PreviousAttempt("SELECT x", "no column x");
      Messages json = LanguageModelPrompts.messages(request(catalog(Dialect.H2), "q?", SCHEMA_TEXT, List.of(),
          List.of(), Optional.of(previous)), 5, LanguageModelPrompts.ReplyFormat.JSON);
      Messages text = LanguageModelPrompts.messages(request(catalog(Dialect.H2), "q?", SCHEMA_TEXT, List.of(),
          List.of(), Optional.of(previous)), 5, LanguageModelPrompts.ReplyFormat.TEXT);

      assertThat(json.system()).contains("one JSON object and nothing else").contains("\"needs_clarification\"")
          .contains("\"tables_used\"").doesNotContain("```sql").doesNotContain("CLARIFY:");
      assertThat(json.user()).contains("in the JSON object").startsWith(text.user().substring(0, 40));
      assertThat(text.system()).contains("```sql").contains("CLARIFY:");
      assertThat(text).isEqualTo(LanguageModelPrompts.messages(request(catalog(Dialect.H2), "q?", SCHEMA_TEXT,
          List.of(), List.of(), Optional.of(previous)), 5));
    }
  }

  @Nested
  class Result {
    private final TokenUsage tokens = new TokenUsage(10, 20, 30);

    @Test
    void sqlKeepsTheGivenConfidenceAndTheExplanation() {
      GeneratedSql sql = LanguageModelPrompts.parseReply("I count them.\n```sql\nSELECT 1\n```")
          .toGeneratedSql(0.8, tokens);

      assertThat(sql.sql()).isEqualTo("SELECT 1");
      assertThat(sql.explanation()).isEqualTo("I count them.");
      assertThat(sql.confidence()).isEqualTo(0.8);
      assertThat(sql.clarification()).isEmpty();
      assertThat(sql.tokens()).isEqualTo(tokens);
    }

    @Test
    void aClarificationHasConfidenceZero() {
      GeneratedSql sql = LanguageModelPrompts.parseReply("CLARIFY: Which year?").toGeneratedSql(0.8, tokens);

      assertThat(sql.sql()).isEmpty();
      assertThat(sql.clarification()).contains("Which year?");
      assertThat(sql.confidence()).isZero();
      assertThat(sql.tokens()).isEqualTo(tokens);
    }

    @Test
    void argumentsAreChecked() {
      ParsedReply reply = LanguageModelPrompts.parseReply("SELECT 1");

      assertThatThrownBy(() -> reply.toGeneratedSql(1.5, tokens)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> reply.toGeneratedSql(0.5, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aParsedReplyMustMatchItsForm() {
      assertThatThrownBy(() -> new ParsedReply(Form.CLARIFICATION, "SELECT 1", Optional.of("q?"), ""))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> new ParsedReply(Form.CLARIFICATION, "", Optional.of(" "), ""))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> new ParsedReply(Form.FENCED_SQL, " ", Optional.empty(), ""))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> new ParsedReply(Form.BARE_SQL, "SELECT 1", Optional.of("q?"), ""))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(new ParsedReply(Form.BARE_SQL, "SELECT 1", Optional.empty(), "").sql()).isEqualTo("SELECT 1");
    }
  }
}
