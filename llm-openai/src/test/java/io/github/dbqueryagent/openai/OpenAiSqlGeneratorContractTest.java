package io.github.dbqueryagent.openai;

import static io.github.dbqueryagent.openai.Fixtures.JSON;
import static io.github.dbqueryagent.openai.Fixtures.completion;
import static io.github.dbqueryagent.openai.Fixtures.error;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.dbqueryagent.spi.SqlGenerator;
import io.github.dbqueryagent.testkit.SqlGeneratorContract;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;

/**
 * Runs {@link SqlGeneratorContract} on {@link OpenAiSqlGenerator} against a scripted local server that
 * speaks the chat-completions wire protocol. The server answers the scripted question that occurs last
 * in the user message (the current question follows the history in the prompt).
 */
class OpenAiSqlGeneratorContractTest extends SqlGeneratorContract {
  private static final String KEY = "sk-contract-0123456789abcdefSECRET";

  @StartStop public final MockWebServer server = new MockWebServer();

  private final Map<String, Function<String, String>> replies = new ConcurrentHashMap<>();
  private final AtomicReference<MockResponse> failure = new AtomicReference<>();
  private final AtomicReference<String> lastPrompt = new AtomicReference<>();
  private final List<OpenAiSqlGenerator> generators = new CopyOnWriteArrayList<>();

  OpenAiSqlGeneratorContractTest() {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return answer(request);
      }
    });
  }

  @AfterEach
  void closeGenerators() {
    generators.forEach(OpenAiSqlGenerator::close);
  }

  @Override
  protected SqlGenerator generator() {
    OpenAiSqlGenerator g =
        OpenAiSqlGenerator.builder().apiKey(KEY).baseUrl(server.url("/v1").toString()).maxRetries(0).build();
    generators.add(g);
    return g;
  }

  @Override
  protected void expectSql(String question, String sql) {
    replies.put(question, prompt -> "I read the question as asked.\n```sql\n" + sql + "\n```");
  }

  @Override
  protected void expectRepair(String question, String failedSql, String error, String fixedSql) {
    replies.put(question, prompt -> "```sql\n"
        + (prompt.contains(failedSql) && prompt.contains(error) ? fixedSql : failedSql) + "\n```");
  }

  @Override
  protected void expectClarification(String question, String clarification) {
    replies.put(question, prompt -> "CLARIFY: " + clarification);
  }

  @Override
  protected void expectFailure(int status, String message) {
    failure.set(json(status, error(message, status == 401 ? "invalid_request_error" : "server_error",
        status == 401 ? "invalid_api_key" : "")));
  }

  @Override
  protected boolean supportsModelFailures() {
    return true;
  }

  @Override
  protected Optional<String> lastPromptReceived() {
    return Optional.ofNullable(lastPrompt.get());
  }

  @Override
  protected Optional<String> apiKey() {
    return Optional.of(KEY);
  }

  private MockResponse answer(RecordedRequest request) {
    if (!request.getUrl().encodedPath().equals("/v1/chat/completions")) {
      return json(404, error("no route " + request.getUrl().encodedPath(), "invalid_request_error", "not_found"));
    }
    JsonNode body;
    try {
      body = JSON.readTree(request.getBody() == null ? "{}" : request.getBody().utf8());
    } catch (IOException e) {
      return json(400, error("bad JSON: " + e.getMessage(), "invalid_request_error", "bad_json"));
    }
    StringBuilder prompt = new StringBuilder();
    String user = "";
    for (JsonNode m : body.path("messages")) {
      prompt.append(m.path("content").asText()).append('\n');
      if (m.path("role").asText().equals("user")) user = m.path("content").asText();
    }
    lastPrompt.set(prompt.toString());
    MockResponse failing = failure.get();
    if (failing != null) return failing;
    String question = null;
    int at = -1;
    for (String q : replies.keySet()) {
      int i = user.lastIndexOf(q);
      if (i > at) {
        at = i;
        question = q;
      }
    }
    if (question == null) return json(200, completion("CLARIFY: no scripted reply for this prompt"));
    return json(200, completion(replies.get(question).apply(prompt.toString())));
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
  }
}
