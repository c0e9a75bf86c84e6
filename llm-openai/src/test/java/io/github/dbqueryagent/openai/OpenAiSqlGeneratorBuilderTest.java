package io.github.dbqueryagent.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.dbqueryagent.ConfigurationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenAiSqlGeneratorBuilderTest {
  private static final String KEY = "sk-builder-test-SECRET-42";

  @Test
  void defaults() {
    try (OpenAiSqlGenerator g = OpenAiSqlGenerator.builder().apiKey(KEY).build()) {
      assertThat(g.baseUrl()).isEqualTo("https://api.openai.com/v1");
      assertThat(g.model()).isEqualTo("gpt-4o-mini");
      assertThat(g.name()).isEqualTo("openai:gpt-4o-mini");
      assertThat(g.timeout()).isEqualTo(Duration.ofSeconds(55));
      assertThat(g.temperature()).isZero();
      assertThat(g.maxRetries()).isEqualTo(2);
    }
  }

  @Test
  void missingApiKeyIsAConfigurationError() {
    ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
        () -> OpenAiSqlGenerator.builder().build());

    assertThat(e.getMessage()).contains("apiKey").contains("OPENAI_API_KEY");
  }

  @Test
  void reportsEveryBadPropertyAtOnceWithoutTheKey() {
    ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
        () -> OpenAiSqlGenerator.builder()
            .apiKey(KEY)
            .baseUrl("localhost:8080")
            .model(" ")
            .timeout(Duration.ZERO)
            .temperature(2.5)
            .maxRetries(-1)
            .build());

    assertThat(e.getMessage())
        .contains("baseUrl")
        .contains("model")
        .contains("timeout")
        .contains("temperature")
        .contains("maxRetries")
        .doesNotContain("apiKey")
        .doesNotContain(KEY);
  }

  @Test
  void masksCredentialsInToString() {
    OpenAiSqlGenerator.Builder builder =
        OpenAiSqlGenerator.builder().apiKey(KEY).baseUrl("https://user:pa55word@gateway.example/v1");
    try (OpenAiSqlGenerator g = builder.build()) {
      assertThat(g.toString()).doesNotContain(KEY).doesNotContain("pa55word").contains("apiKey=****")
          .contains("gateway.example");
      assertThat(builder.toString()).doesNotContain(KEY).doesNotContain("pa55word");
    }
    assertThat(OpenAiSqlGenerator.builder().toString()).contains("apiKey=<unset>");
  }

  @Test
  void readsTheEnvironment() {
    Map<String, String> env = Map.of(
        "OPENAI_API_KEY", KEY,
        "OPENAI_BASE_URL", "http://localhost:8000/v1/",
        "DBQA_OPENAI_MODEL", "qwen2.5-coder");
    try (OpenAiSqlGenerator g = OpenAiSqlGenerator.builder().fromEnvironment(env).build()) {
      assertThat(g.baseUrl()).isEqualTo("http://localhost:8000/v1");
      assertThat(g.name()).isEqualTo("openai:qwen2.5-coder");
    }
  }

  @Test
  void laterSettersOverrideTheEnvironmentAndBlankVariablesAreIgnored() {
    Map<String, String> env = Map.of("OPENAI_API_KEY", KEY, "OPENAI_BASE_URL", " ", "DBQA_OPENAI_MODEL", "env-model");
    try (OpenAiSqlGenerator g = OpenAiSqlGenerator.builder().fromEnvironment(env).model("explicit").build()) {
      assertThat(g.baseUrl()).isEqualTo(OpenAiSqlGenerator.DEFAULT_BASE_URL);
      assertThat(g.model()).isEqualTo("explicit");
    }
  }

  @Test
  void anEnvironmentWithoutKeyFailsToBuild() {
    ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
        () -> OpenAiSqlGenerator.builder().fromEnvironment(Map.of("DBQA_OPENAI_MODEL", "m")).build());

    assertThat(e.getMessage()).contains("OPENAI_API_KEY");
  }

  @Test
  void toBuilderKeepsTheSettings() {
    try (OpenAiSqlGenerator g = OpenAiSqlGenerator.builder().apiKey(KEY).model("a").temperature(0.5).build();
        OpenAiSqlGenerator h = g.toBuilder().model("b").build()) {
      assertThat(h.model()).isEqualTo("b");
      assertThat(h.temperature()).isEqualTo(0.5);
      assertThat(h.baseUrl()).isEqualTo(g.baseUrl());
    }
  }
}
