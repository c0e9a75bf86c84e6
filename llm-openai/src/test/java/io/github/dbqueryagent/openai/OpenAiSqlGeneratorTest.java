package io.github.dbqueryagent.openai;

import static io.github.dbqueryagent.openai.Fixtures.JSON;
import static io.github.dbqueryagent.openai.Fixtures.completion;
import static io.github.dbqueryagent.openai.Fixtures.error;
import static io.github.dbqueryagent.openai.Fixtures.request;
import static io.github.dbqueryagent.openai.Fixtures.turn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.github.dbqueryagent.ModelException;
import io.github.dbqueryagent.QueryCancelledException;
import io.github.dbqueryagent.Stage;
import io.github.dbqueryagent.TokenUsage;
import io.github.dbqueryagent.spi.Cancellation;
import io.github.dbqueryagent.spi.GeneratedSql;
import io.github.dbqueryagent.spi.GenerationRequest;
import io.github.dbqueryagent.spi.Turn;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Talks to a scripted local server that speaks the OpenAI chat-completions wire protocol. */
class OpenAiSqlGeneratorTest {
  private static final String KEY = "sk-test-0123456789abcdefSECRET";

  @StartStop public final MockWebServer server = new MockWebServer();

  private final List<OpenAiSqlGenerator> generators = new ArrayList<>();

  @AfterEach
  void closeGenerators() {
    generators.forEach(OpenAiSqlGenerator::close);
  }

  /** Returns a builder for the mock server with the test key and no retries (fast tests). */
  private OpenAiSqlGenerator.Builder builder() {
    return OpenAiSqlGenerator.builder().apiKey(KEY).baseUrl(server.url("/v1").toString()).maxRetries(0);
  }

  private OpenAiSqlGenerator generator() {
    return generator(builder());
  }

  private OpenAiSqlGenerator generator(OpenAiSqlGenerator.Builder builder) {
    OpenAiSqlGenerator g = builder.build();
    generators.add(g);
    return g;
  }

  private void reply(int code, String body) {
    server.enqueue(new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build());
  }

  @Test
  void readsTheSqlBlockOfANormalReply() {
    reply(200, completion("I read this as a count of customers per country.\n"
        + "```sql\nSELECT Country, COUNT(*) AS n\nFROM Customer\nGROUP BY Country;\n```"));

    GeneratedSql sql = generator().generate(request("How many customers per country?"));

    assertThat(sql.sql()).isEqualTo("SELECT Country, COUNT(*) AS n\nFROM Customer\nGROUP BY Country");
    assertThat(sql.clarification()).isEmpty();
    assertThat(sql.explanation()).isEqualTo("I read this as a count of customers per country.");
    assertThat(sql.confidence()).isEqualTo(OpenAiSqlGenerator.FENCED_CONFIDENCE);
    assertThat(sql.tokens()).isEqualTo(new TokenUsage(Fixtures.SCHEMA_TOKENS, 123, 45));
  }

  @Test
  void turnsAClarifyLineIntoAClarification() {
    reply(200, completion("CLARIFY: Do you mean invoices or invoice lines?", "stop", 80, 9));

    GeneratedSql sql = generator().generate(request("Show the big ones"));

    assertThat(sql.clarification()).contains("Do you mean invoices or invoice lines?");
    assertThat(sql.sql()).isEmpty();
    assertThat(sql.confidence()).isZero();
    assertThat(sql.tokens()).isEqualTo(new TokenUsage(Fixtures.SCHEMA_TOKENS, 80, 9));
  }

  @Test
  void rejectsAReplyThatIsNeitherSqlNorAClarification() {
    reply(200, completion("Sure! Customers are great. Let me know if you need anything else."));

    ModelException e = catchThrowableOfType(ModelException.class,
        () -> generator().generate(request("How many customers?")));

    assertThat(e.retriable()).isFalse();
    assertThat(e.statusCode()).isZero();
    assertThat(e.stage()).isEqualTo(Stage.GENERATE);
    assertThat(e.getMessage()).contains("neither a ```sql block nor a line starting with CLARIFY:")
        .contains("Customers are great");
  }

