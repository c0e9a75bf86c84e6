package io.github.dbqueryagent.ollama;

import static io.github.dbqueryagent.ollama.ScriptedOllamaServer.chunk;
import static io.github.dbqueryagent.ollama.ScriptedOllamaServer.done;
import static io.github.dbqueryagent.ollama.ScriptedOllamaServer.error;
import static io.github.dbqueryagent.ollama.ScriptedOllamaServer.ndjson;
import static io.github.dbqueryagent.ollama.ScriptedOllamaServer.reply;
import static io.github.dbqueryagent.ollama.ScriptedOllamaServer.streamed;
import static io.github.dbqueryagent.ollama.ScriptedOllamaServer.whole;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.dbqueryagent.ConfigurationException;
import io.github.dbqueryagent.ModelException;
import io.github.dbqueryagent.QueryCancelledException;
import io.github.dbqueryagent.Stage;
import io.github.dbqueryagent.TokenUsage;
import io.github.dbqueryagent.spi.Cancellation;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.GeneratedSql;
import io.github.dbqueryagent.spi.GenerationRequest;
import io.github.dbqueryagent.spi.Turn;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OllamaSqlGeneratorTest {
  private final ScriptedOllamaServer server = ScriptedOllamaServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  private OllamaSqlGenerator generator() {
    return OllamaSqlGenerator.builder().baseUrl(server.baseUrl()).timeout(Duration.ofSeconds(10)).build();
  }

  // --- replies ----------------------------------------------------------------------------------------

  @Test
  void streamedReplyIsJoinedAcrossChunksAndReadAsSql() {
    server.onChat(streamed(321, 17,
        "```sql\n", "SELECT country, COUNT(*) AS n\n", "FROM public.customer\n", "GROUP BY country;", "\n```"));

    GeneratedSql sql = generator().generate(Requests.request("How many customers per country?"));

    assertThat(sql.sql()).isEqualTo("SELECT country, COUNT(*) AS n\nFROM public.customer\nGROUP BY country");
    assertThat(sql.clarification()).isEmpty();
    assertThat(sql.confidence()).isEqualTo(OllamaSqlGenerator.CONFIDENCE);
    assertThat(sql.tokens()).isEqualTo(new TokenUsage(Requests.SCHEMA_TOKENS, 321, 17));
  }

  @Test
  void nonStreamingReplyIsReadWhole() throws Exception {
    server.onChat(whole("The customers are grouped by country.\n```sql\nSELECT country FROM public.customer\n```",
        120, 9));
    OllamaSqlGenerator generator = generator().toBuilder().stream(false).build();

    GeneratedSql sql = generator.generate(Requests.request("Which countries?"));

    assertThat(sql.sql()).isEqualTo("SELECT country FROM public.customer");
    assertThat(sql.explanation()).isEqualTo("The customers are grouped by country.");
    assertThat(sql.tokens()).isEqualTo(new TokenUsage(Requests.SCHEMA_TOKENS, 120, 9));
    ScriptedOllamaServer.Recorded request = server.takeRequest();
    assertThat(request.json().get("stream").asBoolean()).isFalse();
    assertThat(request.header("Accept")).isEqualTo("application/json");
  }

  @Test
  void clarificationBecomesAClarifyingQuestion() {
    server.onChat(streamed(80, 12, "CLARIFY: ", "Do you mean invoice totals or the number of invoices?"));

    GeneratedSql sql = generator().generate(Requests.request("Show me the biggest customers"));

    assertThat(sql.sql()).isEmpty();
    assertThat(sql.clarification()).contains("Do you mean invoice totals or the number of invoices?");
    assertThat(sql.confidence()).isZero();
    assertThat(sql.tokens().total()).isEqualTo(92);
  }

  @Test
  void bareSqlWithoutFenceIsAccepted() {
    server.onChat(streamed(10, 5, "WITH t AS (SELECT 1 AS x) ", "SELECT x FROM t"));

    assertThat(generator().generate(Requests.request("x?")).sql()).isEqualTo("WITH t AS (SELECT 1 AS x) SELECT x FROM t");
  }

  @Test
  void replyThatIsNeitherSqlNorClarificationIsANonRetriableModelError() {
    server.onChat(streamed(10, 5, "I'm sorry, ", "I cannot help with databases today."));

    ModelException e =
        catchThrowableOfType(ModelException.class, () -> generator().generate(Requests.request("x?")));

    assertThat(e.retriable()).isFalse();
    assertThat(e.stage()).isEqualTo(Stage.GENERATE);
    assertThat(e.getMessage()).contains("neither SQL").contains("I cannot help with databases today.")
        .contains("ollama:llama3.1");
  }

  // --- the request ------------------------------------------------------------------------------------

  @Test
  void requestCarriesModelMessagesSchemaContextQuestionAndStreamFlag() throws Exception {
    server.onChat(streamed(1, 1, "SELECT 1"));
    OllamaSqlGenerator generator = generator().toBuilder().model("qwen2.5-coder:7b").build();

    generator.generate(Requests.request("How many customers are in Canada?"));

    ScriptedOllamaServer.Recorded request = server.takeRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/api/chat");
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    JsonNode body = request.json();
    assertThat(body.get("model").asText()).isEqualTo("qwen2.5-coder:7b");
    assertThat(body.get("stream").asBoolean()).isTrue();
    assertThat(body.at("/options/temperature").asInt(-1)).isZero();
    JsonNode messages = body.get("messages");
    assertThat(messages).hasSize(2);
    assertThat(messages.get(0).get("role").asText()).isEqualTo("system");
    assertThat(messages.get(0).get("content").asText())
        .contains("PostgreSQL").contains("read-only SELECT").contains("one JSON object").contains("needs_clarification")
        .contains("only the tables");
    assertThat(body.get("format").get("type").asText()).isEqualTo("object");
    assertThat(messages.get(1).get("role").asText()).isEqualTo("user");
    assertThat(messages.get(1).get("content").asText())
        .contains(Requests.SCHEMA_TEXT)
        .contains("Question: How many customers are in Canada?")
        .doesNotContain("previous SQL");
  }

  @Test
  void promptFollowsTheDialect() throws Exception {
    server.onChat(streamed(1, 1, "SELECT TOP 5 country FROM customer"));

    generator().generate(Requests.request(Dialect.SQLSERVER, "top 5", List.of(), Optional.empty(), new Cancellation()));

    String system = server.takeRequest().json().at("/messages/0/content").asText();
    assertThat(system).contains("SQL Server").contains("SELECT TOP n");
  }

  @Test
  void repairPromptIncludesThePreviousSqlAndTheDatabaseError() throws Exception {
    server.onChat(streamed(1, 1, "```sql\nSELECT country FROM public.customer\n```"));
    GenerationRequest.PreviousAttempt previous =
        new GenerationRequest.PreviousAttempt(
            "SELECT contry FROM public.customer", "ERROR: column \"contry\" does not exist (SQLState 42703)");

    GeneratedSql sql =
        generator().generate(Requests.request("Which countries?", List.of(), Optional.of(previous), new Cancellation()));

    assertThat(sql.sql()).isEqualTo("SELECT country FROM public.customer");
    String user = server.takeRequest().json().at("/messages/1/content").asText();
    assertThat(user)
        .contains("SELECT contry FROM public.customer")
        .contains("ERROR: column \"contry\" does not exist (SQLState 42703)")
        .contains("Fix the SQL");
  }

  @Test
  void promptShowsTheLastFiveTurnsOfHistory() throws Exception {
    server.onChat(streamed(1, 1, "SELECT 1"));
    List<Turn> history = new ArrayList<>();
    for (int i = 1; i <= 7; i++) {
      history.add(Requests.turn("question number " + i + "?", "SELECT " + i + " AS turn_" + i));
    }

    generator().generate(Requests.request("only those from Canada", history, Optional.empty(), new Cancellation()));

    String user = server.takeRequest().json().at("/messages/1/content").asText();
    assertThat(user).doesNotContain("question number 1?").doesNotContain("question number 2?")
        .contains("Q: question number 3?").contains("SQL: SELECT 3 AS turn_3")
        .contains("Q: question number 7?").contains("SQL: SELECT 7 AS turn_7");
    assertThat(user.indexOf("question number 3?")).isLessThan(user.indexOf("question number 7?"));
    assertThat(user.indexOf("question number 7?")).isLessThan(user.indexOf("Question: only those from Canada"));
  }

  // --- errors ---------------------------------------------------------------------------------------

  @Test
  void missingModelIsNotRetriableAndSaysHowToPullIt() {
    server.onChat(error(404, "model \"llama3.1\" not found, try pulling it first"));

    ModelException e =
        catchThrowableOfType(ModelException.class, () -> generator().generate(Requests.request("x?")));

    assertThat(e.retriable()).isFalse();
    assertThat(e.statusCode()).isEqualTo(404);
    assertThat(e.getMessage()).contains("ollama pull llama3.1").contains("not found, try pulling it first");
  }

  @Test
  void wrongBaseUrlPathIsNotRetriableAndSaysWhatBaseUrlShouldBe() {
    OllamaSqlGenerator generator = generator().toBuilder().baseUrl(server.baseUrl() + "/v1").build();

    ModelException e = catchThrowableOfType(ModelException.class, () -> generator.generate(Requests.request("x?")));

    assertThat(e.retriable()).isFalse();
    assertThat(e.statusCode()).isEqualTo(404);
    assertThat(e.getMessage()).contains("/v1/api/chat").contains("404 page not found").contains("root");
  }

  @Test
  void connectionRefusedIsRetriableAndSaysOllamaIsNotRunning() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    OllamaSqlGenerator generator = OllamaSqlGenerator.builder().baseUrl("http://127.0.0.1:" + port).build();

    ModelException e = catchThrowableOfType(ModelException.class, () -> generator.generate(Requests.request("x?")));

    assertThat(e.retriable()).isTrue();
    assertThat(e.statusCode()).isZero();
    assertThat(e.getMessage())
        .contains("Ollama is not running at http://127.0.0.1:" + port).contains("ollama serve");
  }

  @Test
  void serverErrorIsRetriableWithOllamasMessage() {
    server.onChat(error(500, "llama runner process has terminated: signal: killed"));

    ModelException e =
        catchThrowableOfType(ModelException.class, () -> generator().generate(Requests.request("x?")));

    assertThat(e.retriable()).isTrue();
    assertThat(e.statusCode()).isEqualTo(500);
    assertThat(e.getMessage()).contains("llama runner process has terminated");
  }

  @Test
  void badRequestIsNotRetriable() {
    server.onChat(error(400, "invalid options"));

    ModelException e =
        catchThrowableOfType(ModelException.class, () -> generator().generate(Requests.request("x?")));

    assertThat(e.retriable()).isFalse();
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.getMessage()).contains("invalid options");
  }

  @Test
  void malformedNdjsonIsNotRetriable() {
    server.onChat(ndjson(chunk("SELECT "), "{\"model\":\"llama3.1\",\"message\":{\"content\":\"1\"", done(1, 1)));

    ModelException e =
        catchThrowableOfType(ModelException.class, () -> generator().generate(Requests.request("x?")));

    assertThat(e.retriable()).isFalse();
    assertThat(e.getMessage()).contains("not JSON").contains("\"model\":\"llama3.1\"");
  }

  @Test
  void malformedNonStreamingBodyIsNotRetriable() {
    server.onChat(reply(200, "application/json", "<html>proxy error</html>"));
    OllamaSqlGenerator generator = generator().toBuilder().stream(false).build();

    ModelException e = catchThrowableOfType(ModelException.class, () -> generator.generate(Requests.request("x?")));

    assertThat(e.retriable()).isFalse();
    assertThat(e.getMessage()).contains("<html>proxy error</html>");
  }

  @Test
  void errorLineInTheStreamIsRetriable() {
    server.onChat(ndjson(chunk("SELECT "), "{\"error\":\"an error was encountered while running the model\"}"));

    ModelException e =
        catchThrowableOfType(ModelException.class, () -> generator().generate(Requests.request("x?")));

    assertThat(e.retriable()).isTrue();
    assertThat(e.getMessage()).contains("an error was encountered while running the model");
  }

  @Test
  void streamThatEndsBeforeDoneIsRetriable() {
    server.onChat(ndjson(chunk("SELECT "), chunk("1")));

    ModelException e =
        catchThrowableOfType(ModelException.class, () -> generator().generate(Requests.request("x?")));

    assertThat(e.retriable()).isTrue();
    assertThat(e.getMessage()).contains("ended before");
  }

  @Test
  void slowServerTimesOutRetriably() {
    CountDownLatch release = new CountDownLatch(1);
    server.onChat(exchange -> {
      release.await(20, TimeUnit.SECONDS);
      ScriptedOllamaServer.send(exchange, 200, "application/x-ndjson", done(1, 1) + "\n");
    });
    OllamaSqlGenerator generator = generator().toBuilder().timeout(Duration.ofSeconds(1)).build();

    try {
      ModelException e = catchThrowableOfType(ModelException.class, () -> generator.generate(Requests.request("x?")));
      assertThat(e.retriable()).isTrue();
      assertThat(e.getMessage()).contains("did not finish its reply within 1 s").contains("timeout");
    } finally {
      release.countDown();
    }
  }

  // --- cancellation ----------------------------------------------------------------------------------

  @ParameterizedTest(name = "stream={0}")
  @ValueSource(booleans = {true, false})
  void cancellingDuringASlowReplyThrowsQueryCancelledAndClosesTheConnection(boolean stream) throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch clientGone = new CountDownLatch(1);
    server.onChat(exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
      if (!stream) {
        started.countDown(); // a non-streaming reply comes only at the end: hold the headers back
        Thread.sleep(20_000);
        return;
      }
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      try {
        out.write((chunk("SELECT ") + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        started.countDown();
        for (int i = 0; i < 400; i++) { // a model producing a token every 50 ms for 20 s
          Thread.sleep(50);
          out.write((chunk("x") + "\n").getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
      } catch (IOException e) {
        clientGone.countDown();
      }
    });
    OllamaSqlGenerator generator = generator().toBuilder().stream(stream).timeout(Duration.ofSeconds(60)).build();
    Cancellation cancellation = new Cancellation();
    ExecutorService caller = Executors.newSingleThreadExecutor();
    try {
      CompletableFuture<GeneratedSql> call =
          CompletableFuture.supplyAsync(() -> generator.generate(Requests.request("x?", cancellation)), caller);
      assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

      cancellation.cancel();

      assertThat(call)
          .failsWithin(Duration.ofSeconds(5))
          .withThrowableOfType(ExecutionException.class)
          .havingCause()
          .isInstanceOfSatisfying(QueryCancelledException.class, e -> assertThat(e.stage()).isEqualTo(Stage.GENERATE));
      if (stream) {
        assertThat(clientGone.await(10, TimeUnit.SECONDS)).as("the server saw the connection closed").isTrue();
      }
    } finally {
      caller.shutdownNow();
    }
  }

  @Test
  void alreadyCancelledRequestSendsNothing() {
    Cancellation cancellation = new Cancellation();
    cancellation.cancel();

    assertThatThrownBy(() -> generator().generate(Requests.request("x?", cancellation)))
        .isInstanceOf(QueryCancelledException.class);
    assertThat(server.requestCount()).isZero();
  }

  // --- reachability -----------------------------------------------------------------------------------

  @Test
  void isReachableWhenOllamaAnswersVersion() {
    server.on("/api/version", reply(200, "application/json", "{\"version\":\"0.12.6\"}"));

    assertThat(OllamaSqlGenerator.isReachable(server.baseUrl(), Duration.ofSeconds(5))).isTrue();
  }

  @Test
  void isReachableFallsBackToTags() {
    server.on("/api/tags", reply(200, "application/json", "{\"models\":[]}"));

    assertThat(OllamaSqlGenerator.isReachable(server.baseUrl() + "/", Duration.ofSeconds(5))).isTrue();
  }

  @Test
  void isNotReachableWhenSomethingElseAnswers() {
    server.on("/api/version", reply(200, "text/html", "<html>hello</html>"));

    assertThat(OllamaSqlGenerator.isReachable(server.baseUrl(), Duration.ofSeconds(5))).isFalse();
  }

  @Test
  void isNotReachableWhenNothingListensOrTheArgumentsAreBad() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    assertThat(OllamaSqlGenerator.isReachable("http://127.0.0.1:" + port, Duration.ofSeconds(2))).isFalse();
    assertThat(OllamaSqlGenerator.isReachable("not a url", Duration.ofSeconds(1))).isFalse();
    assertThat(OllamaSqlGenerator.isReachable(null, Duration.ofSeconds(1))).isFalse();
    assertThat(OllamaSqlGenerator.isReachable(server.baseUrl(), Duration.ZERO)).isFalse();
    assertThat(OllamaSqlGenerator.isReachable(server.baseUrl(), null)).isFalse();
  }

  // --- configuration ----------------------------------------------------------------------------------

  @Test
  void defaults() {
    OllamaSqlGenerator generator = OllamaSqlGenerator.builder().build();

    assertThat(generator.baseUrl()).isEqualTo("http://localhost:11434");
    assertThat(generator.model()).isEqualTo("llama3.1");
    assertThat(generator.timeout()).isEqualTo(Duration.ofSeconds(120));
    assertThat(generator.stream()).isTrue();
    assertThat(generator.name()).isEqualTo("ollama:llama3.1");
    assertThat(generator).hasToString(
        "OllamaSqlGenerator[baseUrl=http://localhost:11434, model=llama3.1, timeout=PT2M, stream=true, "
            + "structuredOutput=true]");
  }

  @Test
  void buildNamesEveryBadSettingAtOnce() {
    OllamaSqlGenerator.Builder builder =
        OllamaSqlGenerator.builder().baseUrl("ftp://example.com").model("  ").timeout(Duration.ofSeconds(-1));

    assertThatThrownBy(builder::build)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("baseUrl 'ftp://example.com' must be an http:// or https:// URL")
        .hasMessageContaining("model must not be blank")
        .hasMessageContaining("timeout must be positive");
  }

  @Test
  void buildRejectsOtherBadValues() {
    assertThatThrownBy(() -> OllamaSqlGenerator.builder().baseUrl("http://localhost:11434?x=1").build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("query");
    assertThatThrownBy(() -> OllamaSqlGenerator.builder().model("llama 3").build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("whitespace");
    assertThatThrownBy(() -> OllamaSqlGenerator.builder().timeout(Duration.ofHours(2)).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("at most 1 hour");
    assertThatThrownBy(() -> OllamaSqlGenerator.builder().baseUrl(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void baseUrlIsNormalizedAndToBuilderKeepsEverySetting() {
    OllamaSqlGenerator generator =
        OllamaSqlGenerator.builder().baseUrl(" HTTP://Ollama.Example.com:8080/proxy/ ").model("sqlcoder")
            .timeout(Duration.ofSeconds(30)).stream(false).build();

    assertThat(generator.baseUrl()).isEqualTo("http://ollama.example.com:8080/proxy");
    OllamaSqlGenerator copy = generator.toBuilder().build();
    assertThat(copy).hasToString(generator.toString());
    assertThat(copy.name()).isEqualTo("ollama:sqlcoder");
  }
}
