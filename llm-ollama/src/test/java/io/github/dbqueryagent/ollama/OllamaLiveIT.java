package io.github.dbqueryagent.ollama;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbqueryagent.ModelException;
import io.github.dbqueryagent.spi.GeneratedSql;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Talks to a real Ollama server, found through {@code OLLAMA_HOST} (default {@code localhost:11434}) with
 * the model of {@code DBQA_OLLAMA_MODEL} (default {@code llama3.1}). Skipped, saying why, when no server
 * answers or the model is not pulled.
 */
class OllamaLiveIT {

  @Test
  void aRealModelAnswersWithSqlOrAClarification() {
    OllamaSqlGenerator generator = OllamaSqlGenerator.fromEnvironment();
    Assumptions.assumeTrue(
        OllamaSqlGenerator.isReachable(generator.baseUrl(), Duration.ofSeconds(2)),
        "skipped: no Ollama server answers at " + generator.baseUrl() + " (start one with `ollama serve`)");

    GeneratedSql sql;
    try {
      sql = generator.generate(Requests.request("How many customers are there in each country?"));
    } catch (ModelException e) {
      Assumptions.assumeFalse(e.statusCode() == 404, "skipped: " + e.getMessage());
      throw e;
    }

    if (sql.clarification().isEmpty()) {
      assertThat(sql.sql()).matches("(?is)^(SELECT|WITH)\\b.*").containsIgnoringCase("customer");
      assertThat(sql.tokens().completion()).isPositive();
    }
  }
}
