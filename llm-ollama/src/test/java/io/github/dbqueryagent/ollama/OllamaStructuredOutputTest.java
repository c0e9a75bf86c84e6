package io.github.dbqueryagent.ollama;

import static io.github.dbqueryagent.ollama.ScriptedOllamaServer.error;
import static io.github.dbqueryagent.ollama.ScriptedOllamaServer.sequence;
import static io.github.dbqueryagent.ollama.ScriptedOllamaServer.streamed;
import static io.github.dbqueryagent.ollama.ScriptedOllamaServer.whole;
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
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Structured output ({@code "format": <schema>}) against a scripted Ollama server. */
class OllamaStructuredOutputTest {
  private static final String JSON_REPLY = "{\"sql\": \"SELECT country, COUNT(*) AS n FROM public.customer GROUP BY "
      + "country;\", \"explanation\": \"Counts customers per country.\", \"confidence\": 0.87, "
      + "\"needs_clarification\": false, \"clarification_question\": \"\", \"tables_used\": [\"public.customer\"]}";

  private final ScriptedOllamaServer server = ScriptedOllamaServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  private OllamaSqlGenerator.Builder builder() {
    return OllamaSqlGenerator.builder().baseUrl(server.baseUrl()).timeout(Duration.ofSeconds(10));
  }

  private static String system(JsonNode body) {
    return body.get("messages").get(0).get("content").asText();
  }

  @Test
  void byDefaultTheRequestCarriesTheSchemaAsFormat() throws Exception {
    server.onChat(streamed(10, 5, JSON_REPLY));
    OllamaSqlGenerator generator = builder().build();

    generator.generate(Requests.request("How many customers per country?"));

    JsonNode body = server.takeRequest().json();
    assertThat(generator.structuredOutput()).isTrue();
    assertThat(body.get("format")).isEqualTo(ScriptedOllamaServer.JSON.readTree(LanguageModelPrompts.replySchemaJson()));
    assertThat(system(body)).contains("one JSON object").doesNotContain("```sql");
  }

  @Test
  void turnedOffTheRequestHasNoFormat() throws Exception {
    server.onChat(streamed(10, 5, "```sql\nSELECT 1\n```"));
    OllamaSqlGenerator off = builder().structuredOutput(false).build();
    OllamaSqlGenerator fromEnv = OllamaSqlGenerator.fromEnvironment(Map.of(
        "OLLAMA_HOST", server.baseUrl(), OllamaSqlGenerator.ENV_STRUCTURED_OUTPUT, "False")::get);

    assertThat(off.generate(Requests.request("q?")).sql()).isEqualTo("SELECT 1");
    assertThat(fromEnv.generate(Requests.request("q?")).sql()).isEqualTo("SELECT 1");

    for (int i = 0; i < 2; i++) {
      JsonNode body = server.takeRequest().json();
      assertThat(body.has("format")).isFalse();
      assertThat(system(body)).contains("```sql").contains("CLARIFY:");
    }
    assertThat(fromEnv.structuredOutput()).isFalse();
    assertThat(off.toBuilder().build().structuredOutput()).isFalse();
  }

  @Test
  void aBadEnvironmentValueIsAConfigurationError() {
    assertThatThrownBy(() -> OllamaSqlGenerator.fromEnvironment(
        Map.of(OllamaSqlGenerator.ENV_STRUCTURED_OUTPUT, "maybe")::get))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(OllamaSqlGenerator.ENV_STRUCTURED_OUTPUT).hasMessageContaining("'maybe'");
  }

  @Test
  void aStreamedJsonReplyIsJoinedThenReadWithTheModelsConfidence() {
    int third = JSON_REPLY.length() / 3;
    server.onChat(streamed(200, 30, JSON_REPLY.substring(0, third), JSON_REPLY.substring(third, 2 * third),
        JSON_REPLY.substring(2 * third)));

    GeneratedSql sql = builder().build().generate(Requests.request("How many customers per country?"));

    assertThat(sql.sql()).isEqualTo("SELECT country, COUNT(*) AS n FROM public.customer GROUP BY country");
    assertThat(sql.explanation()).isEqualTo("Counts customers per country.");
    assertThat(sql.confidence()).isEqualTo(0.87);
    assertThat(sql.tokens()).isEqualTo(new TokenUsage(Requests.SCHEMA_TOKENS, 200, 30));
  }

