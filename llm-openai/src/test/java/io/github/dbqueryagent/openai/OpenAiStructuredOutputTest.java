package io.github.dbqueryagent.openai;

import static io.github.dbqueryagent.openai.Fixtures.JSON;
import static io.github.dbqueryagent.openai.Fixtures.completion;
import static io.github.dbqueryagent.openai.Fixtures.error;
import static io.github.dbqueryagent.openai.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.dbqueryagent.ConfigurationException;
import io.github.dbqueryagent.ModelException;
import io.github.dbqueryagent.Stage;
import io.github.dbqueryagent.TokenUsage;
import io.github.dbqueryagent.spi.GeneratedSql;
import io.github.dbqueryagent.spi.LanguageModelPrompts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Structured output ({@code response_format: json_schema}) against a scripted OpenAI server. */
class OpenAiStructuredOutputTest {
  private static final String KEY = "sk-test-structured-0123456789";
  private static final String JSON_REPLY = "{\"sql\": \"SELECT Country, COUNT(*) AS n FROM Customer GROUP BY Country;\","
      + " \"explanation\": \"Counts customers per country.\", \"confidence\": 0.93, \"needs_clarification\": false,"
      + " \"clarification_question\": \"\", \"tables_used\": [\"Customer\"]}";

  @StartStop public final MockWebServer server = new MockWebServer();

  private final List<OpenAiSqlGenerator> generators = new ArrayList<>();

  @AfterEach
  void closeGenerators() {
    generators.forEach(OpenAiSqlGenerator::close);
  }

  private OpenAiSqlGenerator.Builder builder() {
    return OpenAiSqlGenerator.builder().apiKey(KEY).baseUrl(server.url("/v1").toString()).maxRetries(0);
  }

  private OpenAiSqlGenerator generator(OpenAiSqlGenerator.Builder builder) {
    OpenAiSqlGenerator g = builder.build();
    generators.add(g);
    return g;
  }

  private void reply(int code, String body) {
    server.enqueue(new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build());
  }

  private JsonNode nextBody() throws Exception {
    RecordedRequest recorded = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(recorded).isNotNull();
    return JSON.readTree(recorded.getBody().utf8());
  }

  private static String system(JsonNode body) {
    return body.path("messages").get(0).path("content").asText();
  }

  @Test
  void byDefaultTheRequestCarriesTheStrictJsonSchema() throws Exception {
    reply(200, completion(JSON_REPLY));
    OpenAiSqlGenerator generator = generator(builder());

    generator.generate(request("How many customers per country?"));

    JsonNode body = nextBody();
    JsonNode format = body.path("response_format");
    assertThat(generator.structuredOutput()).isTrue();
    assertThat(format.path("type").asText()).isEqualTo("json_schema");
    assertThat(format.path("json_schema").path("name").asText()).isEqualTo(LanguageModelPrompts.REPLY_SCHEMA_NAME);
    assertThat(format.path("json_schema").path("strict").asBoolean()).isTrue();
    assertThat(format.path("json_schema").path("schema")).isEqualTo(JSON.readTree(LanguageModelPrompts.replySchemaJson()));
    assertThat(system(body)).contains("one JSON object").doesNotContain("```sql");
  }

  @Test
  void turnedOffTheRequestIsPlainText() throws Exception {
    reply(200, completion("```sql\nSELECT 1\n```"));
    reply(200, completion("```sql\nSELECT 2\n```"));
    OpenAiSqlGenerator off = generator(builder().structuredOutput(false));
    OpenAiSqlGenerator fromEnv = generator(
        builder().fromEnvironment(Map.of(OpenAiSqlGenerator.ENV_STRUCTURED_OUTPUT, " FALSE ")));

    assertThat(off.generate(request("q?")).sql()).isEqualTo("SELECT 1");
    assertThat(fromEnv.generate(request("q?")).sql()).isEqualTo("SELECT 2");

    for (int i = 0; i < 2; i++) {
      JsonNode body = nextBody();
      assertThat(body.has("response_format")).isFalse();
      assertThat(system(body)).contains("```sql").contains("CLARIFY:");
    }
    assertThat(off.structuredOutput()).isFalse();
    assertThat(off.toBuilder().build().structuredOutput()).isFalse();
    assertThat(off.toString()).contains("structuredOutput=false");
  }

