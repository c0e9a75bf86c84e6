package io.github.dbqueryagent.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.dbqueryagent.ConfigurationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The builder's timeout and attempt timeout. */
class OpenAiTimeoutSettingsTest {
  private static final String KEY = "sk-timeout-test-SECRET-7";

  @Test
  void theAttemptTimeoutDefaultsToHalfTheTimeout() {
    try (OpenAiSqlGenerator g = OpenAiSqlGenerator.builder().apiKey(KEY).build()) {
      assertThat(g.timeout()).isEqualTo(Duration.ofSeconds(55));
      assertThat(g.attemptTimeout()).isEqualTo(Duration.ofMillis(27_500));
      assertThat(g.toString()).contains("attemptTimeout=PT27.5S");
    }
    try (OpenAiSqlGenerator g = OpenAiSqlGenerator.builder().apiKey(KEY).timeout(Duration.ofSeconds(20)).build()) {
      assertThat(g.attemptTimeout()).isEqualTo(Duration.ofSeconds(10));
    }
  }

  @Test
  void anAttemptTimeoutNotShorterThanTheTimeoutIsRejected() {
    ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
        () -> OpenAiSqlGenerator.builder().apiKey(KEY).timeout(Duration.ofSeconds(60))
            .attemptTimeout(Duration.ofSeconds(60)).build());

    assertThat(e.getMessage()).contains("attemptTimeout (PT1M) must be shorter than timeout (PT1M)")
        .doesNotContain(KEY);
  }

  @Test
  void aNonPositiveAttemptTimeoutIsRejectedWithTheOtherProblems() {
    ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
        () -> OpenAiSqlGenerator.builder().apiKey(KEY).attemptTimeout(Duration.ZERO).maxRetries(11).build());

    assertThat(e.getMessage()).contains("attemptTimeout must be positive").contains("maxRetries");
  }

  @Test
  void toBuilderKeepsAnExplicitAttemptTimeoutAndRecomputesADefaultOne() {
    try (OpenAiSqlGenerator explicit = OpenAiSqlGenerator.builder().apiKey(KEY)
            .attemptTimeout(Duration.ofSeconds(5)).build();
        OpenAiSqlGenerator derived = explicit.toBuilder().timeout(Duration.ofSeconds(90)).build();
        OpenAiSqlGenerator defaulted = OpenAiSqlGenerator.builder().apiKey(KEY).build();
        OpenAiSqlGenerator longer = defaulted.toBuilder().timeout(Duration.ofSeconds(90)).build()) {
      assertThat(derived.attemptTimeout()).isEqualTo(Duration.ofSeconds(5));
      assertThat(longer.attemptTimeout()).isEqualTo(Duration.ofSeconds(45));
    }
  }
}
