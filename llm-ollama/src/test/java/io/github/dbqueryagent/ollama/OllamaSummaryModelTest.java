package io.github.dbqueryagent.ollama;

import static io.github.dbqueryagent.ollama.ScriptedOllamaServer.error;
import static io.github.dbqueryagent.ollama.ScriptedOllamaServer.reply;
import static io.github.dbqueryagent.ollama.ScriptedOllamaServer.sequence;
import static io.github.dbqueryagent.ollama.ScriptedOllamaServer.whole;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.dbqueryagent.ConfigurationException;
import io.github.dbqueryagent.ModelException;
import io.github.dbqueryagent.Stage;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.Summarizer;
import io.github.dbqueryagent.spi.TableName;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OllamaSummaryModelTest {
  private final ScriptedOllamaServer server = ScriptedOllamaServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  private OllamaSummaryModel.Builder model() {
    return OllamaSummaryModel.builder().baseUrl(server.baseUrl()).timeout(Duration.ofSeconds(10))
        .retryBackoff(Duration.ofMillis(1));
  }

  @Test
  void requestIsOneNonStreamingChatWithSystemInstructionPromptAndOptions() throws Exception {
    server.onChat(whole("One row is a customer.", 50, 8));
    OllamaSummaryModel model = model().model("qwen2.5:3b").numPredict(80).keepAlive(Duration.ofSeconds(-1)).build();

    String summary = model.complete("Describe the database table below...\n\nTable: public.customer (table)");

    assertThat(summary).isEqualTo("One row is a customer.");
    ScriptedOllamaServer.Recorded request = server.takeRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/api/chat");
    assertThat(request.header("Accept")).isEqualTo("application/json");
    JsonNode body = request.json();
    assertThat(body.get("model").asText()).isEqualTo("qwen2.5:3b");
    assertThat(body.get("stream").isBoolean()).isTrue();
    assertThat(body.get("stream").asBoolean()).isFalse();
    assertThat(body.at("/options/temperature").asInt(-1)).isZero();
    assertThat(body.at("/options/num_predict").asInt()).isEqualTo(80);
    assertThat(body.get("keep_alive").asText()).isEqualTo("-1s");
    JsonNode messages = body.get("messages");
    assertThat(messages).hasSize(2);
    assertThat(messages.get(0).get("role").asText()).isEqualTo("system");
    assertThat(messages.get(0).get("content").asText()).isEqualTo(OllamaSummaryModel.SYSTEM_INSTRUCTION);
    assertThat(messages.get(1).get("role").asText()).isEqualTo("user");
    assertThat(messages.get(1).get("content").asText()).endsWith("Table: public.customer (table)");
  }

  @Test
  void defaultsAreLlamaAndAHundredTwentyTokens() throws Exception {
    server.onChat(whole("x", 1, 1));
    OllamaSummaryModel model = model().build();

    model.complete("p");

    JsonNode body = server.takeRequest().json();
    assertThat(body.get("model").asText()).isEqualTo("llama3.1");
    assertThat(body.at("/options/num_predict").asInt()).isEqualTo(120);
    assertThat(body.has("keep_alive")).isFalse();
    assertThat(model.name()).isEqualTo("ollama:llama3.1");
  }

  @Test
  void thinkSectionsAndSurroundingSpaceAreDropped() {
    server.onChat(whole("<think>\nThe table holds invoices...\n</think>\n\n One row is an invoice. ", 1, 1));

    assertThat(model().build().complete("p")).isEqualTo("One row is an invoice.");
  }

  @Test
  void modelNotPulledSaysHowToPullIt() {
    server.onChat(error(404, "model \"llama3.1\" not found, try pulling it first"));

    ModelException e = catchThrowableOfType(ModelException.class, () -> model().build().complete("p"));

    assertThat(e.stage()).isEqualTo(Stage.SUMMARIZE);
    assertThat(e.retriable()).isFalse();
    assertThat(e.getMessage()).contains("run `ollama pull llama3.1`");
  }

  @Test
  void serverErrorIsRetriedAndBadRequestIsNot() {
    server.onChat(sequence(error(503, "server overloaded"), whole("ok.", 1, 1)));
    assertThat(model().build().complete("p")).isEqualTo("ok.");
    assertThat(server.requestCount()).isEqualTo(2);

    try (ScriptedOllamaServer other = ScriptedOllamaServer.start()) {
      other.onChat(error(400, "invalid options"));
      ModelException e = catchThrowableOfType(ModelException.class,
          () -> model().baseUrl(other.baseUrl()).build().complete("p"));
      assertThat(other.requestCount()).isEqualTo(1);
      assertThat(e.retriable()).isFalse();
    }
  }

  @Test
  void replyWithoutMessageContentIsAModelException() {
    server.onChat(reply(200, "application/json", "{\"model\":\"llama3.1\",\"done\":true}"));

    assertThatThrownBy(() -> model().build().complete("p")).isInstanceOf(ModelException.class)
        .hasMessageContaining("message.content");
  }

  @Test
  void environmentPrefersTheSummaryModelVariable() {
    assertThat(OllamaSummaryModel.fromEnvironment(
        Map.of("DBQA_OLLAMA_SUMMARY_MODEL", "qwen2.5:3b", "DBQA_OLLAMA_MODEL", "llama3.1:70b")::get).model())
        .isEqualTo("qwen2.5:3b");
    assertThat(OllamaSummaryModel.fromEnvironment(Map.of("DBQA_OLLAMA_MODEL", "llama3.1:70b")::get).model())
        .isEqualTo("llama3.1:70b");
    assertThatThrownBy(() -> OllamaSummaryModel.builder().numPredict(0).maxRetries(-1).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("numPredict").hasMessageContaining("maxRetries");
  }

  // --- with the summarizer ----------------------------------------------------------------------------

  @Test
  void languageModelSummarizerGetsOneDescriptionPerTableFromOllama() {
    server.onChat(exchange -> {
      String prompt = ScriptedOllamaServer.requestJson(exchange).at("/messages/1/content").asText();
      String sentence = prompt.contains("Table: public.customer") ? "One row is a customer who buys tracks."
          : prompt.contains("Table: public.invoice") ? "One row is an invoice of a customer, with its total."
          : "unexpected prompt";
      whole(sentence, 200, 12).respond(exchange);
    });
    OllamaSummaryModel model = model().build();
    Summarizer summarizer = Summarizer.languageModel(model);

    Map<TableName, String> summaries = summarizer.summarize(Requests.catalog(Dialect.POSTGRESQL));

    assertThat(summarizer.name()).isEqualTo("language-model:ollama:llama3.1");
    assertThat(summaries).containsOnly(
        Map.entry(Requests.CUSTOMER, "One row is a customer who buys tracks."),
        Map.entry(Requests.INVOICE, "One row is an invoice of a customer, with its total."));
    assertThat(server.requestCount()).isEqualTo(2);
  }
}
