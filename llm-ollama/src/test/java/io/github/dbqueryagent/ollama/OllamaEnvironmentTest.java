package io.github.dbqueryagent.ollama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbqueryagent.ConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OllamaEnvironmentTest {

  private static OllamaSqlGenerator fromEnv(Map<String, String> env) {
    return OllamaSqlGenerator.fromEnvironment(env::get);
  }

  @Test
  void unsetOrBlankVariablesKeepTheDefaults() {
    assertThat(fromEnv(Map.of()).baseUrl()).isEqualTo("http://localhost:11434");
    assertThat(fromEnv(Map.of()).model()).isEqualTo("llama3.1");
    assertThat(fromEnv(Map.of("OLLAMA_HOST", "  ", "DBQA_OLLAMA_MODEL", "")).toString())
        .isEqualTo(OllamaSqlGenerator.builder().build().toString());
  }

  @ParameterizedTest(name = "OLLAMA_HOST={0}")
  @CsvSource(delimiter = '|', value = {
    "ollama.internal:1234          | http://ollama.internal:1234",
    "http://ollama.internal:1234   | http://ollama.internal:1234",
    "ollama.internal               | http://ollama.internal:11434",
    "127.0.0.1                     | http://127.0.0.1:11434",
    "0.0.0.0                       | http://127.0.0.1:11434",
    "0.0.0.0:9000                  | http://127.0.0.1:9000",
    ":9999                         | http://localhost:9999",
    "http://ollama.internal        | http://ollama.internal:80",
    "https://ollama.example.com    | https://ollama.example.com:443",
    "HTTPS://Ollama.Example.com:8443/ollama/ | https://ollama.example.com:8443/ollama",
    "[::1]:1234                    | http://[::1]:1234",
    "::1                           | http://[::1]:11434",
    "[::]                          | http://[::1]:11434",
  })
  void ollamaHostIsReadLikeTheOllamaClientReadsIt(String host, String baseUrl) {
    assertThat(fromEnv(Map.of("OLLAMA_HOST", host)).baseUrl()).isEqualTo(baseUrl);
  }

  @Test
  void modelComesFromDbqaOllamaModel() {
    OllamaSqlGenerator generator = fromEnv(Map.of("DBQA_OLLAMA_MODEL", " qwen2.5-coder:7b "));

    assertThat(generator.model()).isEqualTo("qwen2.5-coder:7b");
    assertThat(generator.name()).isEqualTo("ollama:qwen2.5-coder:7b");
  }

  @ParameterizedTest(name = "OLLAMA_HOST={0}")
  @CsvSource(delimiter = '|', value = {
    "ftp://ollama.internal    | scheme must be http or https",
    "ollama.internal:99999    | invalid port '99999'",
    "ollama.internal:abc      | invalid port 'abc'",
    "[::1:1234                | closing ']'",
  })
  void unusableOllamaHostIsAConfigurationErrorNamingTheVariable(String host, String reason) {
    assertThatThrownBy(() -> fromEnv(Map.of("OLLAMA_HOST", host)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("OLLAMA_HOST '" + host + "'")
        .hasMessageContaining(reason);
  }

  @Test
  void everyBadVariableIsNamedAtOnce() {
    assertThatThrownBy(() -> fromEnv(Map.of("OLLAMA_HOST", "ftp://x", "DBQA_OLLAMA_MODEL", "llama 3")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("OLLAMA_HOST 'ftp://x'")
        .hasMessageContaining("DBQA_OLLAMA_MODEL 'llama 3'");
  }

  @Test
  void aGeneratorFromTheEnvironmentCanBeAdjusted() {
    OllamaSqlGenerator generator =
        fromEnv(Map.of("OLLAMA_HOST", "ollama.internal:1234")).toBuilder().stream(false).build();

    assertThat(generator.baseUrl()).isEqualTo("http://ollama.internal:1234");
    assertThat(generator.stream()).isFalse();
  }
}