  @Test
  void aNonStreamedJsonReplyWithoutConfidenceGetsTheDefault() {
    server.onChat(whole("{\"sql\": \"SELECT 1\", \"explanation\": \"\", \"needs_clarification\": false}", 5, 5));

    GeneratedSql sql = builder().stream(false).build().generate(Requests.request("q?"));

    assertThat(sql.sql()).isEqualTo("SELECT 1");
    assertThat(sql.confidence()).isEqualTo(OllamaSqlGenerator.CONFIDENCE);
  }

  @Test
  void aJsonClarificationBecomesAClarification() {
    server.onChat(streamed(10, 5, "{\"sql\": \"\", \"explanation\": \"\", \"confidence\": 0.2, ",
        "\"needs_clarification\": true, \"clarification_question\": \"Which year?\", \"tables_used\": []}"));

    GeneratedSql sql = builder().build().generate(Requests.request("Sales last year?"));

    assertThat(sql.clarification()).contains("Which year?");
    assertThat(sql.sql()).isEmpty();
    assertThat(sql.confidence()).isZero();
  }

  @Test
  void aFencedJsonReplyIsStillRead() {
    server.onChat(streamed(10, 5, "Sure!\n```json\n", JSON_REPLY, "\n```"));

    assertThat(builder().build().generate(Requests.request("q?")).confidence()).isEqualTo(0.87);
  }

  @Test
  void malformedJsonIsNotRetriable() {
    server.onChat(streamed(10, 5, "{\"sql\": \"SELECT 1\", ", "\"explanation\": ]"));

    ModelException e = catchThrowableOfType(ModelException.class,
        () -> builder().build().generate(Requests.request("q?")));

    assertThat(e.retriable()).isFalse();
    assertThat(e.stage()).isEqualTo(Stage.GENERATE);
    assertThat(e.getMessage()).startsWith("unusable model reply: ").contains("not valid JSON").contains("ollama:");
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void aRejectedFormatIsRetriedOnceInTextModeAndRemembered() throws Exception {
    server.onChat(sequence(error(400, "invalid format: expected \"json\" or a JSON schema"),
        streamed(10, 5, "```sql\nSELECT 1\n```")));
    OllamaSqlGenerator generator = builder().build();

    GeneratedSql first = generator.generate(Requests.request("first?"));
    GeneratedSql second = generator.generate(Requests.request("second?"));

    assertThat(first.sql()).isEqualTo("SELECT 1");
    assertThat(second.sql()).isEqualTo("SELECT 1");
    assertThat(server.requestCount()).isEqualTo(3);
    assertThat(server.takeRequest().json().has("format")).isTrue();
    JsonNode retry = server.takeRequest().json();
    assertThat(retry.has("format")).isFalse();
    assertThat(system(retry)).contains("```sql");
    assertThat(retry.get("messages").get(1).get("content").asText()).contains("Question: first?");
    JsonNode next = server.takeRequest().json();
    assertThat(next.has("format")).isFalse();
    assertThat(next.get("messages").get(1).get("content").asText()).contains("Question: second?");
  }

  @Test
  void anotherBadRequestIsNotRetried() {
    server.onChat(sequence(error(400, "invalid options"), streamed(10, 5, "SELECT 1")));

    ModelException e = catchThrowableOfType(ModelException.class,
        () -> builder().build().generate(Requests.request("q?")));

    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void inTextModeTheLastCompleteSingleQueryBlockWins() {
    server.onChat(streamed(10, 5, "Draft:\n```sql\nSELECT country FROM public.customer\n```\n",
        "Fixed:\n```sql\nSELECT DISTINCT country FROM public.customer;\n```"));

    GeneratedSql sql = builder().structuredOutput(false).build().generate(Requests.request("q?"));

    assertThat(sql.sql()).isEqualTo("SELECT DISTINCT country FROM public.customer");
    assertThat(sql.explanation()).isEqualTo("Draft: Fixed:");
  }
}