  @Test
  void aBadEnvironmentValueIsAConfigurationError() {
    assertThatThrownBy(() -> builder().fromEnvironment(Map.of(OpenAiSqlGenerator.ENV_STRUCTURED_OUTPUT, "nope")).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(OpenAiSqlGenerator.ENV_STRUCTURED_OUTPUT).hasMessageContaining("'nope'");
  }

  @Test
  void aJsonReplyBecomesSqlWithTheModelsExplanationAndConfidence() {
    reply(200, completion(JSON_REPLY, "stop", 300, 40));

    GeneratedSql sql = generator(builder()).generate(request("How many customers per country?"));

    assertThat(sql.sql()).isEqualTo("SELECT Country, COUNT(*) AS n FROM Customer GROUP BY Country");
    assertThat(sql.explanation()).isEqualTo("Counts customers per country.");
    assertThat(sql.confidence()).isEqualTo(0.93);
    assertThat(sql.clarification()).isEmpty();
    assertThat(sql.tokens()).isEqualTo(new TokenUsage(Fixtures.SCHEMA_TOKENS, 300, 40));
  }

  @Test
  void confidenceIsClampedOrFallsBackToTheFormatRule() {
    reply(200, completion("{\"sql\": \"SELECT 1\", \"confidence\": 3.5}"));
    reply(200, completion("{\"sql\": \"SELECT 1\"}"));
    OpenAiSqlGenerator generator = generator(builder());

    assertThat(generator.generate(request("q?")).confidence()).isEqualTo(1.0);
    assertThat(generator.generate(request("q?")).confidence()).isEqualTo(OpenAiSqlGenerator.FENCED_CONFIDENCE);
  }

  @Test
  void aJsonClarificationBecomesAClarification() {
    reply(200, completion("{\"sql\": \"\", \"explanation\": \"Ambiguous.\", \"confidence\": 0.1, "
        + "\"needs_clarification\": true, \"clarification_question\": \"Invoices or invoice lines?\", \"tables_used\": []}"));

    GeneratedSql sql = generator(builder()).generate(request("Show the big ones"));

    assertThat(sql.clarification()).contains("Invoices or invoice lines?");
    assertThat(sql.sql()).isEmpty();
    assertThat(sql.confidence()).isZero();
  }

  @Test
  void aFencedJsonReplyIsStillRead() {
    reply(200, completion("Here you go:\n```json\n" + JSON_REPLY + "\n```"));

    GeneratedSql sql = generator(builder()).generate(request("q?"));

    assertThat(sql.sql()).startsWith("SELECT Country");
    assertThat(sql.confidence()).isEqualTo(0.93);
  }

  @Test
  void malformedJsonIsAnUnusableReplyThatIsNotRetriable() {
    reply(200, completion("{\"sql\": \"SELECT 1\", \"explanation\": }"));

    ModelException e = catchThrowableOfType(ModelException.class, () -> generator(builder()).generate(request("q?")));

    assertThat(e.retriable()).isFalse();
    assertThat(e.statusCode()).isZero();
    assertThat(e.stage()).isEqualTo(Stage.GENERATE);
    assertThat(e.getMessage()).startsWith("unusable model reply: ").contains("not valid JSON");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aJsonReplyCutOffAtTheTokenLimitIsUnusable() {
    reply(200, completion("{\"sql\": \"SELECT a, b FROM Cus", "length", 100, 4096));

    ModelException e = catchThrowableOfType(ModelException.class, () -> generator(builder()).generate(request("q?")));

    assertThat(e.retriable()).isFalse();
    assertThat(e.getMessage()).contains("cut off");
  }

  @Test
  void aRefusalIsRetriedOnceInTextModeAndRemembered() throws Exception {
    reply(400, error("Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.",
        "invalid_request_error", null));
    reply(200, completion("```sql\nSELECT 1\n```"));
    reply(200, completion("```sql\nSELECT 2\n```"));
    OpenAiSqlGenerator generator = generator(builder());

    GeneratedSql first = generator.generate(request("first?"));
    GeneratedSql second = generator.generate(request("second?"));

    assertThat(first.sql()).isEqualTo("SELECT 1");
    assertThat(first.confidence()).isEqualTo(OpenAiSqlGenerator.FENCED_CONFIDENCE);
    assertThat(second.sql()).isEqualTo("SELECT 2");
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(nextBody().has("response_format")).isTrue();
    JsonNode retry = nextBody();
    assertThat(retry.has("response_format")).isFalse();
    assertThat(system(retry)).contains("```sql");
    assertThat(retry.path("messages").get(1).path("content").asText()).contains("Question: first?");
    assertThat(nextBody().has("response_format")).isFalse();
  }

  @Test
  void anotherBadRequestIsNotRetriedInTextMode() {
    reply(400, error("This model's maximum context length is 8192 tokens.", "invalid_request_error",
        "context_length_exceeded"));
    reply(200, completion("```sql\nSELECT 1\n```"));
    OpenAiSqlGenerator generator = generator(builder());

    ModelException e = catchThrowableOfType(ModelException.class, () -> generator.generate(request("q?")));

    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.retriable()).isFalse();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aTextReplyToAStructuredRequestIsStillRead() {
    reply(200, completion("I count them.\n```sql\nSELECT COUNT(*) FROM Customer\n```"));

    GeneratedSql sql = generator(builder()).generate(request("q?"));

    assertThat(sql.sql()).isEqualTo("SELECT COUNT(*) FROM Customer");
    assertThat(sql.explanation()).isEqualTo("I count them.");
  }

  @Test
  void inTextModeTheLastCompleteSingleQueryBlockWins() {
    reply(200, completion("Draft:\n```sql\nSELECT Country FROM Customer\n```\nBetter:\n```sql\n"
        + "SELECT Country, COUNT(*) FROM Customer GROUP BY Country;\n```\nAnd to drop it:\n```sql\nSELECT 1; DROP TABLE x\n```"));

    GeneratedSql sql = generator(builder().structuredOutput(false)).generate(request("q?"));

    assertThat(sql.sql()).isEqualTo("SELECT Country, COUNT(*) FROM Customer GROUP BY Country");
    assertThat(sql.explanation()).isEqualTo("Draft: Better: And to drop it:");
  }
}