  @Test
  void unauthorizedIsNotRetriableAndNeverShowsTheKey() {
    // A hostile server that echoes the whole key: it must still not reach the message.
    reply(401, error("Incorrect API key provided: " + KEY, "invalid_request_error", "invalid_api_key"));
    OpenAiSqlGenerator generator = generator();

    PrintStream originalErr = System.err;
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    ModelException e;
    try {
      System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
      e = catchThrowableOfType(ModelException.class, () -> generator.generate(request("How many customers?")));
    } finally {
      System.setErr(originalErr);
    }

    assertThat(e.retriable()).isFalse();
    assertThat(e.statusCode()).isEqualTo(401);
    assertThat(e.getMessage()).contains("check OPENAI_API_KEY").doesNotContain(KEY);
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain(KEY);
      assertThat(t.toString()).doesNotContain(KEY);
    }
    assertThat(logs.toString(StandardCharsets.UTF_8)).contains("failed").doesNotContain(KEY);
    assertThat(generator.toString()).doesNotContain(KEY).contains("apiKey=****");
  }

  @Test
  void forbiddenIsNotRetriable() {
    reply(403, error("You are not allowed to sample from this model", "invalid_request_error", "model_not_allowed"));

    ModelException e = catchThrowableOfType(ModelException.class, () -> generator().generate(request("q?")));

    assertThat(e.retriable()).isFalse();
    assertThat(e.statusCode()).isEqualTo(403);
    assertThat(e.getMessage()).contains("check OPENAI_API_KEY");
  }

  @Test
  void rateLimitIsRetriable() {
    reply(429, error("Rate limit reached for gpt-4o-mini", "requests", "rate_limit_exceeded"));

    ModelException e = catchThrowableOfType(ModelException.class, () -> generator().generate(request("q?")));

    assertThat(e.retriable()).isTrue();
    assertThat(e.statusCode()).isEqualTo(429);
    assertThat(e.getMessage()).contains("rate-limiting").contains("Rate limit reached for gpt-4o-mini");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void exhaustedQuotaIsNotRetriable() {
    reply(429, error("You exceeded your current quota", "insufficient_quota", "insufficient_quota"));

    ModelException e = catchThrowableOfType(ModelException.class, () -> generator().generate(request("q?")));

    assertThat(e.retriable()).isFalse();
    assertThat(e.statusCode()).isEqualTo(429);
    assertThat(e.getMessage()).contains("quota");
  }

  @Test
  void badRequestIsNotRetriableAndQuotesTheServer() {
    reply(400, error("This model's maximum context length is 8192 tokens", "invalid_request_error",
        "context_length_exceeded"));

    ModelException e = catchThrowableOfType(ModelException.class, () -> generator().generate(request("q?")));

    assertThat(e.retriable()).isFalse();
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.getMessage()).contains("HTTP 400").contains("maximum context length");
  }

  @Test
  void serverErrorIsRetriable() {
    reply(503, error("The server is overloaded", "server_error", ""));

    ModelException e = catchThrowableOfType(ModelException.class, () -> generator().generate(request("q?")));

    assertThat(e.retriable()).isTrue();
    assertThat(e.statusCode()).isEqualTo(503);
  }

  @Test
  void retriesRetriableFailuresWhenAsked() {
    server.enqueue(new MockResponse.Builder().code(500).addHeader("Retry-After-Ms", "10")
        .body(error("boom", "server_error", "")).build());
    reply(200, completion("```sql\nSELECT 1\n```"));
    OpenAiSqlGenerator retrying = generator(generator().toBuilder().maxRetries(1));

    GeneratedSql sql = retrying.generate(request("q?"));

    assertThat(sql.sql()).isEqualTo("SELECT 1");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void timeoutIsRetriable() {
    server.enqueue(new MockResponse.Builder().headersDelay(1, TimeUnit.SECONDS).body(completion("```sql\nSELECT 1\n```"))
        .build());
    OpenAiSqlGenerator generator =
        generator(builder().timeout(Duration.ofMillis(400)).attemptTimeout(Duration.ofMillis(200)));

    ModelException e = catchThrowableOfType(ModelException.class, () -> generator.generate(request("q?")));

    assertThat(e.retriable()).isTrue();
    assertThat(e.statusCode()).isZero();
    assertThat(e.getMessage()).contains("timeout").contains("PT0.2S");
  }

  @Test
  void connectionRefusedIsRetriableAndNamesTheBaseUrl() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String baseUrl = "http://127.0.0.1:" + port + "/v1";
    OpenAiSqlGenerator generator = generator(builder().baseUrl(baseUrl));

    ModelException e = catchThrowableOfType(ModelException.class, () -> generator.generate(request("q?")));

    assertThat(e.retriable()).isTrue();
    assertThat(e.statusCode()).isZero();
    assertThat(e.getMessage()).contains("cannot connect").contains(baseUrl).doesNotContain(KEY);
  }

  @Test
  void sendsTheSchemaTheQuestionTheModelAndTheKey() throws Exception {
    reply(200, completion("```sql\nSELECT 1\n```"));
    OpenAiSqlGenerator generator = generator(builder()
        .baseUrl(server.url("/v1/").toString()).model("my-local-model").temperature(0.25));

    generator.generate(request("Which country has the most customers?"));

    RecordedRequest recorded = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(recorded.getMethod()).isEqualTo("POST");
    assertThat(recorded.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    assertThat(recorded.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(recorded.getHeaders().get(InFlightCalls.HEADER)).isNull();
    JsonNode body = JSON.readTree(recorded.getBody().utf8());
    assertThat(body.path("model").asText()).isEqualTo("my-local-model");
    assertThat(body.path("temperature").asDouble()).isEqualTo(0.25);
    JsonNode messages = body.path("messages");
    assertThat(messages).hasSize(2);
    assertThat(messages.get(0).path("role").asText()).isEqualTo("system");
    assertThat(messages.get(0).path("content").asText())
        .contains("PostgreSQL").contains("SELECT").contains("one JSON object").contains("needs_clarification");
    assertThat(body.path("response_format").path("type").asText()).isEqualTo("json_schema");
    assertThat(messages.get(1).path("role").asText()).isEqualTo("user");
    assertThat(messages.get(1).path("content").asText())
        .contains(Fixtures.SCHEMA_TEXT.strip())
        .contains("Question: Which country has the most customers?");
    assertThat(generator.name()).isEqualTo("openai:my-local-model");
  }

  @Test
  void sendsTheLastFiveTurnsOfHistory() throws Exception {
    reply(200, completion("```sql\nSELECT 1\n```"));
    List<Turn> history = new ArrayList<>();
    for (int i = 1; i <= 7; i++) {
      history.add(turn("question number " + i, "SELECT " + i + " AS n"));
    }

    generator().generate(request("and only those from Canada", history, Optional.empty(), new Cancellation()));

    String user = JSON.readTree(server.takeRequest(5, TimeUnit.SECONDS).getBody().utf8())
        .path("messages").get(1).path("content").asText();
    assertThat(user).doesNotContain("question number 1\n").doesNotContain("question number 2\n");
    for (int i = 3; i <= 7; i++) {
      assertThat(user).contains("Q: question number " + i + "\nSQL: SELECT " + i + " AS n");
    }
    assertThat(user.indexOf("question number 7")).isLessThan(user.indexOf("Question: and only those from Canada"));
  }

  @Test
  void repairPromptCarriesThePreviousSqlAndTheError() throws Exception {
    reply(200, completion("```sql\nSELECT Name FROM Customer\n```"));
    GenerationRequest.PreviousAttempt previous = new GenerationRequest.PreviousAttempt(
        "SELECT FullName FROM Customer", "ERROR: column \"fullname\" does not exist");

    GeneratedSql sql = generator().generate(
        request("List customer names", List.of(), Optional.of(previous), new Cancellation()));

    assertThat(sql.sql()).isEqualTo("SELECT Name FROM Customer");
    String user = JSON.readTree(server.takeRequest(5, TimeUnit.SECONDS).getBody().utf8())
        .path("messages").get(1).path("content").asText();
    assertThat(user).contains("SELECT FullName FROM Customer")
        .contains("ERROR: column \"fullname\" does not exist")
        .contains("corrected query");
  }

  @Test
  void aRequestCancelledBeforehandSendsNothing() {
    Cancellation cancellation = new Cancellation();
    cancellation.cancel();

    assertThatThrownBy(() -> generator().generate(request("q?", List.of(), Optional.empty(), cancellation)))
        .isInstanceOf(QueryCancelledException.class)
        .extracting(e -> ((QueryCancelledException) e).stage()).isEqualTo(Stage.GENERATE);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void cancellingASlowCallReturnsAtOnceAndClosesTheConnection() throws Exception {
    // A JDK server that sends headers, then trickles whitespace and notices when the client hangs up.
    CountDownLatch requestArrived = new CountDownLatch(1);
    CountDownLatch clientHungUp = new CountDownLatch(1);
    HttpServer slow = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    slow.createContext("/v1/chat/completions", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, 0);
      requestArrived.countDown();
      try (OutputStream out = exchange.getResponseBody()) {
        for (int i = 0; i < 300; i++) {
          out.write(' ');
          out.flush();
          Thread.sleep(50);
        }
        out.write(completion("```sql\nSELECT 1\n```").getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        clientHungUp.countDown();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    slow.setExecutor(Executors.newCachedThreadPool());
    slow.start();
    ScheduledExecutorService canceller = Executors.newSingleThreadScheduledExecutor();
    try {
      OpenAiSqlGenerator generator = generator(builder()
          .baseUrl("http://127.0.0.1:" + slow.getAddress().getPort() + "/v1").maxRetries(2));
      Cancellation cancellation = new Cancellation();
      canceller.execute(() -> {
        try {
          if (requestArrived.await(10, TimeUnit.SECONDS)) cancellation.cancel();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });

      long start = System.nanoTime();
      assertThatThrownBy(() -> generator.generate(request("q?", List.of(), Optional.empty(), cancellation)))
          .isInstanceOf(QueryCancelledException.class);
      long elapsedMs = (System.nanoTime() - start) / 1_000_000;

      assertThat(elapsedMs).as("returned long before the 15 s reply").isLessThan(10_000);
      assertThat(clientHungUp.await(10, TimeUnit.SECONDS)).as("the HTTP connection was closed").isTrue();
    } finally {
      canceller.shutdownNow();
      slow.stop(0);
      ((java.util.concurrent.ExecutorService) slow.getExecutor()).shutdownNow();
    }
  }
}
