package io.github.dbqueryagent.spi;

import io.github.dbqueryagent.TokenUsage;
import java.util.Objects;
import java.util.Optional;

/**
 * A generator's reply: SQL to run, or a clarification question when it is not confident.
 *
 * @param sql the proposed SQL, {@code ""} when {@code clarification} is present
 * @param explanation how the question was read, or {@code ""}
 * @param confidence 0.0 to 1.0
 * @param clarification the question back to the user, when the generator declines to guess
 * @param tokens model tokens used ({@link TokenUsage#NONE} offline)
 */
public record GeneratedSql(
    String sql, String explanation, double confidence, Optional<String> clarification, TokenUsage tokens) {

  /** Checks the components: exactly one of SQL and clarification. */
  public GeneratedSql {
    sql = sql == null ? "" : sql.strip();
    explanation = explanation == null ? "" : explanation;
    clarification = clarification == null ? Optional.empty() : clarification;
    tokens = tokens == null ? TokenUsage.NONE : tokens;
    if (sql.isEmpty() == clarification.isEmpty()) {
      throw new IllegalArgumentException("a generator returns either SQL or a clarification, not both or neither");
    }
    if (!(confidence >= 0.0 && confidence <= 1.0)) {
      throw new IllegalArgumentException("confidence must be between 0 and 1: " + confidence);
    }
  }

  /** Returns SQL with a confidence. */
  public static GeneratedSql of(String sql, String explanation, double confidence) {
    return new GeneratedSql(sql, explanation, confidence, Optional.empty(), TokenUsage.NONE);
  }

  /** Returns a copy with the given token usage (for model-backed generators). */
  public GeneratedSql withTokens(TokenUsage usage) {
    return new GeneratedSql(sql, explanation, confidence, clarification, usage);
  }

  /** Returns a clarification request. */
  public static GeneratedSql clarify(String clarification, String explanation) {
    Objects.requireNonNull(clarification, "clarification");
    return new GeneratedSql("", explanation, 0.0, Optional.of(clarification), TokenUsage.NONE);
  }
}
