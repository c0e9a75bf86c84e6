package io.github.dbqueryagent.cli;

import static io.github.dbqueryagent.cli.Cli.dbqa;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --llm}: which generator answers, against a scripted local model server. */
class CliGeneratorChoiceTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String KEY = "sk-test-0123456789abcdef";
  static final String QUESTION = "How many customers are from Brazil?";

  @TempDir static Path dir;
  static String sqlite;
  static FakeModelServer server;

  @BeforeAll
  static void start() throws Exception {
    sqlite = TestDatabases.sqliteShop(dir);
    server = new FakeModelServer("SELECT COUNT(*) AS n FROM customers WHERE country = 'Brazil'");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void autoPrefersOpenAiWhenItsKeyIsSet() throws Exception {
    Map<String, String> env =
        Map.of("OPENAI_API_KEY", KEY, "OPENAI_BASE_URL", "http://" + server.hostPort() + "/v1",
            "OLLAMA_HOST", server.hostPort());
    Cli.Run run = dbqa(env, "--url", sqlite, "--format", "json", QUESTION);
    assertThat(run.code()).as(run.all()).isZero();
    JsonNode o = JSON.readTree(run.out());
    assertThat(o.get("generator").asText()).startsWith("openai");
    assertThat(o.get("rows").toString()).isEqualTo("[[5]]");
    assertThat(o.at("/tokens/prompt").intValue()).isEqualTo(123);
    assertThat(o.at("/tokens/completion").intValue()).isEqualTo(45);
    assertThat(run.all()).doesNotContain(KEY);
  }

  @Test
  void autoUsesAReachableOllama() throws Exception {
    Cli.Run run = dbqa(Map.of("OLLAMA_HOST", server.hostPort()), "--url", sqlite, "--format", "json", QUESTION);
    assertThat(run.code()).as(run.all()).isZero();
    JsonNode o = JSON.readTree(run.out());
    assertThat(o.get("generator").asText()).isEqualTo("ollama:llama3.1");
    assertThat(o.get("rows").toString()).isEqualTo("[[5]]");
    assertThat(o.at("/tokens/prompt").intValue()).isEqualTo(77);
    assertThat(server.requests).contains("POST /api/chat");
  }

  @Test
  void autoFallsBackToOfflineWhenOllamaDoesNotAnswer() throws Exception {
    Cli.Run run = dbqa(Map.of("OLLAMA_HOST", "127.0.0.1:1"), "--url", sqlite, "--format", "json", QUESTION);
    assertThat(JSON.readTree(run.out()).get("generator").asText()).isEqualTo("rule-based");
    assertThat(run.err()).startsWith("dbqa: warning: OLLAMA_HOST is set");
  }

  @Test
  void offlineIgnoresConfiguredModels() throws Exception {
    Map<String, String> env = Map.of("OPENAI_API_KEY", KEY, "OLLAMA_HOST", server.hostPort());
    int before = server.requests.size();
    Cli.Run run = dbqa(env, "--url", sqlite, "--llm", "offline", "--format", "json", QUESTION);
    assertThat(JSON.readTree(run.out()).get("generator").asText()).isEqualTo("rule-based");
    assertThat(server.requests).hasSize(before);
  }

  @Test
  void forcedOpenAiWithoutKeyIsAUsageError() {
    Cli.Run run = dbqa(Map.of(), "--url", sqlite, "--llm", "openai", QUESTION);
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).startsWith("dbqa: ").contains("OPENAI_API_KEY");
  }

  @Test
  void forcedOllamaThatIsDownIsAModelError() {
    Cli.Run run = dbqa(Map.of("OLLAMA_HOST", "127.0.0.1:1"), "--url", sqlite, "--llm", "ollama", "--format", "json",
        QUESTION);
    assertThat(run.code()).isEqualTo(4);
    assertThat(run.out()).contains("\"type\": \"model\"");
  }

  @Test
  void ollamaHostForms() {
    assertThat(GeneratorChoice.ollamaBaseUrl("example.org")).isEqualTo("http://example.org:11434");
    assertThat(GeneratorChoice.ollamaBaseUrl(":9999")).isEqualTo("http://localhost:9999");
    assertThat(GeneratorChoice.ollamaBaseUrl("0.0.0.0")).isEqualTo("http://127.0.0.1:11434");
    assertThat(GeneratorChoice.ollamaBaseUrl("[::1]:8080")).isEqualTo("http://[::1]:8080");
    assertThat(GeneratorChoice.ollamaBaseUrl("https://ollama.example.org")).isEqualTo("https://ollama.example.org");
  }
}
