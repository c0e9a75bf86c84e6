package io.github.dbqueryagent.cli;

import static io.github.dbqueryagent.cli.Cli.dbqa;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --base-url}, {@code --model} and {@code --api-key-env}: each reaches the generator (checked on
 * what a scripted local model server receives), beats its environment variable, and is checked before
 * anything connects.
 */
class CliLlmOptionsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String KEY = "sk-vllm-Opt-7Hq2Zx9";
  static final String ENV_KEY = "sk-env-Default-4Kd8Wm";
  static final String QUESTION = "How many customers are from Brazil?";
  static final String SQL = "SELECT COUNT(*) AS n FROM customers WHERE country = 'Brazil'";

  @TempDir static Path dir;
  static String sqlite;
  static RecordingModelServer server;

  @BeforeAll
  static void start() throws Exception {
    sqlite = TestDatabases.sqliteShop(dir);
    server = new RecordingModelServer(SQL, RecordingModelServer.Mode.ANSWER);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void clear() {
    server.requests.clear();
  }

  @Test
  void openAiOptionsReachTheServer() throws Exception {
    Cli.Run run = dbqa(Map.of("VLLM_KEY", KEY), "--url", sqlite, "--llm", "openai",
        "--base-url", server.root() + "/proxy/v1", "--model", "qwen2.5-coder", "--api-key-env", "VLLM_KEY",
        "--format", "json", QUESTION);

    assertThat(run.code()).as(run.all()).isZero();
    JsonNode o = JSON.readTree(run.out());
    assertThat(o.get("generator").asText()).isEqualTo("openai:qwen2.5-coder");
    assertThat(o.get("rows").toString()).isEqualTo("[[5]]");
    RecordingModelServer.Request r = onlyChat();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/proxy/v1/chat/completions");
    assertThat(r.host()).isEqualTo(server.hostPort());
    assertThat(r.model()).isEqualTo("qwen2.5-coder");
    assertThat(r.authorization()).isEqualTo("Bearer " + KEY);
    assertThat(run.all()).doesNotContain(KEY);
  }

  @Test
  void optionsBeatTheEnvironment() throws Exception {
    Map<String, String> env = Map.of(
        "OPENAI_API_KEY", ENV_KEY,
        "OPENAI_BASE_URL", "http://127.0.0.1:1/v1", // nothing listens there
        "DBQA_OPENAI_MODEL", "env-model",
        "VLLM_KEY", KEY);
    Cli.Run run = dbqa(env, "--url", sqlite, "--llm", "openai", "--base-url", server.root() + "/v1",
        "--model", "option-model", "--api-key-env", "VLLM_KEY", "--format", "json", QUESTION);

    assertThat(run.code()).as(run.all()).isZero();
    RecordingModelServer.Request r = onlyChat();
    assertThat(r.path()).isEqualTo("/v1/chat/completions");
    assertThat(r.model()).isEqualTo("option-model");
    assertThat(r.authorization()).isEqualTo("Bearer " + KEY);
    assertThat(run.all()).doesNotContain(KEY).doesNotContain(ENV_KEY);
  }

  @Test
  void theEnvironmentAppliesWhereNoOptionIsGiven() throws Exception {
    Map<String, String> env = Map.of(
        "OPENAI_API_KEY", ENV_KEY, "OPENAI_BASE_URL", server.root() + "/env/v1", "DBQA_OPENAI_MODEL", "env-model");
    Cli.Run run = dbqa(env, "--url", sqlite, "--llm", "openai", "--model", "option-model", "--format", "json",
        QUESTION);

    assertThat(run.code()).as(run.all()).isZero();
    RecordingModelServer.Request r = onlyChat();
    assertThat(r.path()).isEqualTo("/env/v1/chat/completions"); // OPENAI_BASE_URL, no --base-url
    assertThat(r.model()).isEqualTo("option-model"); // --model beats DBQA_OPENAI_MODEL
    assertThat(r.authorization()).isEqualTo("Bearer " + ENV_KEY); // default variable OPENAI_API_KEY
  }

  @Test
  void ollamaOptionsReachTheServer() throws Exception {
    Map<String, String> env = Map.of("OLLAMA_HOST", "127.0.0.1:1", "DBQA_OLLAMA_MODEL", "env-model");
    Cli.Run run = dbqa(env, "--url", sqlite, "--llm", "ollama", "--base-url", server.root() + "/ollama/",
        "--model", "sqlcoder:7b", "--format", "json", QUESTION);

    assertThat(run.code()).as(run.all()).isZero();
    JsonNode o = JSON.readTree(run.out());
    assertThat(o.get("generator").asText()).isEqualTo("ollama:sqlcoder:7b");
    assertThat(o.get("rows").toString()).isEqualTo("[[5]]");
    RecordingModelServer.Request r = onlyChat();
    assertThat(r.path()).isEqualTo("/ollama/api/chat");
    assertThat(r.host()).isEqualTo(server.hostPort());
    assertThat(r.model()).isEqualTo("sqlcoder:7b");
    assertThat(r.authorization()).isNull();
  }

  @Test
  void autoUsesOpenAiWhenTheNamedKeyIsSet() throws Exception {
    Cli.Run run = dbqa(Map.of("VLLM_KEY", KEY, "OLLAMA_HOST", server.hostPort()), "--url", sqlite,
        "--base-url", server.root() + "/v1", "--model", "qwen2.5-coder", "--api-key-env", "VLLM_KEY",
        "--format", "json", QUESTION);

    assertThat(run.code()).as(run.all()).isZero();
    assertThat(JSON.readTree(run.out()).get("generator").asText()).isEqualTo("openai:qwen2.5-coder");
    assertThat(onlyChat().authorization()).isEqualTo("Bearer " + KEY);
  }

  @Test
  void autoWithoutAKeyProbesOllamaAtTheBaseUrl() throws Exception {
    Cli.Run run = dbqa(Map.of(), "--url", sqlite, "--base-url", server.root(), "--model", "llama3.2",
        "--format", "json", QUESTION);

    assertThat(run.code()).as(run.all()).isZero();
    assertThat(JSON.readTree(run.out()).get("generator").asText()).isEqualTo("ollama:llama3.2");
    assertThat(onlyChat().path()).isEqualTo("/api/chat");
  }

  @Test
  void autoWarnsWhenTheOllamaAtTheBaseUrlDoesNotAnswer() throws Exception {
    Cli.Run run = dbqa(Map.of(), "--url", sqlite, "--base-url", "http://127.0.0.1:1", "--format", "json", QUESTION);

    assertThat(run.code()).as(run.all()).isZero();
    assertThat(JSON.readTree(run.out()).get("generator").asText()).isEqualTo("rule-based");
    assertThat(run.err()).startsWith("dbqa: warning: no Ollama server answers at http://127.0.0.1:1 (from --base-url)");
  }

  @Test
  void autoWarnsThatModelIsUnusedWhenNoServerIsConfigured() throws Exception {
    Cli.Run run = dbqa(Map.of(), "--url", sqlite, "--model", "gpt-4o", "--format", "json", QUESTION);

    assertThat(run.code()).as(run.all()).isZero();
    assertThat(JSON.readTree(run.out()).get("generator").asText()).isEqualTo("rule-based");
    assertThat(run.err()).startsWith("dbqa: warning: --model is not used");
  }

  @Test
  void anUnsetKeyVariableIsAUsageErrorThatNamesIt() {
    for (String llm : List.of("openai", "auto")) {
      Cli.Run run = dbqa(Map.of("OPENAI_API_KEY", ENV_KEY), "--url", sqlite, "--llm", llm,
          "--base-url", server.root() + "/v1", "--api-key-env", "VLLM_KEY", QUESTION);
      assertThat(run.code()).as(llm).isEqualTo(ExitCodes.USAGE);
      assertThat(run.err())
          .isEqualTo("dbqa: the environment variable VLLM_KEY (from --api-key-env) is not set\n")
          .doesNotContain(ENV_KEY);
      assertThat(run.out()).isEmpty();
    }
    assertThat(server.requests).isEmpty();
  }

  @Test
  void openAiWithoutAnyKeyNamesBothWaysToGiveOne() {
    Cli.Run run = dbqa(Map.of(), "--url", sqlite, "--llm", "openai", "--base-url", server.root() + "/v1", QUESTION);
    assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("set OPENAI_API_KEY", "--api-key-env");
  }

  @Test
  void badValuesAreUsageErrors() {
    Map<List<String>, String> cases = new HashMap<>();
    cases.put(List.of("--base-url", "ftp://example.org/v1"), "--base-url must be an http:// or https:// URL");
    cases.put(List.of("--base-url", "localhost:8000/v1"), "--base-url must be an http:// or https:// URL");
    cases.put(List.of("--base-url", "http:///v1"), "--base-url must be an http:// or https:// URL");
    cases.put(List.of("--base-url", "not a url"), "(got 'not a url')");
    cases.put(List.of("--model", " "), "--model needs a model name");
    cases.put(List.of("--api-key-env", ""), "--api-key-env needs the name of an environment variable");
    cases.put(List.of("--llm", "offline", "--model", "gpt-4o"), "--model configures a model server, but --llm offline");
    cases.put(List.of("--llm", "offline", "--base-url", "http://localhost:8000/v1", "--api-key-env", "K"),
        "--base-url, --api-key-env configure a model server, but --llm offline uses none");
    cases.put(List.of("--llm", "ollama", "--api-key-env", "K"), "Ollama takes no API key");
    cases.put(List.of("--llm", "ollama", "--base-url", "http://localhost:11434/?x=1"),
        "--base-url for Ollama is the server's root URL");
    for (Map.Entry<List<String>, String> c : cases.entrySet()) {
      List<String> args = new ArrayList<>(List.of("--url", sqlite));
      if (!c.getKey().contains("--llm")) args.addAll(List.of("--llm", "openai"));
      args.addAll(c.getKey());
      args.add(QUESTION);
      Cli.Run run = dbqa(Map.of("OPENAI_API_KEY", ENV_KEY, "K", KEY), args.toArray(new String[0]));
      assertThat(run.code()).as(c.getKey().toString()).isEqualTo(ExitCodes.USAGE);
      assertThat(run.err()).as(c.getKey().toString()).startsWith("dbqa: ").contains(c.getValue());
      assertThat(run.all()).doesNotContain(ENV_KEY).doesNotContain(KEY);
    }
  }

  @Test
  void offlineWithoutServerOptionsStillWorks() throws Exception {
    Cli.Run run = dbqa(Map.of("OPENAI_API_KEY", ENV_KEY), "--url", sqlite, "--llm", "offline", "--format", "json",
        QUESTION);
    assertThat(run.code()).as(run.all()).isZero();
    assertThat(JSON.readTree(run.out()).get("generator").asText()).isEqualTo("rule-based");
  }

  @Test
  void optionsWorkBeforeAndAfterTheCommandNameAndInBatchAndInteractiveRuns() throws Exception {
    Map<String, String> env = Map.of("VLLM_KEY", KEY);
    String[] llm = {"--llm", "openai", "--base-url", server.root() + "/v1", "--model", "sql",
        "--api-key-env", "VLLM_KEY"};
    // the default command: a model named "sql" must not be taken for the sql command
    assertThat(Dbqa.withDefaultCommand(CliCredentialLeakTest.concat(llm, QUESTION)))
        .containsExactly(CliCredentialLeakTest.concat(new String[] {"ask"}, CliCredentialLeakTest.concat(llm, QUESTION)));
    Cli.Run single = dbqa(env, CliCredentialLeakTest.concat(llm, "--url", sqlite, QUESTION));
    assertThat(single.code()).as(single.all()).isZero();
    Cli.Run explicit = dbqa(env, CliCredentialLeakTest.concat(llm, "ask", "--url", sqlite, QUESTION));
    assertThat(explicit.code()).as(explicit.all()).isZero();
    Path batch = Files.writeString(dir.resolve("questions.txt"), QUESTION + "\n" + QUESTION + "\n");
    Cli.Run batchRun = dbqa(env, CliCredentialLeakTest.concat(llm, "--url", sqlite, "--batch", batch.toString()));
    assertThat(batchRun.code()).as(batchRun.all()).isZero();
    Cli.Run repl = Cli.withInput(env, QUESTION + "\nexit\n", CliCredentialLeakTest.concat(llm, "--url", sqlite));
    assertThat(repl.code()).as(repl.all()).isZero();

    assertThat(server.chats()).hasSize(5);
    assertThat(server.chats())
        .allSatisfy(r -> {
          assertThat(r.path()).isEqualTo("/v1/chat/completions");
          assertThat(r.model()).isEqualTo("sql");
          assertThat(r.authorization()).isEqualTo("Bearer " + KEY);
        });
  }

  @Test
  void helpListsTheOptions() {
    Cli.Run run = dbqa("ask", "--help");
    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("--base-url=URL", "--model=MODEL", "--api-key-env=VAR");
  }

  private static RecordingModelServer.Request onlyChat() {
    assertThat(server.chats()).hasSize(1);
    return server.chats().get(0);
  }
}
