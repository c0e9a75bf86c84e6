package io.github.dbqueryagent.ollama;

import static io.github.dbqueryagent.ollama.ScriptedOllamaServer.error;
import static io.github.dbqueryagent.ollama.ScriptedOllamaServer.requestJson;
import static io.github.dbqueryagent.ollama.ScriptedOllamaServer.streamed;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.dbqueryagent.spi.SqlGenerator;
import io.github.dbqueryagent.testkit.SqlGeneratorContract;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;

/**
 * Runs {@link SqlGeneratorContract} on {@link OllamaSqlGenerator} against {@link ScriptedOllamaServer}
 * (streaming {@code /api/chat}). The server answers the scripted question that occurs last in the user
 * message (the current question follows the history in the prompt). Ollama has no API key.
 */
class OllamaSqlGeneratorContractTest extends SqlGeneratorContract {
  private final ScriptedOllamaServer server = ScriptedOllamaServer.start();
  private final Map<String, Function<String, String>> replies = new ConcurrentHashMap<>();
  private final AtomicReference<ScriptedOllamaServer.Script> failure = new AtomicReference<>();
  private final AtomicReference<String> lastPrompt = new AtomicReference<>();

  OllamaSqlGeneratorContractTest() {
    server.onChat(exchange -> {
      JsonNode body = requestJson(exchange);
      StringBuilder prompt = new StringBuilder();
      String user = "";
      for (JsonNode m : body.path("messages")) {
        prompt.append(m.path("content").asText()).append('\n');
        if (m.path("role").asText().equals("user")) user = m.path("content").asText();
      }
      lastPrompt.set(prompt.toString());
      ScriptedOllamaServer.Script failing = failure.get();
      if (failing != null) {
        failing.respond(exchange);
        return;
      }
      String question = null;
      int at = -1;
      for (String q : replies.keySet()) {
        int i = user.lastIndexOf(q);
        if (i > at) {
          at = i;
          question = q;
        }
      }
      String content = question == null
          ? "CLARIFY: no scripted reply for this prompt" : replies.get(question).apply(prompt.toString());
      // Split in two pieces so the generator has to join streamed chunks.
      int half = content.length() / 2;
      streamed(120, 15, content.substring(0, half), content.substring(half)).respond(exchange);
    });
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Override
  protected SqlGenerator generator() {
    return OllamaSqlGenerator.builder().baseUrl(server.baseUrl()).timeout(Duration.ofSeconds(30)).build();
  }

  @Override
  protected void expectSql(String question, String sql) {
    replies.put(question, prompt -> "```sql\n" + sql + "\n```");
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
    failure.set(error(status, message));
  }

  @Override
  protected boolean supportsModelFailures() {
    return true;
  }

  @Override
  protected Optional<String> lastPromptReceived() {
    return Optional.ofNullable(lastPrompt.get());
  }
}
